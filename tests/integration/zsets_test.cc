// Sorted-set commands against the real server: every command, its options,
// errors, RESP3 reply shapes, WRONGTYPE, keys vanishing with their last
// member, big sets (ranks, chunked removals, ZSCAN cursors, ZRANDMEMBER)
// and a restart. Expected replies were checked against redis-server 7.0.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "test_client.h"

namespace ringkv::testing {
namespace {

constexpr const char* kWrongType =
    "-WRONGTYPE Operation against a key holding the wrong kind of value";
constexpr const char* kNotInteger = "-ERR value is not an integer or out of range";
constexpr const char* kNotFloat = "-ERR value is not a valid float";
constexpr const char* kSyntax = "-ERR syntax error";

class ZsetsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ServerProcess({"--threads", "2"}); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    client_ = std::make_unique<TestClient>(server_->port());
    ASSERT_TRUE(client_->call({"FLUSHALL"}).is_ok());
  }

  std::string run(std::initializer_list<std::string_view> command) {
    return client_->call(command).debug();
  }
  Reply call(std::initializer_list<std::string_view> command) { return client_->call(command); }

  // Adds members m<i> with score i for i in [0, members) through a pipeline.
  void fill(const std::string& key, int members) {
    constexpr int kPerCommand = 250;
    int commands = 0;
    for (int first = 0; first < members; first += kPerCommand) {
      std::vector<std::string> command = {"ZADD", key};
      for (int i = first; i < members && i < first + kPerCommand; ++i) {
        command.push_back(std::to_string(i));
        command.push_back("m" + std::to_string(i));
      }
      client_->send_command(command);
      ++commands;
    }
    for (int i = 0; i < commands; ++i) ASSERT_EQ(client_->read_reply().type, Reply::kInteger);
  }

  static ServerProcess* server_;
  std::unique_ptr<TestClient> client_;
};
ServerProcess* ZsetsTest::server_ = nullptr;

TEST_F(ZsetsTest, ZaddFlagsAndReplies) {
  EXPECT_EQ(run({"ZADD", "z", "1", "a", "2", "b", "1", "a"}), ":2");
  EXPECT_EQ(run({"ZADD", "z", "NX", "5", "a", "3", "c"}), ":1");
  EXPECT_EQ(run({"ZSCORE", "z", "a"}), "\"1\"");
  EXPECT_EQ(run({"ZADD", "z", "XX", "5", "a", "4", "d"}), ":0");
  EXPECT_EQ(run({"ZSCORE", "z", "a"}), "\"5\"");
  EXPECT_EQ(run({"ZSCORE", "z", "d"}), "(nil)");
  EXPECT_EQ(run({"ZADD", "z", "GT", "CH", "4", "a", "6", "b", "7", "e"}), ":2");
  EXPECT_EQ(run({"ZADD", "z", "LT", "CH", "9", "a", "1", "b"}), ":1");
  EXPECT_EQ(run({"ZADD", "z", "XX", "GT", "CH", "10", "a", "10", "zz"}), ":1");
  EXPECT_EQ(run({"ZRANGE", "z", "0", "-1", "WITHSCORES"}),
            "[\"b\", \"1\", \"c\", \"3\", \"e\", \"7\", \"a\", \"10\"]");
  EXPECT_EQ(run({"ZADD", "z", "INCR", "2.5", "a"}), "\"12.5\"");
  EXPECT_EQ(run({"ZADD", "z", "INCR", "NX", "1", "a"}), "(nil)");
  EXPECT_EQ(run({"ZADD", "z", "INCR", "GT", "-1", "a"}), "(nil)");
  EXPECT_EQ(run({"ZADD", "nokey", "XX", "1", "a"}), ":0");
  EXPECT_EQ(run({"ZADD", "nokey", "XX", "INCR", "1", "a"}), "(nil)");
  EXPECT_EQ(run({"EXISTS", "nokey"}), ":0");
  // Redis's float formatting, infinities and -0.
  EXPECT_EQ(run({"ZADD", "f", "0.1", "a", "inf", "b", "-inf", "c", "-0", "d", "1e3", "e"}), ":5");
  EXPECT_EQ(run({"ZSCORE", "f", "a"}), "\"0.10000000000000001\"");
  EXPECT_EQ(run({"ZSCORE", "f", "b"}), "\"inf\"");
  EXPECT_EQ(run({"ZSCORE", "f", "c"}), "\"-inf\"");
  EXPECT_EQ(run({"ZSCORE", "f", "d"}), "\"0\"");
  EXPECT_EQ(run({"ZSCORE", "f", "e"}), "\"1000\"");
  EXPECT_EQ(run({"ZINCRBY", "f", "0.2", "a"}), "\"0.30000000000000004\"");
  EXPECT_EQ(run({"ZINCRBY", "f", "-0", "new"}), "\"-0\"");
  EXPECT_EQ(run({"ZSCORE", "f", "new"}), "\"0\"");
}

