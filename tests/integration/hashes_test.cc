// Hash commands against the real server: every command, its options and
// errors, RESP3 reply shapes, WRONGTYPE, empty hashes disappearing, HSCAN
// cursors over a changing hash, HRANDFIELD on big hashes and a restart.
// Expected replies were checked against redis-server 7.0; where Redis's
// order is unspecified, ringkv answers in byte order and the tests say so.
#include <gtest/gtest.h>

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
constexpr const char* kSyntax = "-ERR syntax error";

class HashesTest : public ::testing::Test {
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

  // Fills `key` with fields f0..f<n-1> (values v0...) through one pipeline.
  void fill(const std::string& key, int fields) {
    constexpr int kPerCommand = 100;
    int commands = 0;
    for (int first = 0; first < fields; first += kPerCommand) {
      std::vector<std::string> command = {"HSET", key};
      for (int i = first; i < fields && i < first + kPerCommand; ++i) {
        command.push_back("f" + std::to_string(i));
        command.push_back("v" + std::to_string(i));
      }
      client_->send_command(command);
      ++commands;
    }
    for (int i = 0; i < commands; ++i) ASSERT_EQ(client_->read_reply().type, Reply::kInteger);
  }

  static ServerProcess* server_;
  std::unique_ptr<TestClient> client_;
};
ServerProcess* HashesTest::server_ = nullptr;

TEST_F(HashesTest, SetGetAndCounts) {
  EXPECT_EQ(run({"HSET", "h", "a", "1", "b", "2"}), ":2");
  EXPECT_EQ(run({"HSET", "h", "a", "10", "c", "3"}), ":1");  // a updated, c new
  EXPECT_EQ(run({"HSET", "h", "d", "4", "d", "5"}), ":1");   // one new field, last wins
  EXPECT_EQ(run({"HGET", "h", "d"}), "\"5\"");
  EXPECT_EQ(run({"HGET", "h", "a"}), "\"10\"");
  EXPECT_EQ(run({"HGET", "h", "zz"}), "(nil)");
  EXPECT_EQ(run({"HGET", "nokey", "a"}), "(nil)");
  EXPECT_EQ(run({"HLEN", "h"}), ":4");
  EXPECT_EQ(run({"HLEN", "nokey"}), ":0");
  EXPECT_EQ(run({"HMSET", "h", "e", "", "a", "11"}), "+OK");
  EXPECT_EQ(run({"HMGET", "h", "a", "zz", "e"}), "[\"11\", (nil), \"\"]");
  EXPECT_EQ(run({"HMGET", "nokey", "a", "b"}), "[(nil), (nil)]");
  EXPECT_EQ(run({"HSTRLEN", "h", "a"}), ":2");
  EXPECT_EQ(run({"HSTRLEN", "h", "e"}), ":0");
  EXPECT_EQ(run({"HSTRLEN", "h", "zz"}), ":0");
  EXPECT_EQ(run({"HSTRLEN", "nokey", "zz"}), ":0");
  EXPECT_EQ(run({"HEXISTS", "h", "e"}), ":1");
  EXPECT_EQ(run({"HEXISTS", "h", "zz"}), ":0");
  EXPECT_EQ(run({"HEXISTS", "nokey", "a"}), ":0");
  EXPECT_EQ(run({"TYPE", "h"}), "+hash");
}

TEST_F(HashesTest, SetNxOnlyCreates) {
  EXPECT_EQ(run({"HSETNX", "h", "a", "1"}), ":1");
  EXPECT_EQ(run({"HSETNX", "h", "a", "2"}), ":0");
  EXPECT_EQ(run({"HGET", "h", "a"}), "\"1\"");
  EXPECT_EQ(run({"HSETNX", "h", "b", "2"}), ":1");
  EXPECT_EQ(run({"HLEN", "h"}), ":2");
}

