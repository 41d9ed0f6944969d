// Differential test of the set commands: seeded random sequences over a few
// keys and members, each reply compared with the real redis-server's (see
// differential.h). Whole-set replies are compared as multisets;
// SRANDMEMBER's random replies by shape. SPOP only runs where its effect is
// certain (a count covering the whole set, or an error), so both servers'
// sets stay the same.
#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "differential.h"

namespace ringkv::testing {
namespace {

using Command = std::vector<std::string>;

// Few keys and members: sets stay under 10 members (SSCAN answers whole on
// both servers) and the algebra commands meet overlapping sets. Keys without
// a shared tag land on both loops, so multi-key commands cross shards.
const std::vector<std::string> kKeys = {"a", "b", "c", "{t}d", "{t}e", "f"};
const std::vector<std::string> kMembers = {
    "1", "2", "10", "-3", "x", "", "x y", std::string("\x00\xff", 2), std::string(70, 'L')};
const std::vector<std::string> kCounts = {
    "0", "1", "2", "5", "-1", "-4", "-20", "x", "", "-9223372036854775808", "9223372036854775807"};

template <typename T>
const T& pick(std::mt19937_64& rng, const std::vector<T>& items) {
  return items[rng() % items.size()];
}

std::string pick(std::mt19937_64& rng, std::initializer_list<const char*> items) {
  return items.begin()[rng() % items.size()];
}

bool chance(std::mt19937_64& rng, int percent) { return static_cast<int>(rng() % 100) < percent; }
std::string key(std::mt19937_64& rng) { return pick(rng, kKeys); }
std::string member(std::mt19937_64& rng) { return pick(rng, kMembers); }

Command with_members(std::mt19937_64& rng, const char* name, size_t least, size_t most) {
  Command command = {name, key(rng)};
  for (size_t n = least + rng() % (most - least + 1); n > 0; --n) command.push_back(member(rng));
  return command;
}

// `name` followed by `least`..`most` keys.
Command with_keys(std::mt19937_64& rng, const char* name, size_t least, size_t most) {
  Command command = {name};
  for (size_t n = least + rng() % (most - least + 1); n > 0; --n) command.push_back(key(rng));
  return command;
}

Command sintercard_command(std::mt19937_64& rng) {
  size_t keys = 1 + rng() % 3;
  Command command = {"SINTERCARD"};
  // Now and then a numkeys that does not match the keys given.
  command.push_back(chance(rng, 10) ? pick(rng, {"0", "-1", "x", "5"}) : std::to_string(keys));
  for (size_t i = 0; i < keys; ++i) command.push_back(key(rng));
  if (chance(rng, 40)) {
    command.insert(command.end(),
                   {pick(rng, {"LIMIT", "limit"}), pick(rng, {"0", "1", "2", "-1", "x"})});
  }
  if (chance(rng, 5)) command.push_back(pick(rng, {"LIMIT", "BOGUS"}));
  return command;
}

// SPOP with an outcome both servers agree on: everything, nothing or an error.
Command spop_command(std::mt19937_64& rng) {
  Command command = {"SPOP", key(rng), pick(rng, {"100", "0", "-1", "x", "9223372036854775807"})};
  if (chance(rng, 5)) command.push_back("1");
  return command;
}

Command sscan_command(std::mt19937_64& rng) {
  // Only cursors that start an iteration (or are invalid): a resumed Redis
  // hashtable cursor names a bucket, which ringkv's cursors do not mirror.
  Command command = {"SSCAN", key(rng), pick(rng, {"0", "0", "x", "", "-"})};
  for (size_t n = rng() % 3; n > 0; --n) {
    switch (rng() % 4) {
      case 0:
        // COUNT stays at least 10: a small Redis hashtable then answers whole.
        command.insert(command.end(), {"COUNT", pick(rng, {"10", "100", "0", "x"})});
        break;
      case 1:
        command.insert(command.end(), {"MATCH", pick(rng, {"*", "x*", "?", "[12]*", "*L"})});
        break;
      case 2:
        command.push_back(pick(rng, {"COUNT", "MATCH"}));
        break;
      default:
        command.insert(command.end(), {"TYPE", "set"});
    }
  }
  return command;
}

Command set_command(std::mt19937_64& rng) {
  switch (rng() % 24) {
    case 0:
    case 1:
    case 2:
    case 3:
      return with_members(rng, "SADD", 1, 4);
    case 4:
    case 5:
      return with_members(rng, "SREM", 1, 3);
    case 6:
      return {"SCARD", key(rng)};
    case 7:
      return {"SISMEMBER", key(rng), member(rng)};
    case 8:
      return with_members(rng, "SMISMEMBER", 0, 3);
    case 9:
    case 10:
      return {"SMEMBERS", key(rng)};
    case 11:
      return spop_command(rng);
    case 12: {
      Command command = {"SRANDMEMBER", key(rng)};
      if (chance(rng, 70)) command.push_back(pick(rng, kCounts));
      return command;
    }
    case 13:
      return {"SMOVE", key(rng), key(rng), member(rng)};
    case 14:
      return with_keys(rng, "SINTER", 1, 3);
    case 15:
      return sintercard_command(rng);
    case 16:
      return with_keys(rng, "SUNION", 1, 3);
    case 17:
      return with_keys(rng, "SDIFF", 1, 3);
    case 18:
      return with_keys(rng, "SINTERSTORE", 2, 4);
    case 19:
      return with_keys(rng, "SUNIONSTORE", 2, 4);
    case 20:
      return with_keys(rng, "SDIFFSTORE", 2, 4);
    case 21:
      return sscan_command(rng);
    default:
      return with_members(rng, pick(rng, {"SADD", "SISMEMBER", "SCARD", "SMOVE"}).c_str(), 0, 3);
  }
}

// Generic commands over the same keys, and now and then a value of another
// type (DEL comes often enough that keys turn back into sets).
Command key_command(std::mt19937_64& rng) {
  switch (rng() % 11) {
    case 0:
    case 1:
    case 2:
      return {"DEL", key(rng)};
    case 3:
      return {"EXISTS", key(rng), key(rng)};
    case 4:
      return {"TYPE", key(rng)};
    case 5:
      return {"RENAME", key(rng), key(rng)};
    case 6:
      return {"COPY", key(rng), key(rng), "REPLACE"};
    case 7:
      return {"EXPIRE", key(rng), pick(rng, {"100", "1000", "0"})};
    case 8:
      return {"SET", key(rng), member(rng)};
    case 9:
      return {"HSET", key(rng), member(rng), "v"};
    default:
      return {"RPUSH", key(rng), member(rng)};
  }
}

Command next_command(std::mt19937_64& rng) {
  return static_cast<int>(rng() % 100) < 90 ? set_command(rng) : key_command(rng);
}

// A random reply compared by its shape: type and length.
std::string shape(const Reply& reply) {
  if (reply.type == Reply::kError || reply.type == Reply::kNull || reply.type == Reply::kInteger) {
    return reply.debug();
  }
  if (reply.type == Reply::kBulk) return "bulk";
  return (reply.type == Reply::kSet ? "~" : "*") + std::to_string(reply.elements.size());
}

// A whole-set reply as a multiset, keeping its type (a RESP3 set or an
// array), which `unordered` alone does not tell.
std::string typed_unordered(const Reply& reply) {
  const char* type = reply.type == Reply::kSet ? "~" : reply.type == Reply::kArray ? "*" : "";
  return type + unordered(reply);
}

// SSCAN: the cursor exactly, the members as a multiset.
std::string scan_members(const Reply& reply) {
  if (reply.type != Reply::kArray || reply.elements.size() != 2) return reply.debug();
  return reply.elements[0].debug() + " " + unordered(reply.elements[1]);
}

DifferentialOptions options() {
  DifferentialOptions options;
  options.seeds = {1, 2, 3, 4};
  options.steps = 3000;
  options.time_budget = std::chrono::seconds(6);  // the whole file stays under a minute
  for (const char* name : {"SMEMBERS", "SINTER", "SUNION", "SDIFF", "SPOP"}) {
    options.compare[name] = typed_unordered;
  }
  options.compare["SRANDMEMBER"] = shape;
  options.compare["SSCAN"] = scan_members;
  return options;
}

TEST(DifferentialSetsTest, RandomCommandsMatchRedis) {
  expect_same_as_redis(next_command, options());
}

TEST(DifferentialSetsTest, RandomCommandsMatchRedisInResp3) {
  DifferentialOptions resp3 = options();
  resp3.protocol = 3;
  resp3.seeds = {101, 102};
  expect_same_as_redis(next_command, resp3);
}

}  // namespace
}  // namespace ringkv::testing
