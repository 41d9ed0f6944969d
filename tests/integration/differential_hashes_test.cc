// Differential test of the hash commands: seeded random sequences over a few
// keys, fields and values, each reply compared with the real redis-server's
// (see differential.h). Whole-hash replies are compared as multisets;
// HRANDFIELD's random replies by shape (type, length, nesting).
#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "differential.h"

namespace ringkv::testing {
namespace {

using Command = std::vector<std::string>;

// Few keys and fields, so commands keep meeting the same hashes (and keys
// of other types); hashes stay under 10 fields, so HSCAN answers whole on
// both servers.
const std::vector<std::string> kKeys = {"a", "b", "c", "{t}d", "{t}e"};
const std::vector<std::string> kFields = {
    "f", "g", "h", "1", "", "x y", std::string("\x00\xff", 2), std::string(70, 'L')};
const std::vector<std::string> kValues = {"",
                                          "0",
                                          "1",
                                          "-5",
                                          "42",
                                          "1.5",
                                          "abc",
                                          " 1",
                                          "01",
                                          "1e3",
                                          "9223372036854775807",
                                          "-9223372036854775808",
                                          std::string("7\x00", 2),
                                          std::string(80, 'v')};
const std::vector<std::string> kIncrements = {
    "1", "-1", "10", "-100", "9223372036854775807", "-9223372036854775808", "0", "x", "1.5", ""};
const std::vector<std::string> kFloatIncrements = {
    "1", "0.1", "-2.5", "1e3", "inf", "-inf", "nan", "abc", "", "3e-5", "1e400", "-0", "1e4933"};
const std::vector<std::string> kCounts = {"0",
                                          "1",
                                          "2",
                                          "5",
                                          "100",
                                          "-1",
                                          "-3",
                                          "-20",
                                          "x",
                                          "",
                                          "-9223372036854775808",
                                          "9223372036854775807",
                                          "4611686018427387904"};

template <typename T>
const T& pick(std::mt19937_64& rng, const std::vector<T>& items) {
  return items[rng() % items.size()];
}

std::string pick(std::mt19937_64& rng, std::initializer_list<const char*> items) {
  return items.begin()[rng() % items.size()];
}

bool chance(std::mt19937_64& rng, int percent) { return static_cast<int>(rng() % 100) < percent; }
std::string key(std::mt19937_64& rng) { return pick(rng, kKeys); }
std::string field(std::mt19937_64& rng) { return pick(rng, kFields); }
std::string value(std::mt19937_64& rng) { return pick(rng, kValues); }

// `name key` followed by 0..most random fields.
Command with_fields(std::mt19937_64& rng, const char* name, size_t least, size_t most) {
  Command command = {name, key(rng)};
  for (size_t n = least + rng() % (most - least + 1); n > 0; --n) command.push_back(field(rng));
  return command;
}

Command hset_command(std::mt19937_64& rng) {
  Command command = {pick(rng, {"HSET", "HMSET", "hset"}), key(rng)};
  for (size_t n = 1 + rng() % 3; n > 0; --n) {
    command.push_back(field(rng));
    command.push_back(value(rng));
  }
  if (chance(rng, 5)) command.pop_back();  // a field without its value
  return command;
}

Command hrandfield_command(std::mt19937_64& rng) {
  Command command = {"HRANDFIELD", key(rng)};
  if (chance(rng, 70)) command.push_back(pick(rng, kCounts));
  if (command.size() == 3 && chance(rng, 50)) {
    command.push_back(pick(rng, {"WITHVALUES", "withvalues", "WITHVALUE"}));
  }
  if (chance(rng, 3)) command.push_back("extra");
  return command;
}

Command hscan_command(std::mt19937_64& rng) {
  // Only cursors that start an iteration (or are invalid): a resumed Redis
  // hashtable cursor names a bucket, which ringkv's cursors do not mirror.
  Command command = {"HSCAN", key(rng), pick(rng, {"0", "0", "0", "x", "", " 0", "0x"})};
  for (size_t n = rng() % 3; n > 0; --n) {
    switch (rng() % 4) {
      case 0:
        // COUNT stays at least 10: a small Redis hashtable then answers whole.
        command.insert(command.end(), {"COUNT", pick(rng, {"10", "100", "0", "x", "-1"})});
        break;
      case 1:
        command.insert(command.end(),
                       {"MATCH", pick(rng, {"*", "f*", "?", "[fg]", "x\\ y", "*L"})});
        break;
      case 2:
        command.push_back(pick(rng, {"COUNT", "MATCH", "TYPE"}));
        break;
      default:
        command.insert(command.end(), {"TYPE", "hash"});
    }
  }
  return command;
}

Command hash_command(std::mt19937_64& rng) {
  switch (rng() % 22) {
    case 0:
    case 1:
    case 2:
      return hset_command(rng);
    case 3:
      return {"HSETNX", key(rng), field(rng), value(rng)};
    case 4:
    case 5:
      return {"HGET", key(rng), field(rng)};
    case 6:
      return with_fields(rng, "HMGET", 1, 4);
    case 7:
    case 8:
      return with_fields(rng, "HDEL", 1, 4);
    case 9:
      return {"HLEN", key(rng)};
    case 10:
      return {"HSTRLEN", key(rng), field(rng)};
    case 11:
      return {"HEXISTS", key(rng), field(rng)};
    case 12:
      return {"HKEYS", key(rng)};
    case 13:
      return {"HVALS", key(rng)};
    case 14:
    case 15:
      return {"HGETALL", key(rng)};
    case 16:
    case 17:
      return {"HINCRBY", key(rng), field(rng), pick(rng, kIncrements)};
    case 18:
      return {"HINCRBYFLOAT", key(rng), field(rng), pick(rng, kFloatIncrements)};
    case 19:
      return hrandfield_command(rng);
    case 20:
      return hscan_command(rng);
    default:
      return with_fields(rng, pick(rng, {"HGET", "HSETNX", "HSTRLEN", "HINCRBY"}).c_str(), 0, 4);
  }
}

// Generic commands over the same keys, and now and then a value of another
// type (DEL comes often enough that keys turn back into hashes).
Command key_command(std::mt19937_64& rng) {
  switch (rng() % 12) {
    case 0:
    case 10:
    case 11:
      return {"DEL", key(rng)};
    case 1:
      return {"EXISTS", key(rng), key(rng)};
    case 2:
      return {"TYPE", key(rng)};
    case 3:
      return {"RENAME", key(rng), key(rng)};
    case 4:
      return {"COPY", key(rng), key(rng), "REPLACE"};
    case 5:
      return {"EXPIRE", key(rng), pick(rng, {"100", "1000", "0", "-1"})};
    case 6:
      return {"TTL", key(rng)};
    case 7:
      return {"SET", key(rng), value(rng)};
    case 8:
      return {"SADD", key(rng), field(rng)};
    default:
      return {"RPUSH", key(rng), value(rng)};
  }
}

Command next_command(std::mt19937_64& rng) {
  return static_cast<int>(rng() % 100) < 88 ? hash_command(rng) : key_command(rng);
}

// A random reply compared by its shape: type, length, and the same for
// each element (so RESP3's nested WITHVALUES pairs are checked).
std::string shape(const Reply& reply) {
  if (reply.type == Reply::kError || reply.type == Reply::kNull || reply.type == Reply::kInteger) {
    return reply.debug();
  }
  if (reply.type == Reply::kBulk) return "bulk";
  std::string out = "[" + std::to_string(reply.elements.size()) + ":";
  for (const Reply& element : reply.elements) out += shape(element) + ",";
  return out + "]";
}

// HSCAN: the cursor exactly, the field/value pairs as a multiset.
std::string scan_pairs(const Reply& reply) {
  if (reply.type != Reply::kArray || reply.elements.size() != 2) return reply.debug();
  return reply.elements[0].debug() + " " + unordered_pairs(reply.elements[1]);
}

DifferentialOptions options() {
  DifferentialOptions options;
  options.seeds = {1, 2, 3, 4};
  options.steps = 3000;
  options.time_budget = std::chrono::seconds(6);  // the whole file stays under a minute
  options.compare["HGETALL"] = unordered_pairs;
  options.compare["HKEYS"] = unordered;
  options.compare["HVALS"] = unordered;
  options.compare["HRANDFIELD"] = shape;
  options.compare["HSCAN"] = scan_pairs;
  options.compare["TTL"] = ttl_class;
  return options;
}

TEST(DifferentialHashesTest, RandomCommandsMatchRedis) {
  expect_same_as_redis(next_command, options());
}

TEST(DifferentialHashesTest, RandomCommandsMatchRedisInResp3) {
  DifferentialOptions resp3 = options();
  resp3.protocol = 3;
  resp3.seeds = {101, 102};
  expect_same_as_redis(next_command, resp3);
}

}  // namespace
}  // namespace ringkv::testing