TEST_F(HashesTest, ArityErrors) {
  EXPECT_EQ(run({"HSET", "h", "a"}), "-ERR wrong number of arguments for 'hset' command");
  EXPECT_EQ(run({"HSET", "h", "a", "1", "b"}), "-ERR wrong number of arguments for 'hset' command");
  EXPECT_EQ(run({"HMSET", "h", "a", "1", "b"}),
            "-ERR wrong number of arguments for 'hmset' command");
  EXPECT_EQ(run({"HGET", "h"}), "-ERR wrong number of arguments for 'hget' command");
  EXPECT_EQ(run({"HSETNX", "h", "a"}), "-ERR wrong number of arguments for 'hsetnx' command");
  EXPECT_EQ(run({"HDEL", "h"}), "-ERR wrong number of arguments for 'hdel' command");
  EXPECT_EQ(run({"HMGET", "h"}), "-ERR wrong number of arguments for 'hmget' command");
  EXPECT_EQ(run({"HSCAN", "h"}), "-ERR wrong number of arguments for 'hscan' command");
  EXPECT_EQ(run({"HRANDFIELD"}), "-ERR wrong number of arguments for 'hrandfield' command");
  EXPECT_EQ(run({"EXISTS", "h"}), ":0");
}

TEST_F(HashesTest, DeleteAndEmptyHashDisappears) {
  run({"HSET", "h", "a", "1", "b", "2", "c", "3"});
  EXPECT_EQ(run({"HDEL", "h", "a", "zz", "a"}), ":1");
  EXPECT_EQ(run({"HDEL", "nokey", "a"}), ":0");
  EXPECT_EQ(run({"HDEL", "h", "b", "c", "d"}), ":2");
  EXPECT_EQ(run({"EXISTS", "h"}), ":0");
  EXPECT_EQ(run({"TYPE", "h"}), "+none");
  EXPECT_EQ(run({"HLEN", "h"}), ":0");
  // A hash recreated after disappearing starts empty.
  EXPECT_EQ(run({"HSET", "h", "z", "1"}), ":1");
  EXPECT_EQ(run({"HGETALL", "h"}), "[\"z\", \"1\"]");
}

TEST_F(HashesTest, WholeHashReplies) {
  run({"HSET", "h", "b", "2", "a", "1", "c", "3"});
  // Redis's order is unspecified; ringkv answers in byte order.
  EXPECT_EQ(run({"HKEYS", "h"}), "[\"a\", \"b\", \"c\"]");
  EXPECT_EQ(run({"HVALS", "h"}), "[\"1\", \"2\", \"3\"]");
  EXPECT_EQ(run({"HGETALL", "h"}), "[\"a\", \"1\", \"b\", \"2\", \"c\", \"3\"]");
  EXPECT_EQ(run({"HKEYS", "nokey"}), "[]");
  EXPECT_EQ(run({"HVALS", "nokey"}), "[]");
  EXPECT_EQ(run({"HGETALL", "nokey"}), "[]");
}

TEST_F(HashesTest, Resp3Shapes) {
  ASSERT_EQ(call({"HELLO", "3"}).type, Reply::kMap);
  run({"HSET", "h", "a", "1", "b", "2"});
  EXPECT_EQ(run({"HGETALL", "h"}), "%{\"a\", \"1\", \"b\", \"2\"}");
  EXPECT_EQ(run({"HGETALL", "nokey"}), "%{}");
  EXPECT_EQ(run({"HKEYS", "h"}), "[\"a\", \"b\"]");
  EXPECT_EQ(run({"HGET", "nokey", "a"}), "(nil)");
  EXPECT_EQ(call({"HGET", "nokey", "a"}).type, Reply::kNull);
  EXPECT_EQ(run({"HMGET", "h", "a", "zz"}), "[\"1\", (nil)]");
  EXPECT_EQ(run({"HRANDFIELD", "nokey"}), "(nil)");
  EXPECT_EQ(run({"HRANDFIELD", "nokey", "3"}), "[]");
  // WITHVALUES nests each pair in RESP3.
  EXPECT_EQ(run({"HRANDFIELD", "h", "5", "WITHVALUES"}), "[[\"a\", \"1\"], [\"b\", \"2\"]]");
  Reply repeated = call({"HRANDFIELD", "h", "-3", "WITHVALUES"});
  ASSERT_EQ(repeated.elements.size(), 3u);
  for (const Reply& pair : repeated.elements) {
    ASSERT_EQ(pair.type, Reply::kArray);
    ASSERT_EQ(pair.elements.size(), 2u);
    EXPECT_EQ(pair.elements[0].text == "a" ? "1" : "2", pair.elements[1].text);
  }
  EXPECT_EQ(run({"HSCAN", "h", "0"}), "[\"0\", [\"a\", \"1\", \"b\", \"2\"]]");
  EXPECT_EQ(run({"HINCRBYFLOAT", "h", "a", "0.5"}), "\"1.5\"");  // a bulk, not a double
}

