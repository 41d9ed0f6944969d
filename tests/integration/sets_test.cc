// Set commands against the real server: every command, its options and
// errors, RESP3 reply shapes, WRONGTYPE, empty sets disappearing, the
// algebra commands across shards, SPOP/SRANDMEMBER on small and big sets,
// SSCAN over a changing set and a restart. Expected replies were checked
// against redis-server 7.0; where Redis's order is unspecified, ringkv
// answers in byte order and the tests say so.
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

class SetsTest : public ::testing::Test {
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

  // Adds members <prefix>0..<prefix><n-1> to `key` through one pipeline.
  void fill(const std::string& key, int members, const std::string& prefix = "m") {
    constexpr int kPerCommand = 200;
    int commands = 0;
    for (int first = 0; first < members; first += kPerCommand) {
      std::vector<std::string> command = {"SADD", key};
      for (int i = first; i < members && i < first + kPerCommand; ++i) {
        command.push_back(prefix + std::to_string(i));
      }
      client_->send_command(command);
      ++commands;
    }
    for (int i = 0; i < commands; ++i) ASSERT_EQ(client_->read_reply().type, Reply::kInteger);
  }

  static std::set<std::string> texts(const Reply& reply) {
    std::set<std::string> out;
    for (const Reply& element : reply.elements) out.insert(element.text);
    return out;
  }

  static ServerProcess* server_;
  std::unique_ptr<TestClient> client_;
};
ServerProcess* SetsTest::server_ = nullptr;

TEST_F(SetsTest, AddRemoveAndMembership) {
  EXPECT_EQ(run({"SADD", "s", "a", "b", "a"}), ":2");
  EXPECT_EQ(run({"SADD", "s", "b", "c"}), ":1");
  EXPECT_EQ(run({"SADD", "s", ""}), ":1");
  EXPECT_EQ(run({"SCARD", "s"}), ":4");
  EXPECT_EQ(run({"SCARD", "nokey"}), ":0");
  EXPECT_EQ(run({"SISMEMBER", "s", "a"}), ":1");
  EXPECT_EQ(run({"SISMEMBER", "s", ""}), ":1");
  EXPECT_EQ(run({"SISMEMBER", "s", "zz"}), ":0");
  EXPECT_EQ(run({"SISMEMBER", "nokey", "a"}), ":0");
  EXPECT_EQ(run({"SMISMEMBER", "s", "a", "zz", "c"}), "[:1, :0, :1]");
  EXPECT_EQ(run({"SMISMEMBER", "nokey", "a", "b"}), "[:0, :0]");
  // Redis's order is unspecified; ringkv answers in byte order.
  EXPECT_EQ(run({"SMEMBERS", "s"}), "[\"\", \"a\", \"b\", \"c\"]");
  EXPECT_EQ(run({"SMEMBERS", "nokey"}), "[]");
  EXPECT_EQ(run({"SREM", "s", "a", "zz", "a"}), ":1");
  EXPECT_EQ(run({"SREM", "nokey", "a"}), ":0");
  EXPECT_EQ(run({"TYPE", "s"}), "+set");
  EXPECT_EQ(run({"SREM", "s", "b", "c", "", "d"}), ":3");
  EXPECT_EQ(run({"EXISTS", "s"}), ":0");
  EXPECT_EQ(run({"SADD", "s", "x"}), ":1");
  EXPECT_EQ(run({"SMEMBERS", "s"}), "[\"x\"]");
}

TEST_F(SetsTest, ArityErrors) {
  EXPECT_EQ(run({"SADD", "s"}), "-ERR wrong number of arguments for 'sadd' command");
  EXPECT_EQ(run({"SREM", "s"}), "-ERR wrong number of arguments for 'srem' command");
  EXPECT_EQ(run({"SMISMEMBER", "s"}), "-ERR wrong number of arguments for 'smismember' command");
  EXPECT_EQ(run({"SISMEMBER", "s"}), "-ERR wrong number of arguments for 'sismember' command");
  EXPECT_EQ(run({"SMOVE", "a", "b"}), "-ERR wrong number of arguments for 'smove' command");
  EXPECT_EQ(run({"SINTER"}), "-ERR wrong number of arguments for 'sinter' command");
  EXPECT_EQ(run({"SINTERSTORE", "d"}), "-ERR wrong number of arguments for 'sinterstore' command");
  EXPECT_EQ(run({"SINTERCARD", "1"}), "-ERR wrong number of arguments for 'sintercard' command");
  EXPECT_EQ(run({"SSCAN", "s"}), "-ERR wrong number of arguments for 'sscan' command");
  EXPECT_EQ(run({"SPOP", "s", "1", "2"}), kSyntax);
  EXPECT_EQ(run({"SRANDMEMBER", "s", "1", "2"}), kSyntax);
}

