// Differential test of the list commands: seeded random sequences over a
// few keys and elements, each reply compared with the real redis-server's
// (see differential.h). Lists grow long enough (pushes of several
// elements, few pops) for LINSERT and LREM to shift either side, and
// LRANGE 0 -1 keeps checking whole contents.
#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "differential.h"

namespace ringkv::testing {
namespace {

using Command = std::vector<std::string>;

// Few keys (some sharing a hash tag, some not), so moves cross shards and
// commands keep meeting the same lists and each other's types.
const std::vector<std::string> kKeys = {"a", "b", "c", "{t}d", "{t}e"};
// Few distinct elements, so LPOS, LREM and LINSERT find matches.
const std::vector<std::string> kElements = {"x", "y", "z", "x", "", "1", "-1", "hello world",
                                            std::string("\x00\xff", 2)};
const std::vector<std::string> kIndexes = {"0",  "1",   "2",    "3",   "5",  "-1", "-2",
                                           "-3", "-10", "100",  "-100", "x", "1.5",
                                           "9223372036854775807", "-9223372036854775808"};
const std::vector<std::string> kCounts = {"0", "1", "2", "3", "10", "-1", "-2", "x",
                                          "9223372036854775807"};

template <typename T>
const T& pick(std::mt19937_64& rng, const std::vector<T>& items) {
  return items[rng() % items.size()];
}

std::string pick(std::mt19937_64& rng, std::initializer_list<const char*> items) {
  return items.begin()[rng() % items.size()];
}

std::string key(std::mt19937_64& rng) { return pick(rng, kKeys); }
std::string element(std::mt19937_64& rng) { return pick(rng, kElements); }
std::string index(std::mt19937_64& rng) { return pick(rng, kIndexes); }
bool chance(std::mt19937_64& rng, int percent) { return static_cast<int>(rng() % 100) < percent; }
std::string end(std::mt19937_64& rng) {
  return chance(rng, 5) ? pick(rng, {"UP", "middle"}) : pick(rng, {"LEFT", "RIGHT", "left"});
}

Command push(std::mt19937_64& rng) {
  Command command = {pick(rng, {"LPUSH", "RPUSH", "LPUSH", "RPUSH", "LPUSHX", "RPUSHX"}),
                     key(rng)};
  // Now and then a long push, so searches and shifts meet longer lists.
  size_t count = chance(rng, 10) ? 10 + rng() % 30 : 1 + rng() % 5;
  for (size_t n = count; n > 0; --n) command.push_back(element(rng));
  return command;
}

Command pop(std::mt19937_64& rng) {
  Command command = {pick(rng, {"LPOP", "RPOP"}), key(rng)};
  if (chance(rng, 50)) command.push_back(pick(rng, kCounts));
  if (chance(rng, 3)) command.push_back("1");  // arity error
  return command;
}

Command lpos(std::mt19937_64& rng) {
  static const std::vector<Command> kOptions = {
      {"RANK", "1"},   {"RANK", "2"},    {"RANK", "-1"},   {"RANK", "-3"},
      {"RANK", "0"},   {"RANK", "x"},    {"COUNT", "0"},   {"COUNT", "1"},
      {"COUNT", "2"},  {"COUNT", "-1"},  {"MAXLEN", "0"},  {"MAXLEN", "2"},
      {"MAXLEN", "5"}, {"MAXLEN", "-1"}, {"BOGUS", "1"},   {"COUNT"},
      {"RANK", "-9223372036854775808"}};
  Command command = {"LPOS", key(rng), element(rng)};
  for (size_t n = rng() % 3; n > 0; --n) {
    const Command& option = pick(rng, kOptions);
    command.insert(command.end(), option.begin(), option.end());
  }
  return command;
}

Command lmpop(std::mt19937_64& rng) {
  size_t keys = 1 + rng() % 3;
  std::string numkeys = std::to_string(keys);
  if (chance(rng, 5)) numkeys = pick(rng, {"0", "-1", "x", "10"});
  Command command = {"LMPOP", numkeys};
  for (size_t i = 0; i < keys; ++i) command.push_back(key(rng));
  command.push_back(end(rng));
  if (chance(rng, 50)) command.insert(command.end(), {"COUNT", pick(rng, kCounts)});
  if (chance(rng, 3)) command.push_back("COUNT");
  return command;
}

Command list_command(std::mt19937_64& rng) {
  switch (rng() % 16) {
    case 0:
    case 1:
    case 2:
      return push(rng);
    case 3:
      return pop(rng);
    case 4:
      return {"LLEN", key(rng)};
    case 5:
    case 6:
      return {"LRANGE", key(rng), index(rng), index(rng)};
    case 7:
      return {"LINDEX", key(rng), index(rng)};
    case 8:
      return {"LSET", key(rng), index(rng), element(rng)};
    case 9:
      return {"LINSERT", key(rng), pick(rng, {"BEFORE", "AFTER", "after", "AROUND"}),
              element(rng), element(rng)};
    case 10:
      return {"LREM", key(rng), pick(rng, kCounts), element(rng)};
    case 11:
      return {"LTRIM", key(rng), index(rng), index(rng)};
    case 12:
      return lpos(rng);
    case 13:
      return {"RPOPLPUSH", key(rng), key(rng)};
    case 14:
      return {"LMOVE", key(rng), key(rng), end(rng), end(rng)};
    default:
      return lmpop(rng);
  }
}

// Whole contents, type changes and generic key commands on lists.
Command other_command(std::mt19937_64& rng) {
  switch (rng() % 9) {
    case 0:
    case 1:
    case 2:
      return {"LRANGE", key(rng), "0", "-1"};
    case 3:
      // Rare: another type stays until DEL, RENAME or COPY REPLACE.
      if (chance(rng, 25)) return {"SET", key(rng), element(rng)};
      return {"DEL", key(rng)};
    case 4:
      if (chance(rng, 25)) return {"SADD", key(rng), element(rng)};
      return {"LLEN", key(rng)};
    case 5:
      return {"DEL", key(rng)};
    case 6:
      return {"TYPE", key(rng)};
    case 7: {
      Command c = {"COPY", key(rng), key(rng)};
      if (chance(rng, 50)) c.push_back("REPLACE");
      return c;
    }
    default:
      return {pick(rng, {"RENAME", "RENAMENX"}), key(rng), key(rng)};
  }
}

Command next_command(std::mt19937_64& rng) {
  return chance(rng, 85) ? list_command(rng) : other_command(rng);
}

DifferentialOptions options() {
  DifferentialOptions options;
  options.seeds = {1, 2, 3, 4};
  options.steps = 3000;
  options.time_budget = std::chrono::seconds(6);  // the whole file stays under a minute
  return options;
}

TEST(DifferentialListsTest, RandomCommandsMatchRedis) {
  expect_same_as_redis(next_command, options());
}

TEST(DifferentialListsTest, RandomCommandsMatchRedisInResp3) {
  DifferentialOptions resp3 = options();
  resp3.protocol = 3;
  resp3.seeds = {101, 102};
  expect_same_as_redis(next_command, resp3);
}

// One thread: every key in one shard, so LMOVE and RPOPLPUSH take the
// single-loop path instead of the exclusive one.
TEST(DifferentialListsTest, RandomCommandsMatchRedisOnOneThread) {
  DifferentialOptions single = options();
  single.seeds = {201};
  single.server_args = {"--threads", "1"};
  expect_same_as_redis(next_command, single);
}

}  // namespace
}  // namespace ringkv::testing