TEST_F(ZsetsTest, ZaddErrors) {
  EXPECT_EQ(run({"ZADD", "z", "NX", "XX", "1", "a"}),
            "-ERR XX and NX options at the same time are not compatible");
  EXPECT_EQ(run({"ZADD", "z", "GT", "LT", "1", "a"}),
            "-ERR GT, LT, and/or NX options at the same time are not compatible");
  EXPECT_EQ(run({"ZADD", "z", "NX", "GT", "1", "a"}),
            "-ERR GT, LT, and/or NX options at the same time are not compatible");
  EXPECT_EQ(run({"ZADD", "z", "INCR", "1", "a", "2", "b"}),
            "-ERR INCR option supports a single increment-element pair");
  EXPECT_EQ(run({"ZADD", "z", "1", "a", "2"}), kSyntax);
  EXPECT_EQ(run({"ZADD", "z", "NX", "1"}), kSyntax);
  EXPECT_EQ(run({"ZADD", "z", "1"}), "-ERR wrong number of arguments for 'zadd' command");
  // A bad score anywhere means nothing is added.
  EXPECT_EQ(run({"ZADD", "z", "1", "a", "nan", "b"}), kNotFloat);
  EXPECT_EQ(run({"ZADD", "z", "1", "a", "x", "b"}), kNotFloat);
  EXPECT_EQ(run({"ZADD", "z", "1", "a", "1e400", "b"}), kNotFloat);
  EXPECT_EQ(run({"EXISTS", "z"}), ":0");
  EXPECT_EQ(run({"ZADD", "z", "inf", "a"}), ":1");
  EXPECT_EQ(run({"ZINCRBY", "z", "-inf", "a"}), "-ERR resulting score is not a number (NaN)");
  EXPECT_EQ(run({"ZADD", "z", "INCR", "-inf", "a"}), "-ERR resulting score is not a number (NaN)");
  EXPECT_EQ(run({"ZSCORE", "z", "a"}), "\"inf\"");
  EXPECT_EQ(run({"ZINCRBY", "z", "x", "a"}), kNotFloat);
}

TEST_F(ZsetsTest, ScoresRanksAndCounts) {
  EXPECT_EQ(run({"ZADD", "z", "1", "a", "2", "b", "3", "c", "3", "d"}), ":4");
  EXPECT_EQ(run({"ZCARD", "z"}), ":4");
  EXPECT_EQ(run({"ZCARD", "nokey"}), ":0");
  EXPECT_EQ(run({"ZMSCORE", "z", "a", "x", "d"}), "[\"1\", (nil), \"3\"]");
  EXPECT_EQ(run({"ZMSCORE", "nokey", "a", "b"}), "[(nil), (nil)]");
  EXPECT_EQ(run({"ZRANK", "z", "c"}), ":2");
  EXPECT_EQ(run({"ZREVRANK", "z", "c"}), ":1");
  EXPECT_EQ(run({"ZRANK", "z", "x"}), "(nil)");
  EXPECT_EQ(run({"ZREVRANK", "nokey", "x"}), "(nil)");
  EXPECT_EQ(run({"ZCOUNT", "z", "(1", "3"}), ":3");
  EXPECT_EQ(run({"ZCOUNT", "z", "-inf", "(3"}), ":2");
  EXPECT_EQ(run({"ZCOUNT", "z", "3", "1"}), ":0");
  EXPECT_EQ(run({"ZCOUNT", "z", "x", "1"}), "-ERR min or max is not a float");
  EXPECT_EQ(run({"ZCOUNT", "z", "nan", "1"}), "-ERR min or max is not a float");
  // Redis reads range ends with strtod: "" is 0, leading spaces and hex pass.
  EXPECT_EQ(run({"ZCOUNT", "z", "", " 2"}), ":2");
  EXPECT_EQ(run({"ZCOUNT", "z", "0x1", "(0x3"}), ":2");
  EXPECT_EQ(run({"ZADD", "l", "0", "a", "0", "b", "0", "c", "0", "d"}), ":4");
  EXPECT_EQ(run({"ZLEXCOUNT", "l", "[b", "(d"}), ":2");
  EXPECT_EQ(run({"ZLEXCOUNT", "l", "-", "+"}), ":4");
  EXPECT_EQ(run({"ZLEXCOUNT", "l", "+", "-"}), ":0");
  EXPECT_EQ(run({"ZLEXCOUNT", "l", "b", "+"}), "-ERR min or max not valid string range item");
  EXPECT_EQ(run({"ZLEXCOUNT", "l", "[a", "+x"}), "-ERR min or max not valid string range item");
}

TEST_F(ZsetsTest, RangeByRank) {
  EXPECT_EQ(run({"ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"}), ":4");
  EXPECT_EQ(run({"ZRANGE", "z", "0", "-1"}), "[\"a\", \"b\", \"c\", \"d\"]");
  EXPECT_EQ(run({"ZRANGE", "z", "-2", "100", "WITHSCORES"}), "[\"c\", \"3\", \"d\", \"4\"]");
  EXPECT_EQ(run({"ZRANGE", "z", "0", "1", "REV"}), "[\"d\", \"c\"]");
  EXPECT_EQ(run({"ZREVRANGE", "z", "1", "2", "WITHSCORES"}), "[\"c\", \"3\", \"b\", \"2\"]");
  EXPECT_EQ(run({"ZRANGE", "z", "3", "1"}), "[]");
  EXPECT_EQ(run({"ZRANGE", "z", "-100", "-5"}), "[]");
  EXPECT_EQ(run({"ZRANGE", "nokey", "0", "-1"}), "[]");
  EXPECT_EQ(run({"ZRANGE", "z", "x", "1"}), kNotInteger);
  EXPECT_EQ(run({"ZRANGE", "z", "0", "1", "LIMIT", "0", "1"}),
            "-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or "
            "BYLEX");
  // LIMIT x -1 means no limit, so it is allowed with ranks.
  EXPECT_EQ(run({"ZRANGE", "z", "0", "0", "LIMIT", "5", "-1"}), "[\"a\"]");
  EXPECT_EQ(run({"ZRANGE", "z", "0", "1", "REV", "REV"}), kSyntax);
  EXPECT_EQ(run({"ZRANGE", "z", "0", "1", "BYSCORE", "BYLEX"}), kSyntax);
  EXPECT_EQ(run({"ZRANGE", "z", "0", "1", "LIMIT", "1"}), kSyntax);
  EXPECT_EQ(run({"ZREVRANGE", "z", "0", "1", "REV"}), kSyntax);
}