TEST_F(HashesTest, WrongType) {
  run({"SET", "s", "v"});
  for (auto command : std::vector<std::vector<std::string>>{{"HSET", "s", "a", "1"},
                                                            {"HSETNX", "s", "a", "1"},
                                                            {"HMSET", "s", "a", "1"},
                                                            {"HGET", "s", "a"},
                                                            {"HMGET", "s", "a"},
                                                            {"HDEL", "s", "a"},
                                                            {"HLEN", "s"},
                                                            {"HSTRLEN", "s", "a"},
                                                            {"HEXISTS", "s", "a"},
                                                            {"HKEYS", "s"},
                                                            {"HVALS", "s"},
                                                            {"HGETALL", "s"},
                                                            {"HINCRBY", "s", "a", "1"},
                                                            {"HINCRBYFLOAT", "s", "a", "1"},
                                                            {"HRANDFIELD", "s"},
                                                            {"HRANDFIELD", "s", "2"},
                                                            {"HSCAN", "s", "0"}}) {
    EXPECT_EQ(client_->call(command).debug(), kWrongType) << command[0];
  }
  EXPECT_EQ(run({"GET", "s"}), "\"v\"");
  run({"HSET", "h", "a", "1"});
  EXPECT_EQ(run({"GET", "h"}), kWrongType);
  EXPECT_EQ(run({"SADD", "h", "x"}), kWrongType);
}

TEST_F(HashesTest, IncrBy) {
  EXPECT_EQ(run({"HINCRBY", "h", "n", "5"}), ":5");
  EXPECT_EQ(run({"HINCRBY", "h", "n", "-10"}), ":-5");
  EXPECT_EQ(run({"HINCRBY", "h", "n", "abc"}), kNotInteger);
  EXPECT_EQ(run({"HINCRBY", "h", "n", "1.5"}), kNotInteger);
  EXPECT_EQ(run({"HSET", "h", "big", "9223372036854775800"}), ":1");
  EXPECT_EQ(run({"HINCRBY", "h", "big", "7"}), ":9223372036854775807");
  EXPECT_EQ(run({"HINCRBY", "h", "big", "1"}), "-ERR increment or decrement would overflow");
  EXPECT_EQ(run({"HSET", "h", "small", "-9223372036854775807"}), ":1");
  EXPECT_EQ(run({"HINCRBY", "h", "small", "-2"}), "-ERR increment or decrement would overflow");
  for (const char* bad : {" 1", "1 ", "01", "abc", "1.0", ""}) {
    run({"HSET", "h", "bad", bad});
    EXPECT_EQ(run({"HINCRBY", "h", "bad", "1"}), "-ERR hash value is not an integer") << bad;
  }
  // A failed increment leaves no key behind.
  EXPECT_EQ(run({"HINCRBY", "fresh", "n", "x"}), kNotInteger);
  EXPECT_EQ(run({"EXISTS", "fresh"}), ":0");
}