TEST_F(SetsTest, WrongType) {
  run({"SET", "str", "v"});
  for (auto command : std::vector<std::vector<std::string>>{{"SADD", "str", "a"},
                                                            {"SREM", "str", "a"},
                                                            {"SCARD", "str"},
                                                            {"SISMEMBER", "str", "a"},
                                                            {"SMISMEMBER", "str", "a"},
                                                            {"SMEMBERS", "str"},
                                                            {"SPOP", "str"},
                                                            {"SPOP", "str", "2"},
                                                            {"SRANDMEMBER", "str"},
                                                            {"SRANDMEMBER", "str", "2"},
                                                            {"SINTER", "str"},
                                                            {"SUNION", "str"},
                                                            {"SDIFF", "str"},
                                                            {"SINTERCARD", "1", "str"},
                                                            {"SSCAN", "str", "0"}}) {
    EXPECT_EQ(client_->call(command).debug(), kWrongType) << command[0];
  }
  EXPECT_EQ(run({"GET", "str"}), "\"v\"");
  run({"SADD", "s", "a"});
  EXPECT_EQ(run({"HSET", "s", "f", "v"}), kWrongType);
  EXPECT_EQ(run({"GET", "s"}), kWrongType);
}

TEST_F(SetsTest, Resp3Shapes) {
  ASSERT_EQ(call({"HELLO", "3"}).type, Reply::kMap);
  run({"SADD", "{t}a", "x", "y"});
  run({"SADD", "{t}b", "y", "z"});
  EXPECT_EQ(run({"SMEMBERS", "{t}a"}), "~{\"x\", \"y\"}");
  EXPECT_EQ(run({"SMEMBERS", "nokey"}), "~{}");
  EXPECT_EQ(run({"SINTER", "{t}a", "{t}b"}), "~{\"y\"}");
  EXPECT_EQ(run({"SINTER", "{t}a", "{t}nokey"}), "~{}");
  EXPECT_EQ(run({"SUNION", "{t}a", "{t}b"}), "~{\"x\", \"y\", \"z\"}");
  EXPECT_EQ(run({"SDIFF", "{t}a", "{t}b"}), "~{\"x\"}");
  EXPECT_EQ(run({"SMISMEMBER", "{t}a", "x", "q"}), "[:1, :0]");
  EXPECT_EQ(run({"SPOP", "nokey"}), "(nil)");
  EXPECT_EQ(call({"SPOP", "nokey"}).type, Reply::kNull);
  EXPECT_EQ(run({"SPOP", "nokey", "2"}), "~{}");
  EXPECT_EQ(run({"SPOP", "{t}a", "0"}), "~{}");
  EXPECT_EQ(run({"SPOP", "{t}a", "5"}), "~{\"x\", \"y\"}");
  EXPECT_EQ(run({"SRANDMEMBER", "{t}b", "5"}), "[\"y\", \"z\"]");  // an array, not a set
  EXPECT_EQ(run({"SRANDMEMBER", "nokey", "5"}), "[]");
  EXPECT_EQ(run({"SRANDMEMBER", "nokey"}), "(nil)");
  EXPECT_EQ(run({"SSCAN", "{t}b", "0"}), "[\"0\", [\"y\", \"z\"]]");
}

TEST_F(SetsTest, PopArguments) {
  run({"SADD", "s", "a", "b", "c"});
  EXPECT_EQ(run({"SPOP", "s", "-1"}), "-ERR value is out of range, must be positive");
  EXPECT_EQ(run({"SPOP", "s", "abc"}), "-ERR value is out of range, must be positive");
  EXPECT_EQ(run({"SPOP", "nokey", "-1"}), "-ERR value is out of range, must be positive");
  EXPECT_EQ(run({"SPOP", "s", "0"}), "[]");
  EXPECT_EQ(run({"SPOP", "nokey", "3"}), "[]");
  EXPECT_EQ(run({"SPOP", "nokey"}), "(nil)");
  EXPECT_EQ(run({"SCARD", "s"}), ":3");
}

