// List commands against the real server: every command, its options and
// errors, RESP2/RESP3 null forms, WRONGTYPE, empty lists disappearing,
// middle edits on long lists checked against a model, big lists and a
// restart. Expected values were checked against redis-server 7.0.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "test_client.h"

namespace ringkv::testing {
namespace {

constexpr const char* kWrongType =
    "-WRONGTYPE Operation against a key holding the wrong kind of value";
constexpr const char* kNotInteger = "-ERR value is not an integer or out of range";
constexpr const char* kSyntax = "-ERR syntax error";
constexpr const char* kNotPositive = "-ERR value is out of range, must be positive";

class ListsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ServerProcess({"--threads", "2"}); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { client_ = std::make_unique<TestClient>(server_->port()); }

  std::string run(std::initializer_list<std::string_view> command) {
    return client_->call(command).debug();
  }
  std::string run(const std::vector<std::string>& command) {
    return client_->call(command).debug();
  }
  std::string range(std::string_view key) { return run({"LRANGE", key, "0", "-1"}); }
  // The first reply line as sent, for replies that are one line (nulls,
  // integers, errors): debug() prints every null form alike.
  std::string raw_line(const std::vector<std::string>& command) {
    client_->send_command(command);
    std::string line;
    char c;
    while (!line.ends_with("\r\n") && recv(client_->fd(), &c, 1, 0) == 1) line += c;
    return line;
  }

