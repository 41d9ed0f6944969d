// String commands against the real server: every command, its options and
// its errors. Expected values were checked against redis-server 7.0.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "test_client.h"

namespace ringkv::testing {
namespace {

class StringsTest : public ::testing::Test {
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
  // Makes `key` hold a value that is not a string, with whichever
  // collection command the server has; false if it has none yet.
  bool make_non_string(std::string_view key) {
    run({"DEL", key});
    for (auto command : {"RPUSH", "SADD", "ZADD", "HSET"}) {
      Reply reply = std::string_view(command) == "ZADD" || std::string_view(command) == "HSET"
                        ? client_->call({command, key, "1", "x"})
                        : client_->call({command, key, "x"});
      if (reply.type == Reply::kInteger) return true;
    }
    return false;
  }

  static ServerProcess* server_;
  std::unique_ptr<TestClient> client_;
};
ServerProcess* StringsTest::server_ = nullptr;

constexpr const char* kWrongType =
    "-WRONGTYPE Operation against a key holding the wrong kind of value";
constexpr const char* kNotInteger = "-ERR value is not an integer or out of range";
constexpr const char* kSyntax = "-ERR syntax error";

TEST_F(StringsTest, SetOptionsParseLikeRedis) {
  EXPECT_EQ(run({"SET", "so", "v", "EX", "10", "EX", "20"}), "+OK");
  EXPECT_EQ(run({"TTL", "so"}), ":20");
  EXPECT_EQ(run({"SET", "so", "v", "PX", "100", "EX", "10"}), kSyntax);
  EXPECT_EQ(run({"SET", "so", "v", "EX", "abc", "BOGUS"}), kSyntax);
  EXPECT_EQ(run({"SET", "so", "v", "EX"}), kSyntax);
  EXPECT_EQ(run({"SET", "so", "v", "NX", "XX"}), kSyntax);
  EXPECT_EQ(run({"SET", "so", "v", "KEEPTTL", "EX", "10"}), kSyntax);
  EXPECT_EQ(run({"SET", "so", "v", "EX", "10", "KEEPTTL"}), kSyntax);
  EXPECT_EQ(run({"SET", "so", "v", "PERSIST"}), kSyntax);
  EXPECT_EQ(run({"SET", "so", "v", "EX", "abc"}), kNotInteger);
  EXPECT_EQ(run({"SET", "so", "v", "EX", "0"}), "-ERR invalid expire time in 'set' command");
  EXPECT_EQ(run({"SET", "so", "v", "PX", "-1"}), "-ERR invalid expire time in 'set' command");
  EXPECT_EQ(run({"SET", "so", "v", "EX", "9223372036854775807"}),
            "-ERR invalid expire time in 'set' command");
  EXPECT_EQ(run({"SET", "so", "v", "px", "9223372036854775807"}),
            "-ERR invalid expire time in 'set' command");
  EXPECT_EQ(run({"GET", "so"}), "\"v\"");
}

TEST_F(StringsTest, SetNxXxGetAndTtl) {
  run({"DEL", "sg"});
  EXPECT_EQ(run({"SET", "sg", "v1", "GET"}), "(nil)");
  EXPECT_EQ(run({"SET", "sg", "v2", "NX", "GET"}), "\"v1\"");
  EXPECT_EQ(run({"GET", "sg"}), "\"v1\"");
  EXPECT_EQ(run({"SET", "sg", "v2", "XX", "GET"}), "\"v1\"");
  EXPECT_EQ(run({"GET", "sg"}), "\"v2\"");
  EXPECT_EQ(run({"SET", "sg-missing", "v", "XX", "GET"}), "(nil)");
  EXPECT_EQ(run({"SET", "sg-missing", "v", "XX"}), "(nil)");
  EXPECT_EQ(run({"EXISTS", "sg-missing"}), ":0");
  EXPECT_EQ(run({"SET", "sg", "v3", "NX"}), "(nil)");
  EXPECT_EQ(run({"SET", "sg", "v3", "EX", "100"}), "+OK");
  EXPECT_EQ(run({"SET", "sg", "v4", "KEEPTTL"}), "+OK");
  EXPECT_EQ(run({"TTL", "sg"}), ":100");
  EXPECT_EQ(run({"SET", "sg", "v5"}), "+OK");
  EXPECT_EQ(run({"TTL", "sg"}), ":-1");
  EXPECT_EQ(run({"SET", "sg", "v6", "PXAT", "1"}), "+OK");
  EXPECT_EQ(run({"EXISTS", "sg"}), ":0");
  EXPECT_EQ(run({"SET", "sg", "v7", "EXAT", "4102444800"}), "+OK");
  EXPECT_EQ(run({"EXPIRETIME", "sg"}), ":4102444800");
  if (make_non_string("sg-other")) {
    EXPECT_EQ(run({"SET", "sg-other", "v", "GET"}), kWrongType);
    EXPECT_EQ(run({"SET", "sg-other", "v"}), "+OK");
    EXPECT_EQ(run({"GET", "sg-other"}), "\"v\"");
  }
}

TEST_F(StringsTest, SetnxSetexPsetex) {
  run({"DEL", "sn", "se", "pse"});
  EXPECT_EQ(run({"SETNX", "sn", "a"}), ":1");
  EXPECT_EQ(run({"SETNX", "sn", "b"}), ":0");
  EXPECT_EQ(run({"GET", "sn"}), "\"a\"");
  EXPECT_EQ(run({"SETEX", "se", "100", "v"}), "+OK");
  EXPECT_EQ(run({"TTL", "se"}), ":100");
  EXPECT_EQ(run({"GET", "se"}), "\"v\"");
  EXPECT_EQ(run({"SETEX", "se", "0", "v"}), "-ERR invalid expire time in 'setex' command");
  EXPECT_EQ(run({"SETEX", "se", "-5", "v"}), "-ERR invalid expire time in 'setex' command");
  EXPECT_EQ(run({"SETEX", "se", "9223372036854775807", "v"}),
            "-ERR invalid expire time in 'setex' command");
  EXPECT_EQ(run({"SETEX", "se", "1.5", "v"}), kNotInteger);
  EXPECT_EQ(run({"SETEX", "se", "10"}), "-ERR wrong number of arguments for 'setex' command");
  EXPECT_EQ(run({"PSETEX", "pse", "100000", "w"}), "+OK");
  Reply pttl = client_->call({"PTTL", "pse"});
  EXPECT_GT(pttl.integer, 99000);
  EXPECT_LE(pttl.integer, 100000);
  EXPECT_EQ(run({"PSETEX", "pse", "0", "w"}), "-ERR invalid expire time in 'psetex' command");
  EXPECT_EQ(run({"PSETEX", "pse", "9223372036854775807", "w"}),
            "-ERR invalid expire time in 'psetex' command");
  EXPECT_EQ(run({"SETNX", "pse", "x"}), ":0");
  if (make_non_string("sn-other")) {
    EXPECT_EQ(run({"SETNX", "sn-other", "x"}), ":0");
  }
}

TEST_F(StringsTest, GetsetAndGetdel) {
  run({"DEL", "gs", "gd"});
  EXPECT_EQ(run({"GETSET", "gs", "new"}), "(nil)");
  EXPECT_EQ(run({"GETSET", "gs", "newer"}), "\"new\"");
  EXPECT_EQ(run({"GET", "gs"}), "\"newer\"");
  EXPECT_EQ(run({"SETEX", "gs", "100", "x"}), "+OK");
  EXPECT_EQ(run({"GETSET", "gs", "y"}), "\"x\"");
  EXPECT_EQ(run({"TTL", "gs"}), ":-1");
  EXPECT_EQ(run({"GETDEL", "gd"}), "(nil)");
  EXPECT_EQ(run({"SET", "gd", "v"}), "+OK");
  EXPECT_EQ(run({"GETDEL", "gd"}), "\"v\"");
  EXPECT_EQ(run({"EXISTS", "gd"}), ":0");
  EXPECT_EQ(run({"GETDEL", "gd", "x"}), "-ERR wrong number of arguments for 'getdel' command");
  if (make_non_string("gs-other")) {
    EXPECT_EQ(run({"GETSET", "gs-other", "v"}), kWrongType);
    EXPECT_EQ(run({"GETDEL", "gs-other"}), kWrongType);
    EXPECT_EQ(run({"EXISTS", "gs-other"}), ":1");
  }
}

TEST_F(StringsTest, GetexOptions) {
  run({"DEL", "ge"});
  EXPECT_EQ(run({"GETEX", "ge"}), "(nil)");
  EXPECT_EQ(run({"GETEX", "ge", "EX", "abc"}), "(nil)");
  EXPECT_EQ(run({"GETEX", "ge", "BOGUS"}), kSyntax);
  EXPECT_EQ(run({"SET", "ge", "v"}), "+OK");
  EXPECT_EQ(run({"GETEX", "ge"}), "\"v\"");
  EXPECT_EQ(run({"TTL", "ge"}), ":-1");
  EXPECT_EQ(run({"GETEX", "ge", "EX", "100"}), "\"v\"");
  EXPECT_EQ(run({"TTL", "ge"}), ":100");
  EXPECT_EQ(run({"GETEX", "ge"}), "\"v\"");
  EXPECT_EQ(run({"TTL", "ge"}), ":100");
  EXPECT_EQ(run({"GETEX", "ge", "PERSIST"}), "\"v\"");
  EXPECT_EQ(run({"TTL", "ge"}), ":-1");
  EXPECT_EQ(run({"GETEX", "ge", "px", "50000"}), "\"v\"");
  Reply pttl = client_->call({"PTTL", "ge"});
  EXPECT_GT(pttl.integer, 49000);
  EXPECT_LE(pttl.integer, 50000);
  EXPECT_EQ(run({"GETEX", "ge", "EXAT", "4102444800"}), "\"v\"");
  EXPECT_EQ(run({"EXPIRETIME", "ge"}), ":4102444800");
  EXPECT_EQ(run({"GETEX", "ge", "PXAT", "4102444800123"}), "\"v\"");
  EXPECT_EQ(run({"PEXPIRETIME", "ge"}), ":4102444800123");
  EXPECT_EQ(run({"GETEX", "ge", "EX", "10", "EX", "20"}), "\"v\"");
  EXPECT_EQ(run({"TTL", "ge"}), ":20");
  EXPECT_EQ(run({"GETEX", "ge", "EX", "0"}), "-ERR invalid expire time in 'getex' command");
  EXPECT_EQ(run({"GETEX", "ge", "EX", "abc"}), kNotInteger);
  EXPECT_EQ(run({"GETEX", "ge", "EX", "10", "PX", "10"}), kSyntax);
  EXPECT_EQ(run({"GETEX", "ge", "PERSIST", "EX", "10"}), kSyntax);
  EXPECT_EQ(run({"GETEX", "ge", "EX", "10", "PERSIST"}), kSyntax);
  EXPECT_EQ(run({"GETEX", "ge", "KEEPTTL"}), kSyntax);
  EXPECT_EQ(run({"GETEX", "ge", "NX"}), kSyntax);
  EXPECT_EQ(run({"GETEX", "ge", "EX"}), kSyntax);
  EXPECT_EQ(run({"GETEX", "ge", "PXAT", "1"}), "\"v\"");
  EXPECT_EQ(run({"EXISTS", "ge"}), ":0");
  if (make_non_string("ge-other")) {
    EXPECT_EQ(run({"GETEX", "ge-other", "EX", "0"}), kWrongType);
  }
}

TEST_F(StringsTest, MgetMsetMsetnx) {
  run({"DEL", "m1", "m2", "m3", "m4", "nx1", "nx2", "nx3"});
  EXPECT_EQ(run({"MSET", "m1", "1", "m2", "2", "m3", "3"}), "+OK");
  EXPECT_EQ(run({"MGET", "m1", "m2", "m-missing", "m3"}), "[\"1\", \"2\", (nil), \"3\"]");
  EXPECT_EQ(run({"MSET", "m1"}), "-ERR wrong number of arguments for 'mset' command");
  EXPECT_EQ(run({"MSET", "m1", "x", "m2"}), "-ERR wrong number of arguments for 'mset' command");
  EXPECT_EQ(run({"MGET"}), "-ERR wrong number of arguments for 'mget' command");
  EXPECT_EQ(run({"MSET", "m4", "first", "m4", "second"}), "+OK");
  EXPECT_EQ(run({"GET", "m4"}), "\"second\"");
  EXPECT_EQ(run({"SETEX", "m4", "100", "v"}), "+OK");
  EXPECT_EQ(run({"MSET", "m4", "w"}), "+OK");
  EXPECT_EQ(run({"TTL", "m4"}), ":-1");
  EXPECT_EQ(run({"MSETNX", "nx1", "1", "nx2", "2"}), ":1");
  EXPECT_EQ(run({"MSETNX", "nx2", "3", "nx3", "4"}), ":0");
  EXPECT_EQ(run({"MGET", "nx1", "nx2", "nx3"}), "[\"1\", \"2\", (nil)]");
  EXPECT_EQ(run({"MSETNX", "nx1"}), "-ERR wrong number of arguments for 'msetnx' command");
  EXPECT_EQ(run({"MSETNX", "nx3", "a", "nx3", "b"}), ":1");
  EXPECT_EQ(run({"GET", "nx3"}), "\"b\"");
  if (make_non_string("m-other")) {
    EXPECT_EQ(run({"MGET", "m1", "m-other"}), "[\"1\", (nil)]");
    EXPECT_EQ(run({"MSETNX", "m-other", "x", "m-new", "y"}), ":0");
    EXPECT_EQ(run({"MSET", "m-other", "x"}), "+OK");
    EXPECT_EQ(run({"GET", "m-other"}), "\"x\"");
  }
}

TEST_F(StringsTest, MultiKeyCommandsSpanShards) {
  // Forty keys without a shared hash tag spread over every shard.
  std::vector<std::string> mset = {"MSET"};
  std::vector<std::string> mget = {"MGET"};
  for (int i = 0; i < 40; ++i) {
    mset.push_back("spread:" + std::to_string(i));
    mset.push_back("value" + std::to_string(i));
    mget.push_back("spread:" + std::to_string(i));
  }
  EXPECT_TRUE(client_->call(mset).is_ok());
  Reply values = client_->call(mget);
  ASSERT_EQ(values.elements.size(), 40u);
  for (int i = 0; i < 40; ++i) EXPECT_EQ(values.elements[i].text, "value" + std::to_string(i));
}

TEST_F(StringsTest, IncrDecrFamily) {
  run({"DEL", "ctr"});
  EXPECT_EQ(run({"INCR", "ctr"}), ":1");
  EXPECT_EQ(run({"INCRBY", "ctr", "10"}), ":11");
  EXPECT_EQ(run({"DECR", "ctr"}), ":10");
  EXPECT_EQ(run({"DECRBY", "ctr", "3"}), ":7");
  EXPECT_EQ(run({"INCRBY", "ctr", "-10"}), ":-3");
  EXPECT_EQ(run({"GET", "ctr"}), "\"-3\"");
  EXPECT_EQ(run({"INCRBY", "ctr", "abc"}), kNotInteger);
  EXPECT_EQ(run({"DECRBY", "ctr", "1.5"}), kNotInteger);
  EXPECT_EQ(run({"DECRBY", "ctr", "-9223372036854775808"}), "-ERR decrement would overflow");
  EXPECT_EQ(run({"SET", "ctr", "9223372036854775807"}), "+OK");
  EXPECT_EQ(run({"INCR", "ctr"}), "-ERR increment or decrement would overflow");
  EXPECT_EQ(run({"SET", "ctr", "-9223372036854775808"}), "+OK");
  EXPECT_EQ(run({"DECR", "ctr"}), "-ERR increment or decrement would overflow");
  EXPECT_EQ(run({"INCRBY", "ctr", "9223372036854775807"}), ":-1");
  for (auto bad : {"abc", " 1", "1 ", "01", "+1", "", "9223372036854775808", "1.0"}) {
    EXPECT_EQ(run({"SET", "ctr", bad}), "+OK");
    EXPECT_EQ(run({"INCR", "ctr"}), kNotInteger) << bad;
  }
  EXPECT_EQ(run({"SETEX", "ctr", "100", "5"}), "+OK");
  EXPECT_EQ(run({"INCR", "ctr"}), ":6");
  EXPECT_EQ(run({"TTL", "ctr"}), ":100");
  if (make_non_string("ctr-other")) {
    EXPECT_EQ(run({"INCR", "ctr-other"}), kWrongType);
    EXPECT_EQ(run({"DECRBY", "ctr-other", "1"}), kWrongType);
  }
}

TEST_F(StringsTest, Incrbyfloat) {
  run({"DEL", "fl"});
  EXPECT_EQ(run({"INCRBYFLOAT", "fl", "10.5"}), "\"10.5\"");
  EXPECT_EQ(run({"INCRBYFLOAT", "fl", "0.1"}), "\"10.6\"");
  EXPECT_EQ(run({"INCRBYFLOAT", "fl", "-10.6"}), "\"0\"");
  EXPECT_EQ(run({"SET", "fl", "5.0e3"}), "+OK");
  EXPECT_EQ(run({"INCRBYFLOAT", "fl", "2.0e2"}), "\"5200\"");
  EXPECT_EQ(run({"SET", "fl", "1"}), "+OK");
  EXPECT_EQ(run({"INCRBYFLOAT", "fl", "1.5e-1"}), "\"1.15\"");
  EXPECT_EQ(run({"INCRBYFLOAT", "fl", "3"}), "\"4.15\"");
  EXPECT_EQ(run({"INCRBYFLOAT", "fl", "abc"}), "-ERR value is not a valid float");
  EXPECT_EQ(run({"INCRBYFLOAT", "fl", "1 "}), "-ERR value is not a valid float");
  EXPECT_EQ(run({"INCRBYFLOAT", "fl", "nan"}), "-ERR value is not a valid float");
  EXPECT_EQ(run({"INCRBYFLOAT", "fl", "+inf"}), "-ERR increment would produce NaN or Infinity");
  EXPECT_EQ(run({"GET", "fl"}), "\"4.15\"");
  EXPECT_EQ(run({"SET", "fl", "abc"}), "+OK");
  EXPECT_EQ(run({"INCRBYFLOAT", "fl", "1"}), "-ERR value is not a valid float");
  EXPECT_EQ(run({"SETEX", "fl", "100", "2"}), "+OK");
  EXPECT_EQ(run({"INCRBYFLOAT", "fl", "0.5"}), "\"2.5\"");
  EXPECT_EQ(run({"TTL", "fl"}), ":100");
  if (make_non_string("fl-other")) {
    EXPECT_EQ(run({"INCRBYFLOAT", "fl-other", "1"}), kWrongType);
    EXPECT_EQ(run({"INCRBYFLOAT", "fl-other", "abc"}), kWrongType);
  }
}

TEST_F(StringsTest, AppendAndStrlen) {
  run({"DEL", "ap"});
  EXPECT_EQ(run({"STRLEN", "ap"}), ":0");
  EXPECT_EQ(run({"APPEND", "ap", "hello"}), ":5");
  EXPECT_EQ(run({"APPEND", "ap", " world"}), ":11");
  EXPECT_EQ(run({"GET", "ap"}), "\"hello world\"");
  EXPECT_EQ(run({"STRLEN", "ap"}), ":11");
  EXPECT_EQ(run({"APPEND", "ap", ""}), ":11");
  EXPECT_EQ(run({"EXPIRE", "ap", "100"}), ":1");
  EXPECT_EQ(run({"APPEND", "ap", "!"}), ":12");
  EXPECT_EQ(run({"TTL", "ap"}), ":100");
  EXPECT_EQ(run({"SET", "ap-int", "123"}), "+OK");
  EXPECT_EQ(run({"APPEND", "ap-int", "45"}), ":5");
  EXPECT_EQ(run({"INCR", "ap-int"}), ":12346");
  if (make_non_string("ap-other")) {
    EXPECT_EQ(run({"APPEND", "ap-other", "x"}), kWrongType);
    EXPECT_EQ(run({"STRLEN", "ap-other"}), kWrongType);
  }
}

TEST_F(StringsTest, GetrangeAndSubstr) {
  EXPECT_EQ(run({"SET", "gr", "hello world"}), "+OK");
  EXPECT_EQ(run({"GETRANGE", "gr", "0", "4"}), "\"hello\"");
  EXPECT_EQ(run({"GETRANGE", "gr", "-5", "-1"}), "\"world\"");
  EXPECT_EQ(run({"GETRANGE", "gr", "0", "-1"}), "\"hello world\"");
  EXPECT_EQ(run({"GETRANGE", "gr", "5", "3"}), "\"\"");
  EXPECT_EQ(run({"GETRANGE", "gr", "-1", "-5"}), "\"\"");
  EXPECT_EQ(run({"GETRANGE", "gr", "100", "200"}), "\"\"");
  EXPECT_EQ(run({"GETRANGE", "gr", "-100", "2"}), "\"hel\"");
  EXPECT_EQ(run({"GETRANGE", "gr", "6", "100"}), "\"world\"");
  EXPECT_EQ(run({"GETRANGE", "gr", "0", "-100"}), "\"h\"");
  EXPECT_EQ(run({"GETRANGE", "gr", "-1", "-1"}), "\"d\"");
  EXPECT_EQ(run({"SUBSTR", "gr", "1", "3"}), "\"ell\"");
  EXPECT_EQ(run({"GETRANGE", "gr-missing", "0", "-1"}), "\"\"");
  EXPECT_EQ(run({"GETRANGE", "gr", "a", "1"}), kNotInteger);
  EXPECT_EQ(run({"GETRANGE", "gr-missing", "0", "b"}), kNotInteger);
  EXPECT_EQ(run({"SET", "gr-empty", ""}), "+OK");
  EXPECT_EQ(run({"GETRANGE", "gr-empty", "0", "-1"}), "\"\"");
  EXPECT_EQ(run({"SET", "gr-int", "12345"}), "+OK");
  EXPECT_EQ(run({"GETRANGE", "gr-int", "1", "2"}), "\"23\"");
  if (make_non_string("gr-other")) {
    EXPECT_EQ(run({"GETRANGE", "gr-other", "0", "1"}), kWrongType);
  }
}

TEST_F(StringsTest, Setrange) {
  run({"DEL", "sr", "sr-missing"});
  EXPECT_EQ(run({"SETRANGE", "sr", "5", "hi"}), ":7");
  EXPECT_EQ(client_->call({"GET", "sr"}).text, std::string("\0\0\0\0\0hi", 7));
  EXPECT_EQ(run({"SETRANGE", "sr", "0", "HE"}), ":7");
  EXPECT_EQ(client_->call({"GET", "sr"}).text, std::string("HE\0\0\0hi", 7));
  EXPECT_EQ(run({"SETRANGE", "sr", "6", "there"}), ":11");
  EXPECT_EQ(client_->call({"GET", "sr"}).text, std::string("HE\0\0\0hthere", 11));
  EXPECT_EQ(run({"SETRANGE", "sr", "-1", "x"}), "-ERR offset is out of range");
  EXPECT_EQ(run({"SETRANGE", "sr", "abc", "x"}), kNotInteger);
  EXPECT_EQ(run({"SETRANGE", "sr", "100", ""}), ":11");
  EXPECT_EQ(run({"SETRANGE", "sr-missing", "0", ""}), ":0");
  EXPECT_EQ(run({"EXISTS", "sr-missing"}), ":0");
  EXPECT_EQ(run({"SETRANGE", "sr", "536870911", ""}), ":11");
  EXPECT_EQ(run({"SETRANGE", "sr", "536870912", "x"}),
            "-ERR string exceeds maximum allowed size (proto-max-bulk-len)");
  EXPECT_EQ(run({"SETRANGE", "sr-missing", "536870912", "x"}),
            "-ERR string exceeds maximum allowed size (proto-max-bulk-len)");
  EXPECT_EQ(run({"EXPIRE", "sr", "100"}), ":1");
  EXPECT_EQ(run({"SETRANGE", "sr", "0", "h"}), ":11");
  EXPECT_EQ(run({"TTL", "sr"}), ":100");
  if (make_non_string("sr-other")) {
    EXPECT_EQ(run({"SETRANGE", "sr-other", "0", "x"}), kWrongType);
    EXPECT_EQ(run({"SETRANGE", "sr-other", "0", ""}), kWrongType);
    EXPECT_EQ(run({"SETRANGE", "sr-other", "-1", "x"}), "-ERR offset is out of range");
  }
}

// A server of its own: the test lowers proto-max-bulk-len.
TEST(StringLimitsTest, SizeLimitFollowsProtoMaxBulkLen) {
  ServerProcess server;
  TestClient client(server.port());
  Reply config = client.call({"CONFIG", "SET", "proto-max-bulk-len", "1048576"});
  if (!config.is_ok()) GTEST_SKIP() << "CONFIG SET proto-max-bulk-len: " << config.debug();
  const std::string too_big = "-ERR string exceeds maximum allowed size (proto-max-bulk-len)";
  EXPECT_EQ(client.call({"SETRANGE", "lim", "1048576", "x"}).debug(), too_big);
  EXPECT_EQ(client.call({"SETRANGE", "lim", "1048575", "x"}).debug(), ":1048576");
  EXPECT_EQ(client.call({"APPEND", "lim", "x"}).debug(), too_big);
  EXPECT_EQ(client.call({"APPEND", "lim", ""}).debug(), ":1048576");
  EXPECT_EQ(client.call({"STRLEN", "lim"}).debug(), ":1048576");
  EXPECT_EQ(client.call({"SETBIT", "lim-bits", "8388608", "1"}).debug(),
            "-ERR bit offset is not an integer or out of range");
  EXPECT_EQ(client.call({"SETBIT", "lim-bits", "8388607", "1"}).debug(), ":0");
  EXPECT_EQ(client.call({"BITFIELD", "lim-bits", "SET", "u8", "#1048576", "1"}).debug(),
            "-ERR bit offset is not an integer or out of range");
  std::string text(600, 'a');
  EXPECT_TRUE(client.call({"SET", "lcs-a", text}).is_ok());
  EXPECT_TRUE(client.call({"SET", "lcs-b", text}).is_ok());
  EXPECT_EQ(client.call({"LCS", "lcs-a", "lcs-b"}).debug(),
            "-ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
  EXPECT_EQ(client.call({"LCS", "lcs-a", "lcs-b", "LEN"}).debug(),
            "-ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
  EXPECT_TRUE(client.call({"SET", "lcs-b", std::string(400, 'a')}).is_ok());
  EXPECT_EQ(client.call({"LCS", "lcs-a", "lcs-b", "LEN"}).debug(), ":400");
}

TEST_F(StringsTest, LcsPlainLenAndIdx) {
  EXPECT_EQ(run({"MSET", "lcs1", "ohmytext", "lcs2", "mynewtext"}), "+OK");
  EXPECT_EQ(run({"LCS", "lcs1", "lcs2"}), "\"mytext\"");
  EXPECT_EQ(run({"LCS", "lcs1", "lcs2", "LEN"}), ":6");
  EXPECT_EQ(run({"LCS", "lcs1", "lcs2", "IDX"}),
            "[\"matches\", [[[:4, :7], [:5, :8]], [[:2, :3], [:0, :1]]], \"len\", :6]");
  EXPECT_EQ(run({"LCS", "lcs1", "lcs2", "IDX", "MINMATCHLEN", "4"}),
            "[\"matches\", [[[:4, :7], [:5, :8]]], \"len\", :6]");
  EXPECT_EQ(run({"LCS", "lcs1", "lcs2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"}),
            "[\"matches\", [[[:4, :7], [:5, :8], :4]], \"len\", :6]");
  EXPECT_EQ(run({"LCS", "lcs1", "lcs2", "idx", "withmatchlen", "minmatchlen", "-3"}),
            "[\"matches\", [[[:4, :7], [:5, :8], :4], [[:2, :3], [:0, :1], :2]], \"len\", :6]");
  EXPECT_EQ(run({"LCS", "lcs1", "lcs2", "LEN", "WITHMATCHLEN", "MINMATCHLEN", "2"}), ":6");
  EXPECT_EQ(run({"LCS", "lcs1", "lcs-missing"}), "\"\"");
  EXPECT_EQ(run({"LCS", "lcs-missing", "lcs-missing2", "LEN"}), ":0");
  EXPECT_EQ(run({"LCS", "lcs1", "lcs-missing", "IDX"}), "[\"matches\", [], \"len\", :0]");
  EXPECT_EQ(run({"LCS", "lcs1", "lcs2", "LEN", "IDX"}),
            "-ERR If you want both the length and indexes, please just use IDX.");
  EXPECT_EQ(run({"LCS", "lcs1", "lcs2", "MINMATCHLEN", "abc"}), kNotInteger);
  EXPECT_EQ(run({"LCS", "lcs1", "lcs2", "MINMATCHLEN"}), kSyntax);
  EXPECT_EQ(run({"LCS", "lcs1", "lcs2", "BOGUS"}), kSyntax);
  EXPECT_EQ(run({"LCS", "lcs1"}), "-ERR wrong number of arguments for 'lcs' command");
  EXPECT_EQ(run({"MSET", "lcs3", "ABCBDAB", "lcs4", "BDCABA"}), "+OK");
  EXPECT_EQ(run({"LCS", "lcs3", "lcs4"}), "\"BDAB\"");
  EXPECT_EQ(run({"LCS", "lcs3", "lcs4", "IDX", "WITHMATCHLEN"}),
            "[\"matches\", [[[:5, :6], [:3, :4], :2], [[:3, :4], [:0, :1], :2]], \"len\", :4]");
  if (make_non_string("lcs-other")) {
    EXPECT_EQ(run({"LCS", "lcs1", "lcs-other", "BOGUS"}),
              "-ERR The specified keys must contain string values");
    EXPECT_EQ(run({"LCS", "lcs-other", "lcs1"}),
              "-ERR The specified keys must contain string values");
  }
}

TEST_F(StringsTest, LcsIdxIsAMapInResp3) {
  EXPECT_EQ(run({"MSET", "lcs5", "ohmytext", "lcs6", "mynewtext"}), "+OK");
  ASSERT_EQ(client_->call({"HELLO", "3"}).type, Reply::kMap);
  EXPECT_EQ(run({"LCS", "lcs5", "lcs6", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"}),
            "%{\"matches\", [[[:4, :7], [:5, :8], :4]], \"len\", :6}");
  EXPECT_EQ(run({"LCS", "lcs5", "lcs6"}), "\"mytext\"");
  EXPECT_EQ(run({"MGET", "lcs5", "lcs-missing"}), "[\"ohmytext\", (nil)]");
  EXPECT_EQ(client_->call({"GET", "lcs-missing"}).type, Reply::kNull);
}

TEST_F(StringsTest, ArityErrors) {
  EXPECT_EQ(run({"SETNX", "k"}), "-ERR wrong number of arguments for 'setnx' command");
  EXPECT_EQ(run({"GETSET", "k"}), "-ERR wrong number of arguments for 'getset' command");
  EXPECT_EQ(run({"GETEX"}), "-ERR wrong number of arguments for 'getex' command");
  EXPECT_EQ(run({"INCR", "a", "b"}), "-ERR wrong number of arguments for 'incr' command");
  EXPECT_EQ(run({"INCRBYFLOAT", "a"}), "-ERR wrong number of arguments for 'incrbyfloat' command");
  EXPECT_EQ(run({"APPEND", "a"}), "-ERR wrong number of arguments for 'append' command");
  EXPECT_EQ(run({"GETRANGE", "a", "0"}), "-ERR wrong number of arguments for 'getrange' command");
  EXPECT_EQ(run({"SETRANGE", "a", "0"}), "-ERR wrong number of arguments for 'setrange' command");
  EXPECT_EQ(run({"STRLEN"}), "-ERR wrong number of arguments for 'strlen' command");
}

}  // namespace
}  // namespace ringkv::testing