TEST_F(SetsTest, PopRemovesWhatItReturns) {
  run({"SADD", "s", "a", "b", "c", "d", "e"});
  std::set<std::string> all = {"a", "b", "c", "d", "e"};
  std::string one = call({"SPOP", "s"}).text;
  EXPECT_TRUE(all.count(one));
  EXPECT_EQ(run({"SISMEMBER", "s", one}), ":0");
  Reply two = call({"SPOP", "s", "2"});
  ASSERT_EQ(two.elements.size(), 2u);
  std::set<std::string> popped = texts(two);
  EXPECT_EQ(popped.size(), 2u);
  EXPECT_FALSE(popped.count(one));
  EXPECT_EQ(run({"SCARD", "s"}), ":2");
  for (const auto& member : popped) EXPECT_EQ(run({"SISMEMBER", "s", member}), ":0");
  // A count at least the size takes everything and the key goes.
  Reply rest = call({"SPOP", "s", "10"});
  EXPECT_EQ(rest.elements.size(), 2u);
  EXPECT_EQ(run({"EXISTS", "s"}), ":0");
  // The last member popped one at a time removes the key too.
  run({"SADD", "t", "only"});
  EXPECT_EQ(run({"SPOP", "t"}), "\"only\"");
  EXPECT_EQ(run({"EXISTS", "t"}), ":0");
}

TEST_F(SetsTest, RandMemberArguments) {
  run({"SADD", "s", "a", "b", "c"});
  EXPECT_EQ(run({"SRANDMEMBER", "s", "abc"}), kNotInteger);
  EXPECT_EQ(run({"SRANDMEMBER", "s", "-9223372036854775808"}),
            "-ERR value is out of range, value must between -9223372036854775807 and "
            "9223372036854775807");
  EXPECT_EQ(run({"SRANDMEMBER", "s", "0"}), "[]");
  EXPECT_EQ(run({"SRANDMEMBER", "nokey", "5"}), "[]");
  EXPECT_EQ(run({"SRANDMEMBER", "nokey", "-5"}), "[]");
  EXPECT_EQ(run({"SRANDMEMBER", "s", "3"}), "[\"a\", \"b\", \"c\"]");
  EXPECT_EQ(run({"SRANDMEMBER", "s", "100"}), "[\"a\", \"b\", \"c\"]");
  Reply repeated = call({"SRANDMEMBER", "s", "-10"});
  EXPECT_EQ(repeated.elements.size(), 10u);
  for (const Reply& member : repeated.elements)
    EXPECT_TRUE(texts(call({"SMEMBERS", "s"})).count(member.text));
  Reply two = call({"SRANDMEMBER", "s", "2"});
  EXPECT_EQ(texts(two).size(), 2u);
  EXPECT_EQ(run({"SCARD", "s"}), ":3");  // reading draws remove nothing
}