  static ServerProcess* server_;
  std::unique_ptr<TestClient> client_;
};
ServerProcess* ListsTest::server_ = nullptr;

// The LRANGE reply text of `elements`.
std::string listed(const std::deque<std::string>& elements) {
  std::string out = "[";
  for (size_t i = 0; i < elements.size(); ++i) {
    out += (i ? ", \"" : "\"") + elements[i] + "\"";
  }
  return out + "]";
}

TEST_F(ListsTest, PushesKeepRedisOrder) {
  run({"DEL", "push"});
  EXPECT_EQ(run({"LPUSH", "push", "a", "b", "c"}), ":3");
  EXPECT_EQ(run({"RPUSH", "push", "x", "y"}), ":5");
  EXPECT_EQ(range("push"), "[\"c\", \"b\", \"a\", \"x\", \"y\"]");
  EXPECT_EQ(run({"LPUSHX", "push", "h"}), ":6");
  EXPECT_EQ(run({"RPUSHX", "push", "t1", "t2"}), ":8");
  EXPECT_EQ(range("push"), "[\"h\", \"c\", \"b\", \"a\", \"x\", \"y\", \"t1\", \"t2\"]");
  EXPECT_EQ(run({"LPUSHX", "push-missing", "a"}), ":0");
  EXPECT_EQ(run({"RPUSHX", "push-missing", "a", "b"}), ":0");
  EXPECT_EQ(run({"EXISTS", "push-missing"}), ":0");
  EXPECT_EQ(run({"LPUSH", "push"}), "-ERR wrong number of arguments for 'lpush' command");
  EXPECT_EQ(run({"RPUSHX", "push"}), "-ERR wrong number of arguments for 'rpushx' command");
  EXPECT_EQ(run({"LLEN", "push"}), ":8");
  EXPECT_EQ(run({"LLEN", "push-missing"}), ":0");
  EXPECT_EQ(run({"RPUSH", "push-empty", ""}), ":1");
  EXPECT_EQ(range("push-empty"), "[\"\"]");
}

TEST_F(ListsTest, RangeAndIndexFollowRedisIndexRules) {
  run({"DEL", "idx"});
  run({"RPUSH", "idx", "0", "1", "2", "3", "4"});
  EXPECT_EQ(run({"LRANGE", "idx", "1", "2"}), "[\"1\", \"2\"]");
  EXPECT_EQ(run({"LRANGE", "idx", "-2", "-1"}), "[\"3\", \"4\"]");
  EXPECT_EQ(run({"LRANGE", "idx", "-100", "1"}), "[\"0\", \"1\"]");
  EXPECT_EQ(run({"LRANGE", "idx", "3", "100"}), "[\"3\", \"4\"]");
  EXPECT_EQ(run({"LRANGE", "idx", "3", "1"}), "[]");
  EXPECT_EQ(run({"LRANGE", "idx", "5", "10"}), "[]");
  EXPECT_EQ(run({"LRANGE", "idx", "0", "-6"}), "[]");
  EXPECT_EQ(run({"LRANGE", "idx", "9223372036854775807", "-9223372036854775808"}), "[]");
  EXPECT_EQ(run({"LRANGE", "idx", "-9223372036854775808", "9223372036854775807"}),
            "[\"0\", \"1\", \"2\", \"3\", \"4\"]");
  EXPECT_EQ(run({"LRANGE", "idx", "x", "1"}), kNotInteger);
  EXPECT_EQ(run({"LRANGE", "idx-missing", "x", "1"}), kNotInteger);
  EXPECT_EQ(run({"LRANGE", "idx-missing", "0", "-1"}), "[]");
  EXPECT_EQ(run({"LINDEX", "idx", "0"}), "\"0\"");
  EXPECT_EQ(run({"LINDEX", "idx", "-1"}), "\"4\"");
  EXPECT_EQ(run({"LINDEX", "idx", "-5"}), "\"0\"");
  EXPECT_EQ(run({"LINDEX", "idx", "5"}), "(nil)");
  EXPECT_EQ(run({"LINDEX", "idx", "-6"}), "(nil)");
  EXPECT_EQ(run({"LINDEX", "idx", "x"}), kNotInteger);
  // Redis looks the key up before it reads the index.
  EXPECT_EQ(run({"LINDEX", "idx-missing", "x"}), "(nil)");
}

TEST_F(ListsTest, PopsWithAndWithoutCount) {
  run({"DEL", "pop"});
  run({"RPUSH", "pop", "a", "b", "c", "d", "e"});
  EXPECT_EQ(run({"LPOP", "pop"}), "\"a\"");
  EXPECT_EQ(run({"RPOP", "pop"}), "\"e\"");
  EXPECT_EQ(run({"LPOP", "pop", "2"}), "[\"b\", \"c\"]");
  EXPECT_EQ(run({"LPOP", "pop", "0"}), "[]");
  EXPECT_EQ(run({"LPOP", "pop", "-1"}), kNotPositive);
  EXPECT_EQ(run({"RPOP", "pop", "x"}), kNotPositive);
  EXPECT_EQ(run({"LPOP", "pop", "1", "2"}), "-ERR wrong number of arguments for 'lpop' command");
  EXPECT_EQ(run({"RPOP", "pop", "9223372036854775807"}), "[\"d\"]");
  EXPECT_EQ(run({"EXISTS", "pop"}), ":0");
  run({"RPUSH", "pop", "a", "b", "c"});
  EXPECT_EQ(run({"RPOP", "pop", "2"}), "[\"c\", \"b\"]");
  EXPECT_EQ(run({"LLEN", "pop"}), ":1");
}

TEST_F(ListsTest, MissingKeysReplyRedisNullForms) {
  run({"DEL", "nulls", "nulls-dest"});
  EXPECT_EQ(raw_line({"LPOP", "nulls"}), "$-1\r\n");
  EXPECT_EQ(raw_line({"RPOP", "nulls", "0"}), "*-1\r\n");
  EXPECT_EQ(raw_line({"LPOP", "nulls", "3"}), "*-1\r\n");
  EXPECT_EQ(raw_line({"LINDEX", "nulls", "0"}), "$-1\r\n");
  EXPECT_EQ(raw_line({"LPOS", "nulls", "a"}), "$-1\r\n");
  EXPECT_EQ(raw_line({"LPOS", "nulls", "a", "COUNT", "0"}), "*0\r\n");
  EXPECT_EQ(raw_line({"RPOPLPUSH", "nulls", "nulls-dest"}), "$-1\r\n");
  EXPECT_EQ(raw_line({"LMOVE", "nulls", "nulls-dest", "LEFT", "RIGHT"}), "$-1\r\n");
  EXPECT_EQ(raw_line({"LMPOP", "1", "nulls", "LEFT"}), "*-1\r\n");
  run({"RPUSH", "nulls", "a"});
  EXPECT_EQ(raw_line({"LPOP", "nulls", "0"}), "*0\r\n");
  EXPECT_EQ(raw_line({"LINDEX", "nulls", "1"}), "$-1\r\n");
  EXPECT_EQ(raw_line({"LPOS", "nulls", "b"}), "$-1\r\n");

  ASSERT_EQ(client_->call({"HELLO", "3"}).type, Reply::kMap);
  EXPECT_EQ(raw_line({"LPOP", "nulls-missing"}), "_\r\n");
  EXPECT_EQ(raw_line({"LPOP", "nulls-missing", "2"}), "_\r\n");
  EXPECT_EQ(raw_line({"LINDEX", "nulls", "1"}), "_\r\n");
  EXPECT_EQ(raw_line({"LPOS", "nulls", "b"}), "_\r\n");
  EXPECT_EQ(raw_line({"LMPOP", "1", "nulls-missing", "LEFT"}), "_\r\n");
  EXPECT_EQ(raw_line({"RPOPLPUSH", "nulls-missing", "nulls-dest"}), "_\r\n");
  EXPECT_EQ(raw_line({"LPOP", "nulls", "0"}), "*0\r\n");
  EXPECT_EQ(run({"LMPOP", "2", "nulls-missing", "nulls", "RIGHT", "COUNT", "5"}),
            "[\"nulls\", [\"a\"]]");
}

TEST_F(ListsTest, LsetReplacesByIndex) {
  run({"DEL", "set"});
  EXPECT_EQ(run({"LSET", "set", "0", "v"}), "-ERR no such key");
  EXPECT_EQ(run({"LSET", "set", "x", "v"}), "-ERR no such key");
  run({"RPUSH", "set", "a", "b", "c"});
  EXPECT_EQ(run({"LSET", "set", "1", "B"}), "+OK");
  EXPECT_EQ(run({"LSET", "set", "-1", "C"}), "+OK");
  EXPECT_EQ(run({"LSET", "set", "-3", "A"}), "+OK");
  EXPECT_EQ(run({"LSET", "set", "3", "v"}), "-ERR index out of range");
  EXPECT_EQ(run({"LSET", "set", "-4", "v"}), "-ERR index out of range");
  EXPECT_EQ(run({"LSET", "set", "x", "v"}), kNotInteger);
  EXPECT_EQ(range("set"), "[\"A\", \"B\", \"C\"]");
}

TEST_F(ListsTest, LinsertShiftsEitherSide) {
  run({"DEL", "ins"});
  EXPECT_EQ(run({"LINSERT", "ins", "BEFORE", "a", "x"}), ":0");
  EXPECT_EQ(run({"EXISTS", "ins"}), ":0");
  EXPECT_EQ(run({"LINSERT", "ins", "MIDDLE", "a", "x"}), kSyntax);
  run({"RPUSH", "ins", "a", "b", "c", "d", "e", "f"});
  EXPECT_EQ(run({"LINSERT", "ins", "BEFORE", "b", "1"}), ":7");   // near the head
  EXPECT_EQ(run({"LINSERT", "ins", "after", "e", "2"}), ":8");    // near the tail
  EXPECT_EQ(run({"LINSERT", "ins", "BEFORE", "a", "0"}), ":9");   // at the head
  EXPECT_EQ(run({"LINSERT", "ins", "AFTER", "f", "3"}), ":10");   // at the tail
  EXPECT_EQ(run({"LINSERT", "ins", "AFTER", "zz", "3"}), ":-1");
  EXPECT_EQ(range("ins"),
            "[\"0\", \"a\", \"1\", \"b\", \"c\", \"d\", \"e\", \"2\", \"f\", \"3\"]");
  run({"RPUSH", "ins", "b"});
  EXPECT_EQ(run({"LINSERT", "ins", "AFTER", "b", "first-b"}), ":12");
  EXPECT_EQ(run({"LINDEX", "ins", "4"}), "\"first-b\"");
  EXPECT_EQ(run({"LINSERT", "ins", "BEFORE"}),
            "-ERR wrong number of arguments for 'linsert' command");
}

TEST_F(ListsTest, LremCountsFromEitherEnd) {
  run({"DEL", "rem"});
  EXPECT_EQ(run({"LREM", "rem", "0", "a"}), ":0");
  EXPECT_EQ(run({"LREM", "rem", "x", "a"}), kNotInteger);
  run({"RPUSH", "rem", "a", "b", "a", "c", "a", "d", "a"});
  EXPECT_EQ(run({"LREM", "rem", "1", "a"}), ":1");
  EXPECT_EQ(range("rem"), "[\"b\", \"a\", \"c\", \"a\", \"d\", \"a\"]");
  EXPECT_EQ(run({"LREM", "rem", "-2", "a"}), ":2");
  EXPECT_EQ(range("rem"), "[\"b\", \"a\", \"c\", \"d\"]");
  EXPECT_EQ(run({"LREM", "rem", "0", "zz"}), ":0");
  run({"RPUSH", "rem", "a", "a"});
  EXPECT_EQ(run({"LREM", "rem", "0", "a"}), ":3");
  EXPECT_EQ(range("rem"), "[\"b\", \"c\", \"d\"]");
  EXPECT_EQ(run({"LREM", "rem", "-9223372036854775808", "c"}), ":1");
  EXPECT_EQ(run({"LREM", "rem", "0", "b"}), ":1");
  EXPECT_EQ(run({"LREM", "rem", "5", "d"}), ":1");
  EXPECT_EQ(run({"EXISTS", "rem"}), ":0");
}

TEST_F(ListsTest, LtrimKeepsTheRangeAndTheTtl) {
  run({"DEL", "trim"});
  EXPECT_EQ(run({"LTRIM", "trim", "0", "1"}), "+OK");
  EXPECT_EQ(run({"LTRIM", "trim", "x", "1"}), kNotInteger);
  run({"RPUSH", "trim", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"});
  run({"EXPIRE", "trim", "1000"});
  EXPECT_EQ(run({"LTRIM", "trim", "1", "-2"}), "+OK");  // removes fewer than it keeps
  EXPECT_EQ(range("trim"), "[\"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\"]");
  EXPECT_EQ(run({"LTRIM", "trim", "2", "3"}), "+OK");  // keeps fewer than it removes
  EXPECT_EQ(range("trim"), "[\"3\", \"4\"]");
  EXPECT_EQ(run({"TTL", "trim"}), ":1000");
  EXPECT_EQ(run({"RPUSH", "trim", "5"}), ":3");
  EXPECT_EQ(run({"LPUSH", "trim", "2"}), ":4");
  EXPECT_EQ(range("trim"), "[\"2\", \"3\", \"4\", \"5\"]");
  EXPECT_EQ(run({"LTRIM", "trim", "-100", "100"}), "+OK");
  EXPECT_EQ(run({"LLEN", "trim"}), ":4");
  EXPECT_EQ(run({"LTRIM", "trim", "3", "1"}), "+OK");
  EXPECT_EQ(run({"EXISTS", "trim"}), ":0");
  run({"RPUSH", "trim", "a", "b"});
  EXPECT_EQ(run({"TTL", "trim"}), ":-1");  // a new list
  EXPECT_EQ(run({"LTRIM", "trim", "5", "10"}), "+OK");
  EXPECT_EQ(run({"EXISTS", "trim"}), ":0");
}

TEST_F(ListsTest, LposRankCountMaxlen) {
  run({"DEL", "pos"});
  run({"RPUSH", "pos", "a", "b", "a", "c", "a"});
  EXPECT_EQ(run({"LPOS", "pos", "a"}), ":0");
  EXPECT_EQ(run({"LPOS", "pos", "c"}), ":3");
  EXPECT_EQ(run({"LPOS", "pos", "a", "RANK", "2"}), ":2");
  EXPECT_EQ(run({"LPOS", "pos", "a", "RANK", "-1"}), ":4");
  EXPECT_EQ(run({"LPOS", "pos", "a", "RANK", "4"}), "(nil)");
  EXPECT_EQ(run({"LPOS", "pos", "a", "COUNT", "0"}), "[:0, :2, :4]");
  EXPECT_EQ(run({"LPOS", "pos", "a", "COUNT", "2"}), "[:0, :2]");
  EXPECT_EQ(run({"LPOS", "pos", "a", "RANK", "-2", "COUNT", "0"}), "[:2, :0]");
  EXPECT_EQ(run({"LPOS", "pos", "a", "COUNT", "0", "MAXLEN", "3"}), "[:0, :2]");
  EXPECT_EQ(run({"LPOS", "pos", "a", "RANK", "-1", "COUNT", "0", "MAXLEN", "2"}), "[:4]");
  EXPECT_EQ(run({"LPOS", "pos", "zz", "COUNT", "0"}), "[]");
  // Redis negates RANK as a long: the smallest one stays negative, every
  // match qualifies and COUNT never ends the search.
  EXPECT_EQ(run({"LPOS", "pos", "a", "RANK", "-9223372036854775808"}), ":4");
  EXPECT_EQ(run({"LPOS", "pos", "a", "RANK", "-9223372036854775808", "COUNT", "1"}),
            "[:4, :2, :0]");
  EXPECT_EQ(run({"LPOS", "pos", "a", "RANK", "0"}),
            "-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second "
            "... or use negative to start from the end of the list");
  EXPECT_EQ(run({"LPOS", "pos", "a", "RANK", "x"}), kNotInteger);
  EXPECT_EQ(run({"LPOS", "pos", "a", "COUNT", "-1"}), "-ERR COUNT can't be negative");
  EXPECT_EQ(run({"LPOS", "pos", "a", "COUNT", "x"}), "-ERR COUNT can't be negative");
  EXPECT_EQ(run({"LPOS", "pos", "a", "MAXLEN", "-1"}), "-ERR MAXLEN can't be negative");
  EXPECT_EQ(run({"LPOS", "pos", "a", "COUNT"}), kSyntax);
  EXPECT_EQ(run({"LPOS", "pos", "a", "BOGUS", "1"}), kSyntax);
  EXPECT_EQ(run({"LPOS", "pos-missing", "a", "RANK", "0"}),
            "-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second "
            "... or use negative to start from the end of the list");
}

TEST_F(ListsTest, LmoveAndRpoplpushInEveryDirection) {
  // {m} keeps both keys in one shard; the others likely cross shards.
  for (auto [source, destination] : {std::pair{"{m}src", "{m}dst"}, std::pair{"src1", "dst2"}}) {
    run({"DEL", source, destination});
    run({"RPUSH", source, "a", "b", "c", "d"});
    EXPECT_EQ(run({"LMOVE", source, destination, "LEFT", "RIGHT"}), "\"a\"");
    EXPECT_EQ(run({"LMOVE", source, destination, "RIGHT", "LEFT"}), "\"d\"");
    EXPECT_EQ(run({"LMOVE", source, destination, "left", "left"}), "\"b\"");
    EXPECT_EQ(run({"RPOPLPUSH", source, destination}), "\"c\"");
    EXPECT_EQ(run({"EXISTS", source}), ":0");
    EXPECT_EQ(range(destination), "[\"c\", \"b\", \"d\", \"a\"]");
    EXPECT_EQ(run({"LMOVE", destination, source, "RIGHT", "RIGHT"}), "\"a\"");
    EXPECT_EQ(range(source), "[\"a\"]");
    EXPECT_EQ(run({"LMOVE", source, destination, "UP", "LEFT"}), kSyntax);
  }
}

TEST_F(ListsTest, LmoveOntoItselfRotates) {
  run({"DEL", "rot"});
  run({"RPUSH", "rot", "a", "b", "c"});
  EXPECT_EQ(run({"RPOPLPUSH", "rot", "rot"}), "\"c\"");
  EXPECT_EQ(range("rot"), "[\"c\", \"a\", \"b\"]");
  EXPECT_EQ(run({"LMOVE", "rot", "rot", "LEFT", "RIGHT"}), "\"c\"");
  EXPECT_EQ(range("rot"), "[\"a\", \"b\", \"c\"]");
  EXPECT_EQ(run({"LMOVE", "rot", "rot", "LEFT", "LEFT"}), "\"a\"");
  EXPECT_EQ(range("rot"), "[\"a\", \"b\", \"c\"]");
  run({"DEL", "rot"});
  run({"RPUSH", "rot", "only"});
  EXPECT_EQ(run({"LMOVE", "rot", "rot", "RIGHT", "LEFT"}), "\"only\"");
  EXPECT_EQ(range("rot"), "[\"only\"]");
}

TEST_F(ListsTest, LmoveDestinationRules) {
  run({"DEL", "mv-src", "mv-dst", "mv-str"});
  run({"RPUSH", "mv-src", "a", "b"});
  run({"SET", "mv-str", "x"});
  EXPECT_EQ(run({"LMOVE", "mv-src", "mv-str", "LEFT", "LEFT"}), kWrongType);
  EXPECT_EQ(run({"RPOPLPUSH", "mv-src", "mv-str"}), kWrongType);
  EXPECT_EQ(range("mv-src"), "[\"a\", \"b\"]");  // untouched
  EXPECT_EQ(run({"RPOPLPUSH", "mv-str", "mv-src"}), kWrongType);
  // A missing source never looks at the destination.
  EXPECT_EQ(run({"RPOPLPUSH", "mv-missing", "mv-str"}), "(nil)");
  // A new destination has no TTL; an existing one keeps its own.
  run({"EXPIRE", "mv-src", "1000"});
  EXPECT_EQ(run({"RPOPLPUSH", "mv-src", "mv-dst"}), "\"b\"");
  EXPECT_EQ(run({"TTL", "mv-dst"}), ":-1");
  EXPECT_EQ(run({"TTL", "mv-src"}), ":1000");
  run({"EXPIRE", "mv-dst", "2000"});
  EXPECT_EQ(run({"RPOPLPUSH", "mv-src", "mv-dst"}), "\"a\"");
  EXPECT_EQ(run({"TTL", "mv-dst"}), ":2000");
  EXPECT_EQ(run({"EXISTS", "mv-src"}), ":0");
}

TEST_F(ListsTest, LmpopParsesLikeRedis) {
  run({"DEL", "mp1", "mp2", "mp-str"});
  EXPECT_EQ(run({"LMPOP", "0", "mp1", "LEFT"}), "-ERR numkeys should be greater than 0");
  EXPECT_EQ(run({"LMPOP", "x", "mp1", "LEFT"}), "-ERR numkeys should be greater than 0");
  EXPECT_EQ(run({"LMPOP", "2", "mp1", "LEFT"}), kSyntax);
  EXPECT_EQ(run({"LMPOP", "9223372036854775807", "mp1", "LEFT"}), kSyntax);
  EXPECT_EQ(run({"LMPOP", "1", "mp1", "UP"}), kSyntax);
  EXPECT_EQ(run({"LMPOP", "1", "mp1", "LEFT", "COUNT", "0"}),
            "-ERR count should be greater than 0");
  EXPECT_EQ(run({"LMPOP", "1", "mp1", "LEFT", "COUNT", "x"}),
            "-ERR count should be greater than 0");
  EXPECT_EQ(run({"LMPOP", "1", "mp1", "LEFT", "COUNT", "1", "COUNT", "1"}), kSyntax);
  EXPECT_EQ(run({"LMPOP", "1", "mp1", "LEFT", "COUNT"}), kSyntax);
  EXPECT_EQ(run({"LMPOP", "1", "mp1"}), "-ERR wrong number of arguments for 'lmpop' command");
  EXPECT_EQ(run({"LMPOP", "2", "mp1", "mp2", "LEFT"}), "(nil)");

  run({"RPUSH", "mp2", "a", "b", "c"});
  EXPECT_EQ(run({"LMPOP", "2", "mp1", "mp2", "LEFT"}), "[\"mp2\", [\"a\"]]");
  EXPECT_EQ(run({"LMPOP", "2", "mp1", "mp2", "RIGHT", "COUNT", "10"}),
            "[\"mp2\", [\"c\", \"b\"]]");
  EXPECT_EQ(run({"EXISTS", "mp2"}), ":0");
  run({"SET", "mp-str", "x"});
  run({"RPUSH", "mp2", "a"});
  EXPECT_EQ(run({"LMPOP", "3", "mp1", "mp-str", "mp2", "LEFT"}), kWrongType);
  EXPECT_EQ(run({"LMPOP", "3", "mp1", "mp2", "mp-str", "left", "count", "1"}),
            "[\"mp2\", [\"a\"]]");
}

TEST_F(ListsTest, EveryCommandRefusesOtherTypes) {
  run({"DEL", "str"});
  run({"SET", "str", "v"});
  std::vector<std::vector<std::string>> commands = {
      {"LPUSH", "str", "a"},          {"RPUSH", "str", "a"},
      {"LPUSHX", "str", "a"},         {"RPUSHX", "str", "a"},
      {"LPOP", "str"},                {"RPOP", "str", "2"},
      {"LPOP", "str", "0"},           {"LLEN", "str"},
      {"LRANGE", "str", "0", "-1"},   {"LINDEX", "str", "0"},
      {"LINDEX", "str", "x"},         {"LSET", "str", "0", "a"},
      {"LINSERT", "str", "BEFORE", "a", "b"},
      {"LREM", "str", "0", "a"},      {"LTRIM", "str", "0", "1"},
      {"LPOS", "str", "a"},           {"RPOPLPUSH", "str", "other"},
      {"LMOVE", "str", "other", "LEFT", "LEFT"},
      {"LMPOP", "1", "str", "LEFT"}};
  for (const auto& command : commands) EXPECT_EQ(run(command), kWrongType) << command[0];
  EXPECT_EQ(run({"GET", "str"}), "\"v\"");
  run({"DEL", "lst"});
  run({"RPUSH", "lst", "a"});
  EXPECT_EQ(run({"GET", "lst"}), kWrongType);
  EXPECT_EQ(run({"TYPE", "lst"}), "+list");
  EXPECT_EQ(run({"OBJECT", "ENCODING", "lst"}), "\"quicklist\"");
}

TEST_F(ListsTest, EmptiedListsDisappear) {
  auto emptied = [&](std::vector<std::string> command) {
    run({"DEL", "gone"});
    run({"RPUSH", "gone", "a", "b"});
    run(command);
    return run({"EXISTS", "gone"}) + run({"TYPE", "gone"});
  };
  EXPECT_EQ(emptied({"LPOP", "gone", "2"}), ":0+none");
  EXPECT_EQ(emptied({"RPOP", "gone", "5"}), ":0+none");
  EXPECT_EQ(emptied({"LREM", "gone", "0", "a"}), ":1+list");
  EXPECT_EQ(emptied({"LTRIM", "gone", "2", "-1"}), ":0+none");
  EXPECT_EQ(emptied({"LMPOP", "1", "gone", "LEFT", "COUNT", "2"}), ":0+none");
  run({"DEL", "gone", "gone-dst"});
  run({"RPUSH", "gone", "a"});
  run({"LMOVE", "gone", "gone-dst", "LEFT", "LEFT"});
  EXPECT_EQ(run({"EXISTS", "gone"}), ":0");
  run({"LPOP", "gone-dst"});
  EXPECT_EQ(run({"EXISTS", "gone-dst"}), ":0");
  run({"RPUSH", "gone", "a", "a"});
  run({"LREM", "gone", "0", "a"});
  EXPECT_EQ(run({"EXISTS", "gone"}), ":0");
}

TEST_F(ListsTest, GenericKeyCommandsCarryLists) {
  run({"DEL", "gen", "gen-copy", "gen-renamed"});
  run({"SELECT", "1"});
  run({"DEL", "gen"});
  run({"SELECT", "0"});
  run({"RPUSH", "gen", "a", "b", "c"});
  run({"LTRIM", "gen", "1", "-1"});  // bounds no longer start at the first index
  EXPECT_EQ(run({"COPY", "gen", "gen-copy"}), ":1");
  EXPECT_EQ(run({"LPUSH", "gen-copy", "z"}), ":3");
  EXPECT_EQ(range("gen-copy"), "[\"z\", \"b\", \"c\"]");
  EXPECT_EQ(range("gen"), "[\"b\", \"c\"]");
  EXPECT_EQ(run({"RENAME", "gen-copy", "gen-renamed"}), "+OK");
  EXPECT_EQ(range("gen-renamed"), "[\"z\", \"b\", \"c\"]");
  EXPECT_EQ(run({"MOVE", "gen", "1"}), ":1");
  run({"SELECT", "1"});
  EXPECT_EQ(range("gen"), "[\"b\", \"c\"]");
  EXPECT_EQ(run({"DEL", "gen"}), ":1");
  run({"SELECT", "0"});
  EXPECT_EQ(run({"DEL", "gen-renamed"}), ":1");
  EXPECT_EQ(run({"LLEN", "gen-renamed"}), ":0");
  run({"RPUSH", "{gen}list", "a"});
  run({"SET", "{gen}string", "a"});
  EXPECT_EQ(run({"SCAN", "0", "MATCH", "{gen}*", "TYPE", "list", "COUNT", "1000"}),
            "[\"0\", [\"{gen}list\"]]");
}

TEST_F(ListsTest, ListChangesBreakWatch) {
  TestClient other(server_->port());
  for (std::vector<std::string> change :
       {std::vector<std::string>{"LSET", "watched", "0", "z"}, {"LTRIM", "watched", "0", "-1"},
        {"LINSERT", "watched", "AFTER", "a", "b"}, {"RPOPLPUSH", "watched", "watched"},
        {"LMPOP", "1", "watched", "LEFT"}}) {
    run({"DEL", "watched"});
    run({"RPUSH", "watched", "a", "c"});
    run({"WATCH", "watched"});
    other.call(change);
    run({"MULTI"});
    run({"LLEN", "watched"});
    EXPECT_EQ(run({"EXEC"}), "(nil)") << change[0];
  }
  // Commands that change nothing leave the watch in force, as in Redis.
  run({"DEL", "watched"});
  run({"RPUSH", "watched", "a"});
  run({"WATCH", "watched"});
  other.call({"LREM", "watched", "0", "zz"});
  other.call({"LINSERT", "watched", "BEFORE", "zz", "x"});
  other.call({"LPOP", "watched", "0"});
  run({"MULTI"});
  run({"LLEN", "watched"});
  EXPECT_EQ(run({"EXEC"}), "[:1]");
}

// Inserts, removals, sets and trims anywhere in lists longer than the
// chunk ListKey moves at once, checked against a model after every step.
TEST_F(ListsTest, MiddleEditsMatchAModel) {
  std::mt19937_64 rng(7);
  std::deque<std::string> model;
  run({"DEL", "model"});
  std::vector<std::string> push = {"RPUSH", "model"};
  for (int i = 0; i < 1500; ++i) {
    push.push_back("e" + std::to_string(i % 300));
    model.push_back(push.back());
  }
  ASSERT_EQ(run(push), ":1500");
  for (int step = 0; step < 200; ++step) {
    auto position = static_cast<size_t>(rng() % model.size());
    std::string pivot = model[position];
    std::string fresh = "n" + std::to_string(step);
    switch (rng() % 4) {
      case 0: {  // LINSERT BEFORE the first match of the pivot
        ASSERT_EQ(run({"LINSERT", "model", "BEFORE", pivot, fresh}),
                  ":" + std::to_string(model.size() + 1));
        model.insert(std::find(model.begin(), model.end(), pivot), fresh);
        break;
      }
      case 1: {  // LREM a few matches from either end
        int64_t count = static_cast<int64_t>(rng() % 5) - 2;
        std::vector<size_t> matches;
        for (size_t i = 0; i < model.size(); ++i) {
          if (model[i] == pivot) matches.push_back(i);
        }
        if (count < 0) std::reverse(matches.begin(), matches.end());
        if (count != 0 && matches.size() > static_cast<size_t>(std::abs(count))) {
          matches.resize(static_cast<size_t>(std::abs(count)));
        }
        std::sort(matches.rbegin(), matches.rend());
        for (size_t i : matches) model.erase(model.begin() + static_cast<ptrdiff_t>(i));
        ASSERT_EQ(run({"LREM", "model", std::to_string(count), pivot}),
                  ":" + std::to_string(matches.size()));
        break;
      }
      case 2:
        ASSERT_EQ(run({"LSET", "model", std::to_string(position), fresh}), "+OK");
        model[position] = fresh;
        break;
      default: {  // LTRIM a few from either end (deleting path) or keep a few (copy path)
        size_t first = rng() % 3;
        size_t keep = model.size() > 40 && rng() % 8 == 0 ? 30 : model.size() - first - rng() % 3;
        ASSERT_EQ(run({"LTRIM", "model", std::to_string(first),
                       std::to_string(first + keep - 1)}),
                  "+OK");
        model = std::deque<std::string>(model.begin() + static_cast<ptrdiff_t>(first),
                                        model.begin() + static_cast<ptrdiff_t>(first + keep));
        if (model.size() < 100) {  // grow again on both sides
          for (int i = 0; i < 600; ++i) {
            std::string element = "g" + std::to_string(i % 50);
            run({i % 2 ? "LPUSH" : "RPUSH", "model", element});
            if (i % 2) {
              model.push_front(element);
            } else {
              model.push_back(element);
            }
          }
        }
      }
    }
    ASSERT_EQ(range("model"), listed(model)) << "after step " << step;
  }
}

// A list of 200 000 elements: bounded requests stay correct at both ends
// and in the middle, and a trim that keeps few elements takes the copy path.
TEST_F(ListsTest, BigListBoundedRequests) {
  run({"DEL", "big"});
  constexpr int kTotal = 200000;
  constexpr int kBatch = 1000;
  for (int start = 0; start < kTotal; start += kBatch) {
    std::vector<std::string> push = {"RPUSH", "big"};
    for (int i = start; i < start + kBatch; ++i) push.push_back(std::to_string(i));
    client_->send_command(push);
  }
  for (int start = 0; start < kTotal; start += kBatch) {
    ASSERT_EQ(client_->read_reply().integer, start + kBatch);
  }
  EXPECT_EQ(run({"LRANGE", "big", "0", "2"}), "[\"0\", \"1\", \"2\"]");
  EXPECT_EQ(run({"LRANGE", "big", "-2", "-1"}), "[\"199998\", \"199999\"]");
  EXPECT_EQ(run({"LINDEX", "big", "100000"}), "\"100000\"");
  EXPECT_EQ(run({"LSET", "big", "100000", "mid"}), "+OK");
  EXPECT_EQ(run({"LPOS", "big", "mid"}), ":100000");
  EXPECT_EQ(run({"LINSERT", "big", "BEFORE", "3", "near-head"}), ":200001");
  EXPECT_EQ(run({"LRANGE", "big", "2", "4"}), "[\"2\", \"near-head\", \"3\"]");
  EXPECT_EQ(run({"LREM", "big", "-1", "199990"}), ":1");
  EXPECT_EQ(run({"LRANGE", "big", "-11", "-9"}), "[\"199988\", \"199989\", \"199991\"]");
  EXPECT_EQ(run({"LPOP", "big", "3"}), "[\"0\", \"1\", \"2\"]");
  EXPECT_EQ(run({"LTRIM", "big", "99990", "99999"}), "+OK");
  EXPECT_EQ(run({"LLEN", "big"}), ":10");
  EXPECT_EQ(run({"LRANGE", "big", "0", "-1"}),
            "[\"99992\", \"99993\", \"99994\", \"99995\", \"99996\", \"99997\", \"99998\", "
            "\"99999\", \"mid\", \"100001\"]");
  EXPECT_EQ(run({"DEL", "big"}), ":1");
  EXPECT_EQ(run({"EXISTS", "big"}), ":0");
}

// Queues and stacks: every pop leaves a deleted record just outside the
// list, where a scan from that end would wade through all of them (RPOP
// once cost O(earlier pops) that way). 20 000 pipelined pops per end.
TEST_F(ListsTest, LongQueuesAndStacksPopInOrder) {
  constexpr int kCount = 20000;
  for (const char* pop : {"RPOP", "LPOP"}) {
    run({"DEL", "queue"});
    for (int i = 0; i < kCount; ++i) client_->send_command({"LPUSH", "queue", std::to_string(i)});
    for (int i = 0; i < kCount; ++i) ASSERT_EQ(client_->read_reply().integer, i + 1);
    bool from_tail = std::string_view(pop) == "RPOP";
    for (int i = 0; i < kCount; ++i) client_->send_command({pop, "queue"});
    for (int i = 0; i < kCount; ++i) {
      int expected = from_tail ? i : kCount - 1 - i;
      ASSERT_EQ(client_->read_reply().text, std::to_string(expected)) << pop << " " << i;
    }
    EXPECT_EQ(run({"EXISTS", "queue"}), ":0");
    // Refilled after all those pops: both ends and the middle still read right.
    run({"RPUSH", "queue", "a", "b", "c", "d"});
    EXPECT_EQ(run({"LRANGE", "queue", "-2", "-1"}), "[\"c\", \"d\"]");
    EXPECT_EQ(run({"LPOS", "queue", "a", "RANK", "-1"}), ":0");
    EXPECT_EQ(run({"LREM", "queue", "-1", "b"}), ":1");
    EXPECT_EQ(range("queue"), "[\"a\", \"c\", \"d\"]");
  }
}

TEST(ListsRestartTest, ListsSurviveARestart) {
  char pattern[] = "/tmp/ringkv-lists-XXXXXX";
  std::string dir = mkdtemp(pattern);
  {
    ServerProcess server({"--threads", "2"}, dir);
    TestClient c(server.port());
    c.call({"RPUSH", "kept", "a", "b", "c", "d", "e"});
    c.call({"LPUSH", "kept", "z"});
    c.call({"LINSERT", "kept", "AFTER", "c", "c2"});
    c.call({"LREM", "kept", "1", "b"});
    c.call({"LTRIM", "kept", "0", "4"});
    c.call({"RPUSH", "trimmed", "1", "2", "3", "4", "5", "6"});
    c.call({"LTRIM", "trimmed", "4", "4"});  // copied to a new version
    c.call({"RPUSH", "emptied", "x"});
    c.call({"LPOP", "emptied"});
    c.call({"RPUSH", "{x}src", "1", "2"});
    c.call({"LMOVE", "{x}src", "dst", "LEFT", "RIGHT"});
    EXPECT_EQ(server.stop(), 0);
  }
  {
    ServerProcess server({"--threads", "2"}, dir);
    TestClient c(server.port());
    EXPECT_EQ(c.call({"LRANGE", "kept", "0", "-1"}).debug(),
              "[\"z\", \"a\", \"c\", \"c2\", \"d\"]");
    EXPECT_EQ(c.call({"LRANGE", "trimmed", "0", "-1"}).debug(), "[\"5\"]");
    EXPECT_EQ(c.call({"EXISTS", "emptied"}).debug(), ":0");
    EXPECT_EQ(c.call({"LRANGE", "{x}src", "0", "-1"}).debug(), "[\"2\"]");
    EXPECT_EQ(c.call({"LRANGE", "dst", "0", "-1"}).debug(), "[\"1\"]");
    EXPECT_EQ(c.call({"RPUSH", "kept", "f"}).debug(), ":6");
    EXPECT_EQ(c.call({"LINDEX", "kept", "-1"}).debug(), "\"f\"");
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ringkv::testing