TEST_F(HashesTest, IncrByFloat) {
  EXPECT_EQ(run({"HINCRBYFLOAT", "h", "f", "1.5"}), "\"1.5\"");
  EXPECT_EQ(run({"HINCRBYFLOAT", "h", "f", "1e3"}), "\"1001.5\"");
  EXPECT_EQ(run({"HINCRBYFLOAT", "h", "f", "-1001.5"}), "\"0\"");
  EXPECT_EQ(run({"HINCRBYFLOAT", "h", "f", "0.1"}), "\"0.1\"");
  EXPECT_EQ(run({"HINCRBYFLOAT", "h", "f", "inf"}), "-ERR value is NaN or Infinity");
  EXPECT_EQ(run({"HINCRBYFLOAT", "h", "f", "+inf"}), "-ERR value is NaN or Infinity");
  EXPECT_EQ(run({"HINCRBYFLOAT", "h", "f", "nan"}), "-ERR value is not a valid float");
  EXPECT_EQ(run({"HINCRBYFLOAT", "h", "f", "abc"}), "-ERR value is not a valid float");
  run({"HSET", "h", "int", "9223372036854775807"});
  EXPECT_EQ(run({"HINCRBYFLOAT", "h", "int", "1"}), "\"9223372036854775808\"");
  run({"HSET", "h", "bad", " 1"});
  EXPECT_EQ(run({"HINCRBYFLOAT", "h", "bad", "1"}), "-ERR hash value is not a float");
  run({"HSET", "h", "nul", std::string_view("1\0002", 3)});
  EXPECT_EQ(run({"HINCRBYFLOAT", "h", "nul", "1"}), "-ERR hash value is not a float");
  // Long double arithmetic: past the double range is fine, past the long
  // double range is not.
  run({"HSET", "h", "max", "1e308"});
  EXPECT_EQ(run({"HINCRBYFLOAT", "h", "max", "1e308"}).substr(0, 31),
            "\"199999999999999999993371759311");  // as redis-server prints it
  run({"HSET", "h", "max", "1e4932"});
  EXPECT_EQ(run({"HINCRBYFLOAT", "h", "max", "1e4932"}),
            "-ERR increment would produce NaN or Infinity");
  EXPECT_EQ(run({"HINCRBYFLOAT", "h", "max", "1e4933"}), "-ERR value is not a valid float");
  EXPECT_EQ(run({"HINCRBYFLOAT", "nokey", "f", "inf"}), "-ERR value is NaN or Infinity");
  EXPECT_EQ(run({"EXISTS", "nokey"}), ":0");
}

TEST_F(HashesTest, RandFieldArguments) {
  run({"HSET", "h", "a", "1", "b", "2", "c", "3"});
  EXPECT_EQ(run({"HRANDFIELD", "nokey"}), "(nil)");
  EXPECT_EQ(run({"HRANDFIELD", "nokey", "5"}), "[]");
  EXPECT_EQ(run({"HRANDFIELD", "nokey", "-5", "WITHVALUES"}), "[]");
  EXPECT_EQ(run({"HRANDFIELD", "h", "0"}), "[]");
  EXPECT_EQ(run({"HRANDFIELD", "h", "0", "WITHVALUES"}), "[]");
  EXPECT_EQ(run({"HRANDFIELD", "h", "abc"}), kNotInteger);
  EXPECT_EQ(run({"HRANDFIELD", "h", "-9223372036854775808"}),
            "-ERR value is out of range, value must between -9223372036854775807 and "
            "9223372036854775807");
  EXPECT_EQ(run({"HRANDFIELD", "h", "4611686018427387904", "WITHVALUES"}),
            "-ERR value is out of range");
  EXPECT_EQ(run({"HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES"}),
            "-ERR value is out of range");
  EXPECT_EQ(run({"HRANDFIELD", "h", "1", "WITHVALUE"}), kSyntax);
  EXPECT_EQ(run({"HRANDFIELD", "h", "1", "WITHVALUES", "x"}), kSyntax);
  // Syntax is checked before the key.
  EXPECT_EQ(run({"HRANDFIELD", "nokey", "1", "bogus"}), kSyntax);
  // A count at least the size: the whole hash, in the flat RESP2 form.
  EXPECT_EQ(run({"HRANDFIELD", "h", "10", "withvalues"}),
            "[\"a\", \"1\", \"b\", \"2\", \"c\", \"3\"]");
  EXPECT_EQ(run({"HRANDFIELD", "h", "3"}), "[\"a\", \"b\", \"c\"]");
}