TEST_F(ZsetsTest, RangeByScore) {
  EXPECT_EQ(run({"ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"}), ":5");
  EXPECT_EQ(run({"ZRANGEBYSCORE", "z", "(1", "3"}), "[\"b\", \"c\"]");
  EXPECT_EQ(run({"ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "1", "2", "WITHSCORES"}),
            "[\"b\", \"2\", \"c\", \"3\"]");
  EXPECT_EQ(run({"ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "3", "-1"}), "[\"d\", \"e\"]");
  EXPECT_EQ(run({"ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "-1", "5"}), "[]");
  EXPECT_EQ(run({"ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "1", "0"}), "[]");
  EXPECT_EQ(run({"ZREVRANGEBYSCORE", "z", "4", "(2"}), "[\"d\", \"c\"]");
  EXPECT_EQ(run({"ZRANGE", "z", "(4", "2", "BYSCORE", "REV", "WITHSCORES"}),
            "[\"c\", \"3\", \"b\", \"2\"]");
  EXPECT_EQ(run({"ZRANGE", "z", "2", "+inf", "BYSCORE", "LIMIT", "1", "2"}), "[\"c\", \"d\"]");
  EXPECT_EQ(run({"ZRANGEBYSCORE", "z", "(3", "(3"}), "[]");
  EXPECT_EQ(run({"ZRANGEBYSCORE", "z", "x", "3"}), "-ERR min or max is not a float");
  EXPECT_EQ(run({"ZRANGEBYSCORE", "z", "1", "3", "BYSCORE"}), kSyntax);
  EXPECT_EQ(run({"ZRANGEBYSCORE", "z", "1", "3", "LIMIT", "x", "1"}), kNotInteger);
}

TEST_F(ZsetsTest, RangeByLex) {
  EXPECT_EQ(run({"ZADD", "z", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e"}), ":5");
  EXPECT_EQ(run({"ZRANGEBYLEX", "z", "[b", "(d"}), "[\"b\", \"c\"]");
  EXPECT_EQ(run({"ZRANGEBYLEX", "z", "-", "+", "LIMIT", "1", "2"}), "[\"b\", \"c\"]");
  EXPECT_EQ(run({"ZREVRANGEBYLEX", "z", "+", "(b"}), "[\"e\", \"d\", \"c\"]");
  EXPECT_EQ(run({"ZRANGE", "z", "[d", "-", "BYLEX", "REV", "LIMIT", "0", "2"}), "[\"d\", \"c\"]");
  EXPECT_EQ(run({"ZRANGE", "z", "[a", "[b", "BYLEX", "WITHSCORES"}),
            "-ERR syntax error, WITHSCORES not supported in combination with BYLEX");
  EXPECT_EQ(run({"ZRANGEBYLEX", "z", "a", "+"}), "-ERR min or max not valid string range item");
  EXPECT_EQ(run({"ZRANGEBYLEX", "z", "[c", "[b"}), "[]");
  // Mixed scores: Redis walks in score order from the first member past
  // the min and stops at the first member past the max.
  EXPECT_EQ(run({"ZADD", "m", "1", "b", "2", "a", "3", "c", "4", "d"}), ":4");
  EXPECT_EQ(run({"ZRANGEBYLEX", "m", "[b", "+"}), "[\"b\", \"a\", \"c\", \"d\"]");
  EXPECT_EQ(run({"ZRANGEBYLEX", "m", "[a", "(b"}), "[]");
  EXPECT_EQ(run({"ZREVRANGEBYLEX", "m", "[c", "-"}), "[\"c\", \"a\", \"b\"]");
}

TEST_F(ZsetsTest, RangeStore) {
  EXPECT_EQ(run({"ZADD", "{z}src", "1", "a", "2", "b", "3", "c"}), ":3");
  EXPECT_EQ(run({"SET", "{z}dst", "string"}), "+OK");
  EXPECT_EQ(run({"ZRANGESTORE", "{z}dst", "{z}src", "1", "-1"}), ":2");
  EXPECT_EQ(run({"ZRANGE", "{z}dst", "0", "-1", "WITHSCORES"}), "[\"b\", \"2\", \"c\", \"3\"]");
  EXPECT_EQ(run({"ZRANGESTORE", "{z}dst", "{z}src", "(1", "+inf", "BYSCORE", "REV"}), ":0");
  EXPECT_EQ(run({"ZRANGESTORE", "{z}dst", "{z}src", "+inf", "(1", "BYSCORE", "REV", "LIMIT", "0",
                 "1"}),
            ":1");
  EXPECT_EQ(run({"ZRANGE", "{z}dst", "0", "-1"}), "[\"c\"]");
  // An empty result deletes the destination.
  EXPECT_EQ(run({"ZRANGESTORE", "{z}dst", "{z}src", "5", "10"}), ":0");
  EXPECT_EQ(run({"EXISTS", "{z}dst"}), ":0");
  EXPECT_EQ(run({"ZRANGESTORE", "{z}dst", "{z}src", "0", "-1", "WITHSCORES"}), kSyntax);
  // Across shards (no hash tag): still one atomic command.
  EXPECT_EQ(run({"ZRANGESTORE", "other", "{z}src", "0", "0"}), ":1");
  EXPECT_EQ(run({"ZRANGE", "other", "0", "-1", "WITHSCORES"}), "[\"a\", \"1\"]");
  EXPECT_EQ(run({"SET", "str", "x"}), "+OK");
  EXPECT_EQ(run({"ZRANGESTORE", "{z}dst", "str", "0", "-1"}), kWrongType);
}

TEST_F(ZsetsTest, RemovalsAndEmptySetsDisappear) {
  EXPECT_EQ(run({"ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"}), ":5");
  EXPECT_EQ(run({"ZREM", "z", "a", "x", "a"}), ":1");
  EXPECT_EQ(run({"ZREMRANGEBYRANK", "z", "-1", "-1"}), ":1");
  EXPECT_EQ(run({"ZREMRANGEBYSCORE", "z", "(2", "3"}), ":1");
  EXPECT_EQ(run({"ZRANGE", "z", "0", "-1"}), "[\"b\", \"d\"]");
  EXPECT_EQ(run({"ZREMRANGEBYLEX", "z", "-", "+"}), ":2");
  EXPECT_EQ(run({"EXISTS", "z"}), ":0");
  EXPECT_EQ(run({"TYPE", "z"}), "+none");
  EXPECT_EQ(run({"ZREMRANGEBYRANK", "z", "0", "-1"}), ":0");
  EXPECT_EQ(run({"ZREMRANGEBYRANK", "z", "x", "-1"}), kNotInteger);
  EXPECT_EQ(run({"ZREMRANGEBYSCORE", "z", "x", "1"}), "-ERR min or max is not a float");
  EXPECT_EQ(run({"ZREMRANGEBYLEX", "z", "x", "+"}), "-ERR min or max not valid string range item");
  EXPECT_EQ(run({"ZADD", "z", "1", "a"}), ":1");
  EXPECT_EQ(run({"ZREM", "z", "a"}), ":1");
  EXPECT_EQ(run({"EXISTS", "z"}), ":0");
  EXPECT_EQ(run({"ZADD", "z", "1", "a", "2", "b"}), ":2");
  EXPECT_EQ(run({"ZPOPMAX", "z", "5"}), "[\"b\", \"2\", \"a\", \"1\"]");
  EXPECT_EQ(run({"EXISTS", "z"}), ":0");
}

TEST_F(ZsetsTest, PopsAndZmpop) {
  EXPECT_EQ(run({"ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"}), ":4");
  EXPECT_EQ(run({"ZPOPMIN", "z"}), "[\"a\", \"1\"]");
  EXPECT_EQ(run({"ZPOPMAX", "z", "2"}), "[\"d\", \"4\", \"c\", \"3\"]");
  EXPECT_EQ(run({"ZPOPMIN", "z", "0"}), "[]");
  EXPECT_EQ(run({"ZPOPMIN", "nokey"}), "[]");
  EXPECT_EQ(run({"ZPOPMIN", "z", "-1"}), "-ERR value is out of range, must be positive");
  EXPECT_EQ(run({"ZPOPMIN", "z", "x"}), "-ERR value is out of range, must be positive");
  EXPECT_EQ(run({"ZPOPMIN", "z", "1", "2"}), kSyntax);
  EXPECT_EQ(run({"ZADD", "{p}b", "5", "x", "6", "y", "7", "z"}), ":3");
  EXPECT_EQ(run({"ZMPOP", "2", "{p}a", "{p}b", "MIN", "COUNT", "2"}),
            "[\"{p}b\", [[\"x\", \"5\"], [\"y\", \"6\"]]]");
  EXPECT_EQ(run({"ZMPOP", "2", "{p}a", "{p}b", "max"}), "[\"{p}b\", [[\"z\", \"7\"]]]");
  EXPECT_EQ(run({"ZMPOP", "2", "{p}a", "{p}b", "MIN"}), "(nil)");
  EXPECT_EQ(run({"EXISTS", "{p}b"}), ":0");
  EXPECT_EQ(run({"ZMPOP", "0", "k", "MIN"}), "-ERR numkeys should be greater than 0");
  EXPECT_EQ(run({"ZMPOP", "x", "k", "MIN"}), "-ERR numkeys should be greater than 0");
  EXPECT_EQ(run({"ZMPOP", "2", "k", "MIN"}), kSyntax);
  EXPECT_EQ(run({"ZMPOP", "1", "k", "MID"}), kSyntax);
  EXPECT_EQ(run({"ZMPOP", "1", "k", "MIN", "COUNT", "0"}), "-ERR count should be greater than 0");
  EXPECT_EQ(run({"ZMPOP", "1", "k", "MIN", "COUNT", "1", "COUNT", "1"}), kSyntax);
  // Keys in different shards.
  EXPECT_EQ(run({"ZADD", "second", "1", "m"}), ":1");
  EXPECT_EQ(run({"ZMPOP", "3", "first", "second", "third", "MAX"}),
            "[\"second\", [[\"m\", \"1\"]]]");
  EXPECT_EQ(run({"SET", "str", "v"}), "+OK");
  EXPECT_EQ(run({"ZMPOP", "2", "nokey", "str", "MIN"}), kWrongType);
}

TEST_F(ZsetsTest, UnionInterDiff) {
  EXPECT_EQ(run({"ZADD", "{a}1", "1", "a", "2", "b", "3", "c"}), ":3");
  EXPECT_EQ(run({"ZADD", "{a}2", "1", "b", "2", "c", "3", "d"}), ":3");
  EXPECT_EQ(run({"SADD", "{a}set", "a", "d", "e"}), ":3");
  EXPECT_EQ(run({"ZUNION", "2", "{a}1", "{a}2", "WITHSCORES"}),
            "[\"a\", \"1\", \"b\", \"3\", \"d\", \"3\", \"c\", \"5\"]");
  EXPECT_EQ(run({"ZUNION", "2", "{a}1", "{a}2", "WEIGHTS", "2", "3", "WITHSCORES"}),
            "[\"a\", \"2\", \"b\", \"7\", \"d\", \"9\", \"c\", \"12\"]");
  EXPECT_EQ(run({"ZUNION", "2", "{a}1", "{a}2", "AGGREGATE", "MAX", "WITHSCORES"}),
            "[\"a\", \"1\", \"b\", \"2\", \"c\", \"3\", \"d\", \"3\"]");
  EXPECT_EQ(run({"ZINTER", "2", "{a}1", "{a}2", "AGGREGATE", "MIN", "WITHSCORES"}),
            "[\"b\", \"1\", \"c\", \"2\"]");
  EXPECT_EQ(run({"ZINTER", "2", "{a}1", "{a}set", "WITHSCORES"}), "[\"a\", \"2\"]");
  EXPECT_EQ(run({"ZDIFF", "2", "{a}1", "{a}2", "WITHSCORES"}), "[\"a\", \"1\"]");
  EXPECT_EQ(run({"ZDIFF", "2", "{a}set", "{a}2"}), "[\"a\", \"e\"]");
  EXPECT_EQ(run({"ZINTERCARD", "2", "{a}1", "{a}2"}), ":2");
  EXPECT_EQ(run({"ZINTERCARD", "2", "{a}1", "{a}2", "LIMIT", "1"}), ":1");
  EXPECT_EQ(run({"ZINTERCARD", "2", "{a}1", "{a}2", "LIMIT", "-1"}),
            "-ERR LIMIT can't be negative");
  // inf * 0 is NaN: counted as 0, as is inf + -inf.
  EXPECT_EQ(run({"ZADD", "{a}inf", "inf", "a", "-inf", "b"}), ":2");
  EXPECT_EQ(run({"ZUNION", "2", "{a}inf", "{a}1", "WEIGHTS", "0", "1", "WITHSCORES"}),
            "[\"a\", \"1\", \"b\", \"2\", \"c\", \"3\"]");
  EXPECT_EQ(run({"ZUNION", "2", "{a}inf", "{a}inf", "WEIGHTS", "1", "-1", "WITHSCORES"}),
            "[\"a\", \"0\", \"b\", \"0\"]");
  // *STORE: the destination is replaced whatever it held, or deleted.
  EXPECT_EQ(run({"SET", "{a}dst", "x"}), "+OK");
  EXPECT_EQ(run({"ZUNIONSTORE", "{a}dst", "2", "{a}1", "{a}set"}), ":5");
  EXPECT_EQ(run({"ZRANGE", "{a}dst", "0", "-1", "WITHSCORES"}),
            "[\"d\", \"1\", \"e\", \"1\", \"a\", \"2\", \"b\", \"2\", \"c\", \"3\"]");
  EXPECT_EQ(run({"ZINTERSTORE", "{a}dst", "2", "{a}1", "{a}2", "WEIGHTS", "1", "0.5"}), ":2");
  EXPECT_EQ(run({"ZRANGE", "{a}dst", "0", "-1", "WITHSCORES"}),
            "[\"b\", \"2.5\", \"c\", \"4\"]");
  EXPECT_EQ(run({"ZDIFFSTORE", "{a}dst", "2", "{a}1", "{a}1"}), ":0");
  EXPECT_EQ(run({"EXISTS", "{a}dst"}), ":0");
  EXPECT_EQ(run({"ZUNIONSTORE", "{a}1", "2", "{a}1", "{a}2"}), ":4");
  EXPECT_EQ(run({"ZSCORE", "{a}1", "c"}), "\"5\"");
  // Keys on different shards.
  EXPECT_EQ(run({"ZADD", "x1", "1", "a"}), ":1");
  EXPECT_EQ(run({"ZADD", "x2", "2", "a"}), ":1");
  EXPECT_EQ(run({"ZUNIONSTORE", "x3", "2", "x1", "x2"}), ":1");
  EXPECT_EQ(run({"ZSCORE", "x3", "a"}), "\"3\"");
}

TEST_F(ZsetsTest, AlgebraErrors) {
  EXPECT_EQ(run({"ZUNION", "0", "a"}), "-ERR at least 1 input key is needed for 'zunion' command");
  EXPECT_EQ(run({"ZINTERSTORE", "d", "0", "a"}),
            "-ERR at least 1 input key is needed for 'zinterstore' command");
  EXPECT_EQ(run({"ZINTERCARD", "0", "a"}),
            "-ERR at least 1 input key is needed for 'zintercard' command");
  EXPECT_EQ(run({"ZUNION", "3", "a", "b"}), kSyntax);
  EXPECT_EQ(run({"ZUNION", "x", "a"}), kNotInteger);
  EXPECT_EQ(run({"ZUNION", "1", "a", "WEIGHTS", "x"}), "-ERR weight value is not a float");
  EXPECT_EQ(run({"ZUNION", "2", "a", "b", "WEIGHTS", "1"}), kSyntax);
  EXPECT_EQ(run({"ZUNION", "1", "a", "AGGREGATE", "AVG"}), kSyntax);
  EXPECT_EQ(run({"ZDIFF", "1", "a", "WEIGHTS", "1"}), kSyntax);
  EXPECT_EQ(run({"ZUNIONSTORE", "d", "1", "a", "WITHSCORES"}), kSyntax);
  EXPECT_EQ(run({"ZINTERCARD", "1", "a", "WITHSCORES"}), kSyntax);
  EXPECT_EQ(run({"SET", "s", "x"}), "+OK");
  // WRONGTYPE comes before the options are read.
  EXPECT_EQ(run({"ZUNION", "2", "a", "s", "AGGREGATE", "AVG"}), kWrongType);
  EXPECT_EQ(run({"ZUNIONSTORE", "s", "1", "a"}), ":0");
  EXPECT_EQ(run({"EXISTS", "s"}), ":0");
}

TEST_F(ZsetsTest, Resp3Replies) {
  ASSERT_EQ(call({"HELLO", "3"}).type, Reply::kMap);
  EXPECT_EQ(run({"ZADD", "z", "1", "a", "2.5", "b", "inf", "c"}), ":3");
  EXPECT_EQ(run({"ZSCORE", "z", "b"}), ",2.5");
  EXPECT_EQ(run({"ZSCORE", "z", "c"}), ",inf");
  EXPECT_EQ(run({"ZSCORE", "z", "x"}), "(nil)");
  EXPECT_EQ(run({"ZMSCORE", "z", "a", "x"}), "[,1, (nil)]");
  EXPECT_EQ(run({"ZINCRBY", "z", "1", "a"}), ",2");
  EXPECT_EQ(run({"ZRANGE", "z", "0", "1", "WITHSCORES"}), "[[\"a\", ,2], [\"b\", ,2.5]]");
  EXPECT_EQ(run({"ZRANGE", "z", "0", "1"}), "[\"a\", \"b\"]");
  EXPECT_EQ(run({"ZUNION", "1", "z", "WITHSCORES"}),
            "[[\"a\", ,2], [\"b\", ,2.5], [\"c\", ,inf]]");
  EXPECT_EQ(run({"ZRANDMEMBER", "z", "5", "WITHSCORES"}),
            "[[\"c\", ,inf], [\"b\", ,2.5], [\"a\", ,2]]");
  EXPECT_EQ(run({"ZSCAN", "z", "0"}),
            "[\"0\", [\"a\", \"2\", \"b\", \"2.5\", \"c\", \"inf\"]]");
  EXPECT_EQ(run({"ZPOPMIN", "z"}), "[\"a\", ,2]");
  EXPECT_EQ(run({"ZPOPMIN", "z", "1"}), "[[\"b\", ,2.5]]");
  EXPECT_EQ(run({"ZMPOP", "1", "z", "MAX"}), "[\"z\", [[\"c\", ,inf]]]");
  EXPECT_EQ(run({"ZMPOP", "1", "z", "MAX"}), "(nil)");
  EXPECT_EQ(run({"ZRANDMEMBER", "z"}), "(nil)");
}

TEST_F(ZsetsTest, WrongTypeEverywhere) {
  EXPECT_EQ(run({"SET", "s", "x"}), "+OK");
  std::vector<std::vector<std::string>> commands = {
      {"ZADD", "s", "1", "a"},           {"ZINCRBY", "s", "1", "a"},
      {"ZREM", "s", "a"},                {"ZCARD", "s"},
      {"ZSCORE", "s", "a"},              {"ZMSCORE", "s", "a"},
      {"ZRANK", "s", "a"},               {"ZREVRANK", "s", "a"},
      {"ZCOUNT", "s", "0", "1"},         {"ZLEXCOUNT", "s", "-", "+"},
      {"ZRANGE", "s", "0", "1"},         {"ZREVRANGE", "s", "0", "1"},
      {"ZRANGEBYSCORE", "s", "0", "1"},  {"ZREVRANGEBYSCORE", "s", "1", "0"},
      {"ZRANGEBYLEX", "s", "-", "+"},    {"ZREVRANGEBYLEX", "s", "+", "-"},
      {"ZREMRANGEBYRANK", "s", "0", "1"}, {"ZREMRANGEBYSCORE", "s", "0", "1"},
      {"ZREMRANGEBYLEX", "s", "-", "+"}, {"ZPOPMIN", "s"},
      {"ZPOPMAX", "s", "2"},             {"ZRANDMEMBER", "s"},
      {"ZRANDMEMBER", "s", "2"},         {"ZSCAN", "s", "0"},
      {"ZINTER", "1", "s"},              {"ZDIFF", "1", "s"},
      {"ZINTERCARD", "1", "s"}};
  for (const auto& command : commands) {
    EXPECT_EQ(client_->call(command).debug(), kWrongType) << command[0];
  }
  EXPECT_EQ(run({"GET", "s"}), "\"x\"");
}

TEST_F(ZsetsTest, Zrandmember) {
  EXPECT_EQ(run({"ZADD", "z", "1", "a", "2", "b", "3", "c"}), ":3");
  std::set<std::string> members = {"a", "b", "c"};
  Reply one = call({"ZRANDMEMBER", "z"});
  EXPECT_TRUE(members.count(one.text)) << one.debug();
  EXPECT_EQ(run({"ZRANDMEMBER", "z", "0"}), "[]");
  EXPECT_EQ(run({"ZRANDMEMBER", "z", "10"}), "[\"c\", \"b\", \"a\"]");
  EXPECT_EQ(run({"ZRANDMEMBER", "z", "3", "WITHSCORES"}),
            "[\"c\", \"3\", \"b\", \"2\", \"a\", \"1\"]");
  Reply two = call({"ZRANDMEMBER", "z", "2"});
  ASSERT_EQ(two.elements.size(), 2u);
  EXPECT_NE(two.elements[0].text, two.elements[1].text);
  Reply repeats = call({"ZRANDMEMBER", "z", "-20", "WITHSCORES"});
  ASSERT_EQ(repeats.elements.size(), 40u);
  std::map<std::string, std::string> scores = {{"a", "1"}, {"b", "2"}, {"c", "3"}};
  for (size_t i = 0; i < 40; i += 2) {
    EXPECT_EQ(scores[repeats.elements[i].text], repeats.elements[i + 1].text);
  }
  EXPECT_EQ(run({"ZRANDMEMBER", "nokey", "5"}), "[]");
  EXPECT_EQ(run({"ZRANDMEMBER", "nokey"}), "(nil)");
  EXPECT_EQ(run({"ZRANDMEMBER", "z", "x"}), kNotInteger);
  EXPECT_EQ(run({"ZRANDMEMBER", "z", "1", "BOGUS"}), kSyntax);
  EXPECT_EQ(run({"ZRANDMEMBER", "z", "-9223372036854775807", "WITHSCORES"}),
            "-ERR value is out of range");
  EXPECT_EQ(run({"ZRANDMEMBER", "z", "-9223372036854775808"}),
            "-ERR value is out of range, value must between -9223372036854775807 and "
            "9223372036854775807");
}

TEST_F(ZsetsTest, ZrandmemberOnABigSet) {
  fill("big", 5000);
  Reply distinct = call({"ZRANDMEMBER", "big", "100", "WITHSCORES"});
  ASSERT_EQ(distinct.elements.size(), 200u);
  std::set<std::string> seen;
  for (size_t i = 0; i < distinct.elements.size(); i += 2) {
    const std::string& member = distinct.elements[i].text;
    EXPECT_TRUE(seen.insert(member).second) << member;
    // Members are m<score>.
    EXPECT_EQ("m" + distinct.elements[i + 1].text, member);
  }
  Reply draws = call({"ZRANDMEMBER", "big", "-2000"});
  ASSERT_EQ(draws.elements.size(), 2000u);
  std::set<std::string> drawn;
  for (const Reply& element : draws.elements) {
    int index = std::atoi(element.text.c_str() + 1);
    EXPECT_TRUE(element.text[0] == 'm' && index >= 0 && index < 5000) << element.text;
    drawn.insert(element.text);
  }
  // Far from uniform would repeat a few members; 2000 fair draws from
  // 5000 members give about 1630 distinct ones.
  EXPECT_GT(drawn.size(), 1000u);
}

TEST_F(ZsetsTest, Zscan) {
  EXPECT_EQ(run({"ZADD", "z", "3", "c", "1", "a", "2", "b", "4", "ab"}), ":4");
  // Small sets answer whole, in score order, with cursor 0.
  EXPECT_EQ(run({"ZSCAN", "z", "0", "COUNT", "1"}),
            "[\"0\", [\"a\", \"1\", \"b\", \"2\", \"c\", \"3\", \"ab\", \"4\"]]");
  EXPECT_EQ(run({"ZSCAN", "z", "0", "MATCH", "a*"}), "[\"0\", [\"a\", \"1\", \"ab\", \"4\"]]");
  EXPECT_EQ(run({"ZSCAN", "nokey", "0"}), "[\"0\", []]");
  EXPECT_EQ(run({"ZSCAN", "z", "x"}), "-ERR invalid cursor");
  EXPECT_EQ(run({"ZSCAN", "z", "0", "COUNT", "0"}), kSyntax);
  EXPECT_EQ(run({"ZSCAN", "z", "0", "TYPE", "zset"}), kSyntax);
  EXPECT_EQ(run({"ZSCAN", "z", "0", "MATCH"}), kSyntax);

  // A big set pages through cursors; each member comes back at least once.
  fill("big", 3000);
  std::map<std::string, std::string> found;
  std::string cursor = "0";
  int calls = 0;
  do {
    Reply page = call({"ZSCAN", "big", cursor, "COUNT", "100"});
    ASSERT_EQ(page.elements.size(), 2u) << page.debug();
    cursor = page.elements[0].text;
    const auto& items = page.elements[1].elements;
    EXPECT_LE(items.size(), 200u);
    for (size_t i = 0; i + 1 < items.size(); i += 2) found[items[i].text] = items[i + 1].text;
    ++calls;
  } while (cursor != "0" && calls < 1000);
  EXPECT_EQ(found.size(), 3000u);
  EXPECT_EQ(found["m1234"], "1234");
  EXPECT_GE(calls, 30);
  Reply matched = call({"ZSCAN", "big", "0", "MATCH", "m12*", "COUNT", "5000"});
  EXPECT_EQ(matched.elements[0].text, "0");
  EXPECT_EQ(matched.elements[1].elements.size(), 2u * 111);  // m12, m120..m129, m1200..m1299
}

TEST_F(ZsetsTest, BigSetRanksRangesAndChunkedRemovals) {
  constexpr int kMembers = 20000;
  fill("big", kMembers);
  EXPECT_EQ(run({"ZCARD", "big"}), ":20000");
  EXPECT_EQ(run({"ZRANGE", "big", "0", "2"}), "[\"m0\", \"m1\", \"m2\"]");
  EXPECT_EQ(run({"ZRANGE", "big", "-2", "-1", "WITHSCORES"}),
            "[\"m19998\", \"19998\", \"m19999\", \"19999\"]");
  EXPECT_EQ(run({"ZRANGE", "big", "15000", "15001"}), "[\"m15000\", \"m15001\"]");
  EXPECT_EQ(run({"ZREVRANGE", "big", "15000", "15001"}), "[\"m4999\", \"m4998\"]");
  for (int i : {0, 1, 257, 9999, 10000, 14321, 19743, 19999}) {
    std::string member = "m" + std::to_string(i);
    EXPECT_EQ(run({"ZRANK", "big", member}), ":" + std::to_string(i));
    EXPECT_EQ(run({"ZREVRANK", "big", member}), ":" + std::to_string(kMembers - 1 - i));
  }
  EXPECT_EQ(run({"ZRANK", "big", "nope"}), "(nil)");
  EXPECT_EQ(run({"ZRANGEBYSCORE", "big", "(12000", "+inf", "LIMIT", "0", "2"}),
            "[\"m12001\", \"m12002\"]");
  EXPECT_EQ(run({"ZCOUNT", "big", "1000", "(3000"}), ":2000");
  // Removals bigger than one chunk.
  EXPECT_EQ(run({"ZREMRANGEBYRANK", "big", "100", "5099"}), ":5000");
  EXPECT_EQ(run({"ZRANGE", "big", "99", "100"}), "[\"m99\", \"m5100\"]");
  EXPECT_EQ(run({"ZREMRANGEBYSCORE", "big", "(10000", "12500"}), ":2500");
  EXPECT_EQ(run({"ZCARD", "big"}), ":12500");
  EXPECT_EQ(run({"ZRANK", "big", "m12501"}), ":5001");  // m0..m99, m5100..m10000
  Reply popped = call({"ZPOPMIN", "big", "3000"});
  EXPECT_EQ(popped.elements.size(), 6000u);
  EXPECT_EQ(run({"ZCARD", "big"}), ":9500");
  EXPECT_EQ(run({"ZREMRANGEBYRANK", "big", "0", "-1"}), ":9500");
  EXPECT_EQ(run({"EXISTS", "big"}), ":0");
}

TEST_F(ZsetsTest, KeyCommandsWorkOnSortedSets) {
  EXPECT_EQ(run({"ZADD", "z", "1", "a", "2", "b"}), ":2");
  EXPECT_EQ(run({"TYPE", "z"}), "+zset");
  EXPECT_EQ(run({"OBJECT", "ENCODING", "z"}), "\"listpack\"");
  EXPECT_EQ(run({"EXPIRE", "z", "100"}), ":1");
  EXPECT_EQ(run({"ZADD", "z", "3", "c"}), ":1");
  EXPECT_EQ(run({"TTL", "z"}), ":100");
  EXPECT_EQ(run({"COPY", "z", "{z}copy"}), ":1");
  EXPECT_EQ(run({"ZRANGE", "{z}copy", "0", "-1", "WITHSCORES"}),
            "[\"a\", \"1\", \"b\", \"2\", \"c\", \"3\"]");
  EXPECT_EQ(run({"RENAME", "{z}copy", "moved"}), "+OK");
  EXPECT_EQ(run({"ZRANK", "moved", "c"}), ":2");
  EXPECT_EQ(run({"MOVE", "moved", "1"}), ":1");
  EXPECT_EQ(run({"SELECT", "1"}), "+OK");
  EXPECT_EQ(run({"ZRANGEBYSCORE", "moved", "2", "3"}), "[\"b\", \"c\"]");
  EXPECT_EQ(run({"SELECT", "0"}), "+OK");
  EXPECT_EQ(run({"SCAN", "0", "TYPE", "zset"}), "[\"0\", [\"z\"]]");
  fill("big", 200);
  EXPECT_EQ(run({"OBJECT", "ENCODING", "big"}), "\"skiplist\"");
  EXPECT_EQ(run({"DEL", "big", "z"}), ":2");
  EXPECT_EQ(run({"ZCARD", "big"}), ":0");
}

TEST(ZsetsRestartTest, SortedSetsSurviveARestart) {
  char pattern[] = "/tmp/ringkv-zsets-XXXXXX";
  std::string dir = mkdtemp(pattern);
  {
    ServerProcess server({"--threads", "2"}, dir);
    TestClient c(server.port());
    EXPECT_EQ(c.call({"ZADD", "z", "1.5", "a", "2", "b", "3", "c"}).debug(), ":3");
    EXPECT_EQ(c.call({"ZREM", "z", "b"}).debug(), ":1");
    EXPECT_EQ(c.call({"ZINCRBY", "z", "1", "c"}).debug(), "\"4\"");
    EXPECT_EQ(c.call({"ZUNIONSTORE", "u", "2", "z", "other"}).debug(), ":2");
    EXPECT_EQ(server.stop(), 0);
  }
  {
    ServerProcess server({"--threads", "2"}, dir);
    TestClient c(server.port());
    EXPECT_EQ(c.call({"ZRANGE", "z", "0", "-1", "WITHSCORES"}).debug(),
              "[\"a\", \"1.5\", \"c\", \"4\"]");
    EXPECT_EQ(c.call({"ZRANGEBYSCORE", "u", "4", "4"}).debug(), "[\"c\"]");
    EXPECT_EQ(c.call({"ZRANK", "u", "c"}).debug(), ":1");
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ringkv::testing
