// Differential test of the sorted-set commands: seeded random sequences
// over a few keys, members and scores (including NaN, inf, -0, bad floats,
// exclusive and lex ranges, mixed scores under BYLEX), each reply compared
// with the real redis-server's (see differential.h). Sets stay far below
// 128 members, so Redis keeps them in its listpack encoding, whose orders
// (ZSCAN, lex walks over mixed scores) ringkv reproduces.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "differential.h"

namespace ringkv::testing {
namespace {

using Command = std::vector<std::string>;

const std::vector<std::string> kKeys = {"z1", "z2", "{t}z3", "s1", "str"};
const std::vector<std::string> kMembers = {"a", "b", "c", "d", "e", "", "aa", "b c",
                                           std::string("\x00\xff", 2)};
const std::vector<std::string> kScores = {"0",   "1",   "-1",   "1.5", "-2.5", "3",   "2",
                                          "inf", "-inf", "+inf", "1e3", "0.1",  "-0",  "0x10",
                                          "nan", "abc", "",      " 1", "1e400", "7"};
const std::vector<std::string> kScoreBounds = {"-inf", "+inf", "inf", "0",  "1",   "(1",  "(0",
                                               "2",    "(3",   "-1",  "1.5", "(-inf", "x", "(",
                                               "",     "nan",  " 2",  "0x2", "1e400", "(+inf"};
const std::vector<std::string> kLexBounds = {"-",  "+",  "[a", "(a", "[b",  "(c", "[d", "[",
                                             "(",  "[e", "a",  "+x", "[aa", "(b c", "-", "+"};
const std::vector<std::string> kRanks = {"0",  "1",  "2", "-1", "-2", "-3", "5",
                                         "10", "-10", "x", "3",  "-100", "9223372036854775807"};
const std::vector<std::string> kCounts = {"0", "1", "2", "3", "5", "10", "-1", "-3", "x", "100"};

template <typename T>
const T& pick(std::mt19937_64& rng, const std::vector<T>& items) {
  return items[rng() % items.size()];
}

std::string pick(std::mt19937_64& rng, std::initializer_list<const char*> items) {
  return items.begin()[rng() % items.size()];
}

bool chance(std::mt19937_64& rng, int percent) { return static_cast<int>(rng() % 100) < percent; }
// Mostly sorted sets; now and then the set or the string.
std::string key(std::mt19937_64& rng) {
  return chance(rng, 85) ? pick(rng, {"z1", "z2", "{t}z3"}) : pick(rng, kKeys);
}
std::string member(std::mt19937_64& rng) { return pick(rng, kMembers); }
// Mostly valid scores, sometimes not.
std::string score(std::mt19937_64& rng) {
  if (chance(rng, 80)) return pick(rng, {"0", "1", "2", "3", "-1", "1.5", "0.1", "7", "-2.5"});
  return pick(rng, kScores);
}

Command zadd_command(std::mt19937_64& rng) {
  Command command = {"ZADD", key(rng)};
  static const std::vector<std::string> kFlags = {"NX", "XX", "GT", "LT", "CH", "INCR", "nx"};
  if (chance(rng, 30)) {
    for (size_t n = 1 + rng() % 2; n > 0; --n) command.push_back(pick(rng, kFlags));
  }
  for (size_t n = 1 + rng() % 3; n > 0; --n) {
    command.push_back(score(rng));
    command.push_back(member(rng));
  }
  if (chance(rng, 3)) command.pop_back();
  return command;
}

// ZRANGE's modern form with random options, valid or not.
Command zrange_command(std::mt19937_64& rng) {
  int kind = static_cast<int>(rng() % 3);  // rank, score, lex
  bool store = chance(rng, 20);
  Command command =
      store ? Command{"ZRANGESTORE", key(rng), key(rng)} : Command{"ZRANGE", key(rng)};
  const auto& bounds = kind == 0 ? kRanks : (kind == 1 ? kScoreBounds : kLexBounds);
  command.push_back(pick(rng, bounds));
  command.push_back(pick(rng, bounds));
  if (kind == 1) command.push_back(chance(rng, 90) ? "BYSCORE" : "BYLEX");
  if (kind == 2) command.push_back(chance(rng, 90) ? "BYLEX" : "byscore");
  if (chance(rng, 40)) command.push_back("REV");
  if (chance(rng, 30)) {
    command.insert(command.end(), {"LIMIT", pick(rng, kCounts), pick(rng, kCounts)});
  }
  if (chance(rng, kind == 2 ? 5 : 40)) command.push_back("WITHSCORES");
  if (chance(rng, 3)) command.push_back(pick(rng, {"REV", "BOGUS", "LIMIT"}));
  return command;
}

// The older range commands.
Command legacy_range_command(std::mt19937_64& rng) {
  switch (rng() % 5) {
    case 0: {
      Command c = {pick(rng, {"ZRANGEBYSCORE", "ZREVRANGEBYSCORE"}), key(rng),
                   pick(rng, kScoreBounds), pick(rng, kScoreBounds)};
      if (chance(rng, 40)) c.push_back("WITHSCORES");
      if (chance(rng, 30)) c.insert(c.end(), {"LIMIT", pick(rng, kCounts), pick(rng, kCounts)});
      return c;
    }
    case 1: {
      Command c = {pick(rng, {"ZRANGEBYLEX", "ZREVRANGEBYLEX"}), key(rng), pick(rng, kLexBounds),
                   pick(rng, kLexBounds)};
      if (chance(rng, 30)) c.insert(c.end(), {"LIMIT", pick(rng, kCounts), pick(rng, kCounts)});
      return c;
    }
    case 2: {
      Command c = {"ZREVRANGE", key(rng), pick(rng, kRanks), pick(rng, kRanks)};
      if (chance(rng, 40)) c.push_back("WITHSCORES");
      return c;
    }
    case 3:
      return {"ZCOUNT", key(rng), pick(rng, kScoreBounds), pick(rng, kScoreBounds)};
    default:
      return {"ZLEXCOUNT", key(rng), pick(rng, kLexBounds), pick(rng, kLexBounds)};
  }
}

Command remove_command(std::mt19937_64& rng) {
  switch (rng() % 6) {
    case 0:
      return {"ZREMRANGEBYRANK", key(rng), pick(rng, kRanks), pick(rng, kRanks)};
    case 1:
      return {"ZREMRANGEBYSCORE", key(rng), pick(rng, kScoreBounds), pick(rng, kScoreBounds)};
    case 2:
      return {"ZREMRANGEBYLEX", key(rng), pick(rng, kLexBounds), pick(rng, kLexBounds)};
    case 3: {
      Command c = {pick(rng, {"ZPOPMIN", "ZPOPMAX"}), key(rng)};
      if (chance(rng, 60)) c.push_back(pick(rng, kCounts));
      if (chance(rng, 3)) c.push_back("1");
      return c;
    }
    case 4: {
      size_t keys = rng() % 4;
      Command c = {"ZMPOP", chance(rng, 90) ? std::to_string(keys) : pick(rng, {"x", "-1"})};
      for (size_t i = 0; i < keys; ++i) c.push_back(key(rng));
      c.push_back(pick(rng, {"MIN", "MAX", "min", "mid"}));
      if (chance(rng, 50)) c.insert(c.end(), {"COUNT", pick(rng, kCounts)});
      return c;
    }
    default: {
      Command c = {"ZREM", key(rng)};
      for (size_t n = 1 + rng() % 3; n > 0; --n) c.push_back(member(rng));
      return c;
    }
  }
}

// ZUNION ZINTER ZDIFF ZINTERCARD and the *STORE forms.
Command algebra_command(std::mt19937_64& rng) {
  static const std::vector<std::string> kNames = {"ZUNION",      "ZINTER",      "ZDIFF",
                                                  "ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE",
                                                  "ZINTERCARD"};
  std::string name = pick(rng, kNames);
  Command c = {name};
  if (name.ends_with("STORE")) c.push_back(key(rng));
  size_t keys = 1 + rng() % 3;
  c.push_back(chance(rng, 95) ? std::to_string(keys) : pick(rng, {"0", "x", "9"}));
  for (size_t i = 0; i < keys; ++i) c.push_back(key(rng));
  if (chance(rng, 35)) {
    c.push_back("WEIGHTS");
    for (size_t i = 0; i < keys; ++i) {
      c.push_back(pick(rng, {"1", "2", "0.5", "-1", "0", "inf", "x"}));
    }
  }
  if (chance(rng, 35)) c.insert(c.end(), {"AGGREGATE", pick(rng, {"SUM", "MIN", "MAX", "avg"})});
  if (chance(rng, 35)) c.push_back("WITHSCORES");
  if (chance(rng, 20)) c.insert(c.end(), {"LIMIT", pick(rng, {"0", "1", "2", "-1", "x"})});
  return c;
}

Command read_command(std::mt19937_64& rng) {
  switch (rng() % 7) {
    case 0:
      return {"ZCARD", key(rng)};
    case 1:
      return {"ZSCORE", key(rng), member(rng)};
    case 2: {
      Command c = {"ZMSCORE", key(rng)};
      for (size_t n = 1 + rng() % 3; n > 0; --n) c.push_back(member(rng));
      return c;
    }
    case 3:
      return {pick(rng, {"ZRANK", "ZREVRANK"}), key(rng), member(rng)};
    case 4: {
      Command c = {"ZRANDMEMBER", key(rng)};
      if (chance(rng, 70)) c.push_back(pick(rng, kCounts));
      if (chance(rng, 30)) c.push_back(pick(rng, {"WITHSCORES", "withscores", "BOGUS"}));
      return c;
    }
    case 5: {
      Command c = {"ZSCAN", key(rng), chance(rng, 90) ? "0" : pick(rng, {"x", "-1", "12"})};
      if (chance(rng, 30)) c.insert(c.end(), {"MATCH", pick(rng, {"*", "a*", "?", "[bc]*"})});
      if (chance(rng, 30)) c.insert(c.end(), {"COUNT", pick(rng, {"1", "5", "0", "x"})});
      if (chance(rng, 3)) c.push_back("TYPE");
      return c;
    }
    default:
      return {"ZINCRBY", key(rng), score(rng), member(rng)};
  }
}

// Other types and generic commands, so zset commands meet WRONGTYPE,
// set inputs and vanished keys.
Command other_command(std::mt19937_64& rng) {
  switch (rng() % 6) {
    case 0:
      return {"SADD", pick(rng, {"s1", "z2"}), member(rng), member(rng)};
    case 1:
      return {"SET", chance(rng, 80) ? "str" : "z1", "v"};
    case 2:
      return {"DEL", key(rng)};
    case 3:
      return {"TYPE", key(rng)};
    case 4:
      return {"EXISTS", key(rng)};
    default:
      return {pick(rng, {"RENAME", "COPY"}), key(rng), key(rng)};
  }
}

Command next_command(std::mt19937_64& rng) {
  int roll = static_cast<int>(rng() % 100);
  if (roll < 28) return zadd_command(rng);
  if (roll < 42) return zrange_command(rng);
  if (roll < 52) return legacy_range_command(rng);
  if (roll < 62) return remove_command(rng);
  if (roll < 72) return algebra_command(rng);
  if (roll < 95) return read_command(rng);
  return other_command(rng);
}

// ---- big sets ----
// Sets of hundreds to thousands of members (Redis's skiplist encoding):
// ranks deep inside, score and lex ranges, removals spanning chunks. Lex
// commands only meet "lex", whose scores are all 0: over mixed scores
// Redis's skiplist walk differs from its listpack walk.

std::string big_member(std::mt19937_64& rng) { return "m" + std::to_string(rng() % 3000); }

std::string big_score(std::mt19937_64& rng) {
  switch (rng() % 4) {
    case 0:
      return std::to_string(rng() % 100);
    case 1:
      return std::to_string(static_cast<int>(rng() % 2000) - 1000) + "." +
             std::to_string(rng() % 1000);
    case 2:
      return pick(rng, {"inf", "-inf", "0", "1e10", "-1e-10"});
    default:
      return std::to_string(rng() % 5);  // many equal scores
  }
}

std::string big_rank(std::mt19937_64& rng) {
  return std::to_string(static_cast<int64_t>(rng() % 4000) - 2000);
}

std::string big_bound(std::mt19937_64& rng) {
  std::string bound = rng() % 3 == 0 ? "(" : "";
  if (rng() % 8 == 0) return bound + pick(rng, {"-inf", "+inf"});
  return bound + std::to_string(static_cast<int>(rng() % 220) - 110);
}

std::string lex_bound(std::mt19937_64& rng) {
  if (rng() % 10 == 0) return pick(rng, {"-", "+"});
  return std::string(rng() % 2 ? "[" : "(") + big_member(rng);
}

Command big_command(std::mt19937_64& rng) {
  switch (rng() % 16) {
    case 0:
    case 1:
    case 2: {
      Command c = {"ZADD", "big"};
      for (int i = 0; i < 40; ++i) c.insert(c.end(), {big_score(rng), big_member(rng)});
      return c;
    }
    case 3: {
      Command c = {"ZADD", "{big}lex"};
      for (int i = 0; i < 40; ++i) c.insert(c.end(), {"0", big_member(rng)});
      return c;
    }
    case 4: {
      Command c = {"ZRANGE", "big", big_rank(rng), big_rank(rng)};
      if (chance(rng, 50)) c.push_back("REV");
      if (chance(rng, 50)) c.push_back("WITHSCORES");
      return c;
    }
    case 5: {
      Command c = {pick(rng, {"ZRANGEBYSCORE", "ZREVRANGEBYSCORE"}), "big", big_bound(rng),
                   big_bound(rng), "WITHSCORES"};
      if (chance(rng, 60)) c.insert(c.end(), {"LIMIT", big_rank(rng), big_rank(rng)});
      return c;
    }
    case 6:
      return {pick(rng, {"ZRANK", "ZREVRANK"}), "big", big_member(rng)};
    case 7:
      return {"ZCOUNT", "big", big_bound(rng), big_bound(rng)};
    case 8: {
      Command c = {pick(rng, {"ZRANGEBYLEX", "ZREVRANGEBYLEX"}), "{big}lex", lex_bound(rng),
                   lex_bound(rng)};
      if (chance(rng, 60)) c.insert(c.end(), {"LIMIT", big_rank(rng), big_rank(rng)});
      return c;
    }
    case 9:
      return {"ZLEXCOUNT", "{big}lex", lex_bound(rng), lex_bound(rng)};
    case 10: {
      std::string start = std::to_string(rng() % 1500);
      return {"ZREMRANGEBYRANK", pick(rng, {"big", "{big}lex"}), start,
              std::to_string(std::stoi(start) + static_cast<int>(rng() % 1200))};
    }
    case 11:
      return chance(rng, 50) ? Command{"ZREMRANGEBYSCORE", "big", big_bound(rng), big_bound(rng)}
                             : Command{"ZREMRANGEBYLEX", "{big}lex", lex_bound(rng),
                                       lex_bound(rng)};
    case 12:
      return {pick(rng, {"ZPOPMIN", "ZPOPMAX"}), pick(rng, {"big", "{big}lex"}),
              std::to_string(rng() % 50)};
    case 13:
      return {pick(rng, {"ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"}), "{big}dst", "2", "big",
              "{big}lex"};
    case 14:
      return {"ZMSCORE", "big", big_member(rng), big_member(rng)};
    default:
      return {"ZINCRBY", "big", big_score(rng), big_member(rng)};
  }
}

// ZRANDMEMBER's picks are random: compare the reply's type and size only
// (the integration test checks membership and distinctness).
std::string shape(const Reply& reply) {
  if (reply.type == Reply::kError) return reply.debug();
  std::string out = "shape{" + std::to_string(static_cast<int>(reply.type)) + "," +
                    std::to_string(reply.elements.size());
  if (!reply.elements.empty()) {
    out += "," + std::to_string(static_cast<int>(reply.elements[0].type));
  }
  return out + "}";
}

DifferentialOptions options() {
  DifferentialOptions options;
  options.seeds = {1, 2, 3, 4};
  options.steps = 8000;
  options.time_budget = std::chrono::seconds(6);  // the whole file stays under a minute
  options.compare["ZRANDMEMBER"] = shape;
  return options;
}

// With RINGKV_ZSETS_DUMP set, every generated command is printed to stderr
// as "CMD" and one "x<hex>" word per argument, so a failing sequence can be
// replayed by hand against both servers to inspect their state.
Command dumping_next(std::mt19937_64& rng) {
  Command command = next_command(rng);
  if (std::getenv("RINGKV_ZSETS_DUMP") != nullptr) {
    std::string line = "CMD";
    for (const std::string& arg : command) {
      line += " x";
      for (unsigned char c : arg) {
        char hex[3];
        std::snprintf(hex, sizeof hex, "%02x", c);
        line += hex;
      }
    }
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  return command;
}

TEST(DifferentialZsetsTest, RandomCommandsMatchRedis) {
  expect_same_as_redis(dumping_next, options());
}

TEST(DifferentialZsetsTest, RandomCommandsMatchRedisInResp3) {
  DifferentialOptions resp3 = options();
  resp3.protocol = 3;
  resp3.seeds = {101, 102};
  expect_same_as_redis(dumping_next, resp3);
}

TEST(DifferentialZsetsTest, BigSetsMatchRedis) {
  DifferentialOptions big = options();
  big.seeds = {201};
  big.steps = 3000;
  expect_same_as_redis(big_command, big);
}

}  // namespace
}  // namespace ringkv::testing