TEST_F(HashesTest, RandFieldDrawsFromTheHash) {
  run({"HSET", "h", "a", "1", "b", "2", "c", "3", "d", "4", "e", "5"});
  std::map<std::string, std::string> hash = {
      {"a", "1"}, {"b", "2"}, {"c", "3"}, {"d", "4"}, {"e", "5"}};
  std::set<std::string> seen;
  for (int i = 0; i < 200 && seen.size() < hash.size(); ++i) {
    seen.insert(call({"HRANDFIELD", "h"}).text);
  }
  EXPECT_EQ(seen.size(), hash.size());
  // Negative counts repeat fields; the pairs stay consistent.
  Reply repeated = call({"HRANDFIELD", "h", "-20", "WITHVALUES"});
  ASSERT_EQ(repeated.elements.size(), 40u);
  for (size_t i = 0; i < repeated.elements.size(); i += 2) {
    EXPECT_EQ(hash[repeated.elements[i].text], repeated.elements[i + 1].text);
  }
  // Positive counts below the size: distinct fields.
  for (const char* count : {"1", "2", "4"}) {
    Reply distinct = call({"HRANDFIELD", "h", count});
    std::set<std::string> fields;
    for (const Reply& field : distinct.elements) fields.insert(field.text);
    EXPECT_EQ(fields.size(), std::stoul(count));
    EXPECT_EQ(distinct.elements.size(), std::stoul(count));
  }
}

TEST_F(HashesTest, RandFieldOnABigHash) {
  // Past the sampler's exact limit (1024 members): draws by descent.
  fill("big", 3000);
  std::set<std::string> distinct;
  Reply fields = call({"HRANDFIELD", "big", "50", "WITHVALUES"});
  ASSERT_EQ(fields.elements.size(), 100u);
  for (size_t i = 0; i < fields.elements.size(); i += 2) {
    const std::string& field = fields.elements[i].text;
    distinct.insert(field);
    EXPECT_EQ("v" + field.substr(1), fields.elements[i + 1].text);
  }
  EXPECT_EQ(distinct.size(), 50u);
  // Over many draws, fields from all over the key space come out.
  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    for (const Reply& field : call({"HRANDFIELD", "big", "-100"}).elements) seen.insert(field.text);
  }
  EXPECT_GT(seen.size(), 500u);
  // A count near the size takes the copy path: still distinct.
  Reply most = call({"HRANDFIELD", "big", "2500"});
  std::set<std::string> most_fields;
  for (const Reply& field : most.elements) most_fields.insert(field.text);
  EXPECT_EQ(most_fields.size(), 2500u);
}