TEST_F(SetsTest, RandMemberIsUniformOnSmallSets) {
  // As Redis's own chi-square test: 10 members, 1000 draws.
  run({"SADD", "s", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"});
  std::map<std::string, int> histogram;
  for (const Reply& member : call({"SRANDMEMBER", "s", "-1000"}).elements) {
    ++histogram[member.text];
  }
  double chi_square = 0;
  for (const auto& [member, seen] : histogram) {
    chi_square += (seen - 100.0) * (seen - 100.0) / 100.0;
  }
  EXPECT_EQ(histogram.size(), 10u);
  EXPECT_LT(chi_square, 40);  // df = 9: a 0.00001 chance of a false failure
}

TEST_F(SetsTest, RandomMembersOfABigSet) {
  // Past the sampler's exact limit (1024 members): draws by descent.
  fill("big", 5000);
  Reply distinct = call({"SRANDMEMBER", "big", "100"});
  EXPECT_EQ(distinct.elements.size(), 100u);
  EXPECT_EQ(texts(distinct).size(), 100u);
  std::set<std::string> seen;
  for (int i = 0; i < 10; ++i) {
    for (const Reply& member : call({"SRANDMEMBER", "big", "-100"}).elements) {
      seen.insert(member.text);
    }
  }
  EXPECT_GT(seen.size(), 500u);  // spread over the whole set
  Reply popped = call({"SPOP", "big", "300"});
  std::set<std::string> popped_members = texts(popped);
  EXPECT_EQ(popped_members.size(), 300u);
  EXPECT_EQ(run({"SCARD", "big"}), ":4700");
  for (const std::string& member : popped_members) {
    ASSERT_EQ(run({"SISMEMBER", "big", member}), ":0") << member;
  }
  // Single pops until below the exact limit, then the set stays consistent.
  for (int i = 0; i < 50; ++i) ASSERT_EQ(call({"SPOP", "big"}).type, Reply::kBulk);
  EXPECT_EQ(run({"SCARD", "big"}), ":4650");
  EXPECT_EQ(call({"SMEMBERS", "big"}).elements.size(), 4650u);
}

TEST_F(SetsTest, RandomMembersSharingALongPrefix) {
  // The descent jumps over the prefix all members share; every draw is a
  // member and draws still cover the set.
  fill("long", 3000, "element:00000000");
  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    for (const Reply& member : call({"SRANDMEMBER", "long", "-100"}).elements) {
      ASSERT_TRUE(member.text.starts_with("element:00000000")) << member.text;
      seen.insert(member.text);
    }
  }
  EXPECT_GT(seen.size(), 800u);
  for (int i = 0; i < 100; ++i) {
    Reply popped = call({"SPOP", "long"});
    ASSERT_EQ(popped.type, Reply::kBulk);
    ASSERT_EQ(run({"SISMEMBER", "long", popped.text}), ":0") << popped.text;
  }
  EXPECT_EQ(run({"SCARD", "long"}), ":2900");
}

TEST_F(SetsTest, Move) {
  run({"SADD", "{m}src", "a", "b"});
  run({"SADD", "{m}dst", "b", "c"});
  run({"SET", "{m}str", "v"});
  EXPECT_EQ(run({"SMOVE", "{m}src", "{m}dst", "a"}), ":1");
  EXPECT_EQ(run({"SMEMBERS", "{m}dst"}), "[\"a\", \"b\", \"c\"]");
  EXPECT_EQ(run({"SMOVE", "{m}src", "{m}dst", "zz"}), ":0");
  EXPECT_EQ(run({"SMOVE", "{m}src", "{m}dst", "b"}), ":1");  // already in dst
  EXPECT_EQ(run({"EXISTS", "{m}src"}), ":0");                // the last member left
  EXPECT_EQ(run({"SCARD", "{m}dst"}), ":3");
  EXPECT_EQ(run({"SMOVE", "{m}nokey", "{m}dst", "a"}), ":0");
  EXPECT_EQ(run({"SMOVE", "{m}nokey", "{m}str", "a"}), ":0");  // no type check without a source
  EXPECT_EQ(run({"SMOVE", "{m}str", "{m}dst", "a"}), kWrongType);
  EXPECT_EQ(run({"SMOVE", "{m}dst", "{m}str", "a"}), kWrongType);
  EXPECT_EQ(run({"SISMEMBER", "{m}dst", "a"}), ":1");
  EXPECT_EQ(run({"SMOVE", "{m}dst", "{m}dst", "a"}), ":1");
  EXPECT_EQ(run({"SMOVE", "{m}dst", "{m}dst", "zz"}), ":0");
  EXPECT_EQ(run({"SMOVE", "{m}dst", "{m}new", "c"}), ":1");
  EXPECT_EQ(run({"SMEMBERS", "{m}new"}), "[\"c\"]");
  // Across shards (keys without a shared tag may live on different loops).
  run({"SADD", "left", "x"});
  EXPECT_EQ(run({"SMOVE", "left", "right", "x"}), ":1");
  EXPECT_EQ(run({"SMEMBERS", "right"}), "[\"x\"]");
  EXPECT_EQ(run({"EXISTS", "left"}), ":0");
}

TEST_F(SetsTest, InterUnionDiff) {
  run({"SADD", "s1", "a", "b", "c", "d"});
  run({"SADD", "s2", "c", "d", "e"});
  run({"SADD", "s3", "d", "e", "f"});
  run({"SET", "str", "v"});
  EXPECT_EQ(run({"SINTER", "s1", "s2"}), "[\"c\", \"d\"]");
  EXPECT_EQ(run({"SINTER", "s1", "s2", "s3"}), "[\"d\"]");
  EXPECT_EQ(run({"SINTER", "s1"}), "[\"a\", \"b\", \"c\", \"d\"]");
  EXPECT_EQ(run({"SINTER", "s1", "s1"}), "[\"a\", \"b\", \"c\", \"d\"]");
  EXPECT_EQ(run({"SINTER", "s1", "nokey"}), "[]");
  EXPECT_EQ(run({"SINTER", "nokey", "str"}), kWrongType);  // every key is checked
  EXPECT_EQ(run({"SUNION", "s1", "s2", "s3", "nokey"}),
            "[\"a\", \"b\", \"c\", \"d\", \"e\", \"f\"]");
  EXPECT_EQ(run({"SUNION", "nokey"}), "[]");
  EXPECT_EQ(run({"SUNION", "s1", "str"}), kWrongType);
  EXPECT_EQ(run({"SDIFF", "s1", "s2"}), "[\"a\", \"b\"]");
  EXPECT_EQ(run({"SDIFF", "s1", "s2", "s3"}), "[\"a\", \"b\"]");
  EXPECT_EQ(run({"SDIFF", "s1", "nokey"}), "[\"a\", \"b\", \"c\", \"d\"]");
  EXPECT_EQ(run({"SDIFF", "s1", "s1"}), "[]");
  EXPECT_EQ(run({"SDIFF", "nokey", "s1"}), "[]");
  EXPECT_EQ(run({"SDIFF", "s1", "str"}), kWrongType);
}

TEST_F(SetsTest, InterCard) {
  run({"SADD", "s1", "a", "b", "c", "d"});
  run({"SADD", "s2", "b", "c", "d", "e"});
  run({"SET", "str", "v"});
  EXPECT_EQ(run({"SINTERCARD", "2", "s1", "s2"}), ":3");
  EXPECT_EQ(run({"SINTERCARD", "1", "s1"}), ":4");
  EXPECT_EQ(run({"SINTERCARD", "2", "s1", "s2", "LIMIT", "2"}), ":2");
  EXPECT_EQ(run({"SINTERCARD", "2", "s1", "s2", "limit", "0"}), ":3");
  EXPECT_EQ(run({"SINTERCARD", "2", "s1", "s2", "LIMIT", "10"}), ":3");
  EXPECT_EQ(run({"SINTERCARD", "2", "s1", "nokey"}), ":0");
  EXPECT_EQ(run({"SINTERCARD", "2", "s1", "str"}), kWrongType);
  EXPECT_EQ(run({"SINTERCARD", "2", "nokey", "str"}), kWrongType);
  EXPECT_EQ(run({"SINTERCARD", "0", "s1"}), "-ERR numkeys should be greater than 0");
  EXPECT_EQ(run({"SINTERCARD", "-1", "s1"}), "-ERR numkeys should be greater than 0");
  EXPECT_EQ(run({"SINTERCARD", "x", "s1"}), "-ERR numkeys should be greater than 0");
  EXPECT_EQ(run({"SINTERCARD", "3", "s1", "s2"}),
            "-ERR Number of keys can't be greater than number of args");
  EXPECT_EQ(run({"SINTERCARD", "2", "s1", "s2", "LIMIT", "-1"}), "-ERR LIMIT can't be negative");
  EXPECT_EQ(run({"SINTERCARD", "2", "s1", "s2", "LIMIT", "x"}), "-ERR LIMIT can't be negative");
  EXPECT_EQ(run({"SINTERCARD", "2", "s1", "s2", "LIMIT"}), kSyntax);
  EXPECT_EQ(run({"SINTERCARD", "1", "s1", "s2"}), kSyntax);
  // Keys on both loops (no shared tag): the key finder names both to the
  // dispatcher, which runs the command with both shards owned.
  for (int i = 0; i < 20; ++i) {
    std::string key = "k" + std::to_string(i);
    client_->call({"SADD", key, "b", "c"});
    EXPECT_EQ(client_->call({"SINTERCARD", "2", "s1", key}).debug(), ":2") << key;
  }
}

TEST_F(SetsTest, StoreForms) {
  run({"SADD", "s1", "a", "b", "c"});
  run({"SADD", "s2", "b", "c", "d"});
  run({"SET", "str", "v"});
  EXPECT_EQ(run({"SINTERSTORE", "dst", "s1", "s2"}), ":2");
  EXPECT_EQ(run({"SMEMBERS", "dst"}), "[\"b\", \"c\"]");
  EXPECT_EQ(run({"SUNIONSTORE", "dst", "s1", "s2"}), ":4");
  EXPECT_EQ(run({"SMEMBERS", "dst"}), "[\"a\", \"b\", \"c\", \"d\"]");
  EXPECT_EQ(run({"SDIFFSTORE", "dst", "s1", "s2"}), ":1");
  EXPECT_EQ(run({"SMEMBERS", "dst"}), "[\"a\"]");
  // An empty result deletes the destination, whatever it held.
  EXPECT_EQ(run({"SINTERSTORE", "dst", "s1", "nokey"}), ":0");
  EXPECT_EQ(run({"EXISTS", "dst"}), ":0");
  run({"SET", "dst", "string"});
  EXPECT_EQ(run({"SUNIONSTORE", "dst", "nokey"}), ":0");
  EXPECT_EQ(run({"EXISTS", "dst"}), ":0");
  // A destination of another type is replaced, its TTL dropped.
  run({"SET", "dst", "string", "EX", "100"});
  EXPECT_EQ(run({"SUNIONSTORE", "dst", "s1"}), ":3");
  EXPECT_EQ(run({"TYPE", "dst"}), "+set");
  EXPECT_EQ(run({"TTL", "dst"}), ":-1");
  // A source of another type fails the command and leaves the destination.
  EXPECT_EQ(run({"SINTERSTORE", "dst", "s1", "str"}), kWrongType);
  EXPECT_EQ(run({"SDIFFSTORE", "dst", "str"}), kWrongType);
  EXPECT_EQ(run({"SCARD", "dst"}), ":3");
  // The destination may be a source.
  EXPECT_EQ(run({"SINTERSTORE", "s1", "s1", "s2"}), ":2");
  EXPECT_EQ(run({"SMEMBERS", "s1"}), "[\"b\", \"c\"]");
  EXPECT_EQ(run({"SDIFFSTORE", "s2", "s2", "s1"}), ":1");
  EXPECT_EQ(run({"SMEMBERS", "s2"}), "[\"d\"]");
  EXPECT_EQ(run({"SUNIONSTORE", "s2", "s2", "s1"}), ":3");
  EXPECT_EQ(run({"SMEMBERS", "s2"}), "[\"b\", \"c\", \"d\"]");
}

TEST_F(SetsTest, AlgebraOnBiggerSets) {
  fill("{b}evens", 2000, "n");
  fill("{b}all", 4000, "n");
  // SINTERCARD with LIMIT stops early; the full count is exact.
  EXPECT_EQ(run({"SINTERCARD", "2", "{b}evens", "{b}all"}), ":2000");
  EXPECT_EQ(run({"SINTERCARD", "2", "{b}evens", "{b}all", "LIMIT", "7"}), ":7");
  EXPECT_EQ(run({"SDIFFSTORE", "{b}rest", "{b}all", "{b}evens"}), ":2000");
  EXPECT_EQ(run({"SUNIONSTORE", "{b}again", "{b}rest", "{b}evens"}), ":4000");
  EXPECT_EQ(run({"SINTERSTORE", "{b}none", "{b}rest", "{b}evens"}), ":0");
  EXPECT_EQ(run({"SCARD", "{b}again"}), ":4000");
  EXPECT_EQ(run({"SISMEMBER", "{b}rest", "n3999"}), ":1");
  EXPECT_EQ(run({"SISMEMBER", "{b}rest", "n1999"}), ":0");
}

TEST_F(SetsTest, ScanArguments) {
  run({"SADD", "s", "a", "b", "ab"});
  EXPECT_EQ(run({"SSCAN", "s", "abc"}), "-ERR invalid cursor");
  EXPECT_EQ(run({"SSCAN", "s", "0", "COUNT", "0"}), kSyntax);
  EXPECT_EQ(run({"SSCAN", "s", "0", "COUNT", "x"}), kNotInteger);
  EXPECT_EQ(run({"SSCAN", "s", "0", "TYPE", "set"}), kSyntax);
  EXPECT_EQ(run({"SSCAN", "nokey", "0"}), "[\"0\", []]");
  EXPECT_EQ(run({"SSCAN", "s", "0", "COUNT", "1"}), "[\"0\", [\"a\", \"ab\", \"b\"]]");
  EXPECT_EQ(run({"SSCAN", "s", "0", "MATCH", "a*"}), "[\"0\", [\"a\", \"ab\"]]");
}

TEST_F(SetsTest, ScanABigSetWhileItChanges) {
  fill("big", 2000);
  std::set<std::string> returned;
  std::set<std::string> removed;
  std::string cursor = "0";
  int calls = 0;
  do {
    Reply page = client_->call({"SSCAN", "big", cursor, "COUNT", "50"});
    ASSERT_EQ(page.elements.size(), 2u) << page.debug();
    cursor = page.elements[0].text;
    EXPECT_LE(page.elements[1].elements.size(), 50u);
    for (const Reply& member : page.elements[1].elements) {
      EXPECT_TRUE(returned.insert(member.text).second) << "returned twice: " << member.text;
    }
    if (calls < 20) {
      std::string victim = "m" + std::to_string(1999 - calls * 50);
      client_->call({"SREM", "big", victim});
      removed.insert(victim);
      client_->call({"SADD", "big", "added" + std::to_string(calls)});
    }
    ++calls;
  } while (cursor != "0" && calls < 1000);
  EXPECT_EQ(cursor, "0");
  for (int i = 0; i < 2000; ++i) {
    std::string member = "m" + std::to_string(i);
    if (!removed.count(member)) {
      EXPECT_TRUE(returned.count(member)) << member;
    }
  }
}

TEST_F(SetsTest, KeyCommandsSeeSets) {
  run({"SADD", "s", "a", "b"});
  EXPECT_EQ(run({"OBJECT", "ENCODING", "s"}).empty(), false);
  EXPECT_EQ(run({"EXPIRE", "s", "100"}), ":1");
  EXPECT_EQ(run({"SADD", "s", "c"}), ":1");
  EXPECT_EQ(run({"TTL", "s"}), ":100");  // adding members keeps the TTL
  EXPECT_EQ(run({"SPOP", "s"}).size() > 2, true);
  EXPECT_EQ(run({"TTL", "s"}), ":100");
  EXPECT_EQ(run({"COPY", "s", "{s}copy"}), ":1");
  EXPECT_EQ(run({"SCARD", "{s}copy"}), ":2");
  EXPECT_EQ(run({"RENAME", "s", "{s}renamed"}), "+OK");
  EXPECT_EQ(run({"SCARD", "{s}renamed"}), ":2");
  EXPECT_EQ(run({"SCAN", "0", "TYPE", "set", "COUNT", "100"}).find("copy") != std::string::npos,
            true);
  EXPECT_EQ(run({"DEL", "{s}renamed", "{s}copy"}), ":2");
  EXPECT_EQ(run({"SMEMBERS", "{s}copy"}), "[]");
}

TEST(SetsRestartTest, SetsSurviveARestart) {
  char pattern[] = "/tmp/ringkv-sets-XXXXXX";
  std::string dir = mkdtemp(pattern);
  {
    ServerProcess server({"--threads", "2"}, dir);
    TestClient c(server.port());
    EXPECT_EQ(c.call({"SADD", "s", "a", "b", "c"}).debug(), ":3");
    EXPECT_EQ(c.call({"SREM", "s", "b"}).debug(), ":1");
    EXPECT_EQ(c.call({"SUNIONSTORE", "u", "s", "other"}).debug(), ":2");
    EXPECT_EQ(server.stop(), 0);
  }
  {
    ServerProcess server({"--threads", "2"}, dir);
    TestClient c(server.port());
    EXPECT_EQ(c.call({"SMEMBERS", "s"}).debug(), "[\"a\", \"c\"]");
    EXPECT_EQ(c.call({"SCARD", "u"}).debug(), ":2");
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ringkv::testing