TEST_F(HashesTest, ScanArguments) {
  run({"HSET", "h", "a", "1", "b", "2", "ab", "3"});
  EXPECT_EQ(run({"HSCAN", "h", "abc"}), "-ERR invalid cursor");
  EXPECT_EQ(run({"HSCAN", "h", "1x"}), "-ERR invalid cursor");
  EXPECT_EQ(run({"HSCAN", "nokey", "abc"}), "-ERR invalid cursor");
  EXPECT_EQ(run({"HSCAN", "h", "0", "COUNT", "0"}), kSyntax);
  EXPECT_EQ(run({"HSCAN", "h", "0", "COUNT", "x"}), kNotInteger);
  EXPECT_EQ(run({"HSCAN", "h", "0", "COUNT"}), kSyntax);
  EXPECT_EQ(run({"HSCAN", "h", "0", "TYPE", "hash"}), kSyntax);
  EXPECT_EQ(run({"HSCAN", "h", "0", "BOGUS", "1"}), kSyntax);
  // A missing key answers before its options are read.
  EXPECT_EQ(run({"HSCAN", "nokey", "0", "COUNT", "0"}), "[\"0\", []]");
  // A small hash comes back whole, whatever COUNT and cursor say.
  EXPECT_EQ(run({"HSCAN", "h", "0", "COUNT", "1"}),
            "[\"0\", [\"a\", \"1\", \"ab\", \"3\", \"b\", \"2\"]]");
  EXPECT_EQ(run({"HSCAN", "h", "12345"}), "[\"0\", [\"a\", \"1\", \"ab\", \"3\", \"b\", \"2\"]]");
  EXPECT_EQ(run({"HSCAN", "h", "0", "MATCH", "a*"}), "[\"0\", [\"a\", \"1\", \"ab\", \"3\"]]");
  EXPECT_EQ(run({"HSCAN", "h", "0", "match", "*b", "count", "100"}),
            "[\"0\", [\"ab\", \"3\", \"b\", \"2\"]]");
}

TEST_F(HashesTest, ScanABigHashWhileItChanges) {
  fill("big", 1000);
  std::set<std::string> returned;
  std::set<std::string> deleted;
  std::string cursor = "0";
  int calls = 0;
  do {
    Reply page = client_->call({"HSCAN", "big", cursor, "COUNT", "25"});
    ASSERT_EQ(page.elements.size(), 2u) << page.debug();
    cursor = page.elements[0].text;
    const auto& items = page.elements[1].elements;
    EXPECT_LE(items.size(), 50u);  // COUNT bounds the fields per call
    for (size_t i = 0; i < items.size(); i += 2) {
      EXPECT_TRUE(returned.insert(items[i].text).second) << "returned twice: " << items[i].text;
    }
    // Change the hash between calls: delete some fields, add new ones.
    if (calls < 30) {
      std::string victim = "f" + std::to_string(990 - calls * 30);
      client_->call({"HDEL", "big", victim});
      deleted.insert(victim);
      client_->call({"HSET", "big", "new" + std::to_string(calls), "x"});
    }
    ++calls;
  } while (cursor != "0" && calls < 1000);
  EXPECT_EQ(cursor, "0");
  EXPECT_GE(calls, 40);  // ~1000 fields at 25 per call
  // Every field present for the whole iteration was returned.
  for (int i = 0; i < 1000; ++i) {
    std::string field = "f" + std::to_string(i);
    if (!deleted.count(field)) {
      EXPECT_TRUE(returned.count(field)) << field;
    }
  }
}

TEST_F(HashesTest, ScanMatchOnABigHash) {
  fill("big", 500);
  std::set<std::string> returned;
  std::string cursor = "0";
  int calls = 0;
  do {
    Reply page = client_->call({"HSCAN", "big", cursor, "MATCH", "f1?", "COUNT", "3"});
    cursor = page.elements[0].text;
    const auto& items = page.elements[1].elements;
    for (size_t i = 0; i < items.size(); i += 2) returned.insert(items[i].text);
    ++calls;
  } while (cursor != "0" && calls < 1000);
  EXPECT_EQ(returned, (std::set<std::string>{"f10", "f11", "f12", "f13", "f14", "f15", "f16", "f17",
                                             "f18", "f19"}));
  // The literal prefix "f1" bounds the walk: 111 fields start with it.
  EXPECT_LE(calls, 40);
}

TEST_F(HashesTest, ScanCursorOfAnotherKeyRestarts) {
  fill("big", 300);
  fill("other", 300);
  Reply page = client_->call({"HSCAN", "big", "0", "COUNT", "10"});
  std::string cursor = page.elements[0].text;
  ASSERT_NE(cursor, "0");
  // Another key's cursor starts that key from its first field.
  Reply other = client_->call({"HSCAN", "other", cursor, "COUNT", "1"});
  ASSERT_EQ(other.elements[1].elements.size(), 2u);
  EXPECT_EQ(other.elements[1].elements[0].text, "f0");
  // An unknown cursor does the same.
  Reply unknown = client_->call({"HSCAN", "big", "987654321", "COUNT", "1"});
  EXPECT_EQ(unknown.elements[1].elements[0].text, "f0");
}

TEST_F(HashesTest, KeyCommandsSeeHashes) {
  run({"HSET", "h", "a", "1", "b", "2"});
  EXPECT_EQ(run({"OBJECT", "ENCODING", "h"}), "\"listpack\"");
  EXPECT_EQ(run({"EXPIRE", "h", "100"}), ":1");
  EXPECT_EQ(run({"HSET", "h", "c", "3"}), ":1");
  EXPECT_EQ(run({"TTL", "h"}), ":100");  // writing fields keeps the TTL
  EXPECT_EQ(run({"COPY", "h", "{h}copy"}), ":1");
  EXPECT_EQ(run({"HGETALL", "{h}copy"}), "[\"a\", \"1\", \"b\", \"2\", \"c\", \"3\"]");
  EXPECT_EQ(run({"RENAME", "h", "{h}renamed"}), "+OK");
  EXPECT_EQ(run({"HGET", "{h}renamed", "c"}), "\"3\"");
  EXPECT_EQ(run({"SCAN", "0", "TYPE", "hash", "COUNT", "100"}).find("renamed") != std::string::npos,
            true);
  EXPECT_EQ(run({"DEL", "{h}renamed"}), ":1");
  EXPECT_EQ(run({"HGETALL", "{h}renamed"}), "[]");
  fill("big", 200);
  EXPECT_EQ(run({"OBJECT", "ENCODING", "big"}), "\"hashtable\"");
}

TEST_F(HashesTest, OverwrittenHashStartsAfresh) {
  fill("h", 50);
  EXPECT_EQ(run({"SET", "h", "string"}), "+OK");
  EXPECT_EQ(run({"HSET", "h", "a", "1"}), kWrongType);
  EXPECT_EQ(run({"DEL", "h"}), ":1");
  EXPECT_EQ(run({"HSET", "h", "a", "1"}), ":1");
  EXPECT_EQ(run({"HLEN", "h"}), ":1");
  EXPECT_EQ(run({"HGET", "h", "f1"}), "(nil)");
}

TEST(HashesRestartTest, HashesSurviveARestart) {
  char pattern[] = "/tmp/ringkv-hashes-XXXXXX";
  std::string dir = mkdtemp(pattern);
  {
    ServerProcess server({"--threads", "2"}, dir);
    TestClient c(server.port());
    EXPECT_EQ(c.call({"HSET", "h", "a", "1", "b", "2"}).debug(), ":2");
    EXPECT_EQ(c.call({"HINCRBYFLOAT", "h", "f", "2.5"}).debug(), "\"2.5\"");
    EXPECT_EQ(c.call({"HSET", "gone", "x", "1"}).debug(), ":1");
    EXPECT_EQ(c.call({"HDEL", "gone", "x"}).debug(), ":1");
    EXPECT_EQ(server.stop(), 0);
  }
  {
    ServerProcess server({"--threads", "2"}, dir);
    TestClient c(server.port());
    EXPECT_EQ(c.call({"HGETALL", "h"}).debug(), "[\"a\", \"1\", \"b\", \"2\", \"f\", \"2.5\"]");
    EXPECT_EQ(c.call({"HLEN", "h"}).debug(), ":3");
    EXPECT_EQ(c.call({"EXISTS", "gone"}).debug(), ":0");
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ringkv::testing
