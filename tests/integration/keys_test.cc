// Generic key commands against the real server: DEL UNLINK EXISTS TOUCH
// TYPE KEYS RANDOMKEY RENAME RENAMENX COPY MOVE OBJECT. Expected replies
// were checked against Redis 7.0's redis-server. The server runs two
// shards, so keys chosen by slot exercise cross-shard RENAME and COPY.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/access_clock.h"
#include "test_client.h"
#include "ttl_assert.h"
#include "util/slot.h"

namespace ringkv::testing {
namespace {

class KeysTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ServerProcess({"--threads", "2"}); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  // A client on db `db`, which the test uses alone (tests share the server).
  static TestClient* client_on(int db) {
    auto* client = new TestClient(server_->port());
    EXPECT_TRUE(client->call({"SELECT", std::to_string(db)}).is_ok());
    return client;
  }
  static ServerProcess* server_;
};
ServerProcess* KeysTest::server_ = nullptr;

// A key named `base`-something stored in shard `shard` of a two-shard server.
std::string key_in_shard(const std::string& base, int shard) {
  for (int i = 0;; ++i) {
    std::string key = base + std::to_string(i);
    if (key_slot(key) % 2 == shard) return key;
  }
}

// The bulk strings of an array reply, sorted (KEYS' order is unspecified).
std::vector<std::string> sorted_texts(const Reply& reply) {
  std::vector<std::string> texts;
  for (const Reply& element : reply.elements) texts.push_back(element.text);
  std::sort(texts.begin(), texts.end());
  return texts;
}

TEST_F(KeysTest, MemoryUsageEstimatesEveryType) {
  std::unique_ptr<TestClient> c(client_on(14));
  ASSERT_TRUE(c->call({"SET", "mem:s", std::string(1000, 'x')}).is_ok());
  Reply small = c->call({"MEMORY", "USAGE", "mem:s"});
  ASSERT_EQ(small.type, Reply::kInteger) << small.debug();
  EXPECT_GT(small.integer, 1000);
  ASSERT_EQ(c->call({"RPUSH", "mem:l", "a", "b", "c"}).debug(), ":3");
  ASSERT_EQ(c->call({"HSET", "mem:h", "f", std::string(500, 'v')}).debug(), ":1");
  EXPECT_GT(c->call({"MEMORY", "USAGE", "mem:l", "SAMPLES", "0"}).integer, 3);
  EXPECT_GT(c->call({"MEMORY", "USAGE", "mem:h"}).integer, 500);
  EXPECT_EQ(c->call({"MEMORY", "USAGE", "mem:none"}).debug(), "(nil)");
  EXPECT_EQ(c->call({"MEMORY", "USAGE", "mem:s", "SAMPLES", "x"}).debug(),
            "-ERR value is not an integer or out of range");
  EXPECT_EQ(c->call({"MEMORY", "USAGE", "mem:s", "FOO"}).debug(), "-ERR syntax error");
  EXPECT_EQ(c->call({"MEMORY", "PURGE"}).debug(), "+OK");
  EXPECT_EQ(c->call({"MEMORY", "NOPE"}).debug(),
            "-ERR unknown subcommand 'NOPE'. Try MEMORY HELP.");
  EXPECT_EQ(c->call({"COMMAND", "GETKEYS", "MEMORY", "USAGE", "mem:s"}).debug(), "[\"mem:s\"]");
}

TEST_F(KeysTest, DelAndUnlinkCountRemovedKeys) {
  std::unique_ptr<TestClient> c(client_on(1));
  ASSERT_TRUE(c->call({"SET", "del:a", "1"}).is_ok());
  ASSERT_TRUE(c->call({"SET", "del:b", "2"}).is_ok());
  EXPECT_EQ(c->call({"DEL", "del:a", "del:b", "del:c"}).debug(), ":2");
  EXPECT_EQ(c->call({"DEL", "del:a"}).debug(), ":0");
  EXPECT_EQ(c->call({"GET", "del:a"}).debug(), "(nil)");
  ASSERT_TRUE(c->call({"SET", "del:a", "1"}).is_ok());
  // A key named twice is deleted once.
  EXPECT_EQ(c->call({"UNLINK", "del:a", "del:a"}).debug(), ":1");
  EXPECT_EQ(c->call({"UNLINK", "del:a"}).debug(), ":0");
  EXPECT_EQ(c->call({"DEL"}).debug(), "-ERR wrong number of arguments for 'del' command");
  EXPECT_EQ(c->call({"UNLINK"}).debug(), "-ERR wrong number of arguments for 'unlink' command");
}

TEST_F(KeysTest, ExistsAndTouchCountEveryArgument) {
  std::unique_ptr<TestClient> c(client_on(1));
  ASSERT_TRUE(c->call({"SET", "ex:a", "1"}).is_ok());
  EXPECT_EQ(c->call({"EXISTS", "ex:a"}).debug(), ":1");
  EXPECT_EQ(c->call({"EXISTS", "ex:a", "ex:a", "ex:none"}).debug(), ":2");
  EXPECT_EQ(c->call({"EXISTS", "ex:none"}).debug(), ":0");
  EXPECT_EQ(c->call({"TOUCH", "ex:a", "ex:a", "ex:none"}).debug(), ":2");
  EXPECT_EQ(c->call({"EXISTS"}).debug(), "-ERR wrong number of arguments for 'exists' command");
  EXPECT_EQ(c->call({"TOUCH"}).debug(), "-ERR wrong number of arguments for 'touch' command");
}

TEST_F(KeysTest, TypeNamesTheValueType) {
  std::unique_ptr<TestClient> c(client_on(1));
  ASSERT_TRUE(c->call({"SET", "type:s", "x"}).is_ok());
  EXPECT_EQ(c->call({"TYPE", "type:s"}).debug(), "+string");
  EXPECT_EQ(c->call({"TYPE", "type:none"}).debug(), "+none");
  EXPECT_EQ(c->call({"TYPE"}).debug(), "-ERR wrong number of arguments for 'type' command");
  EXPECT_EQ(c->call({"TYPE", "a", "b"}).debug(),
            "-ERR wrong number of arguments for 'type' command");
}

TEST_F(KeysTest, KeysMatchesGlobPatternsInItsDbOnly) {
  std::unique_ptr<TestClient> c(client_on(2));
  for (const char* key : {"foo", "foobar", "bar", "f*o", "f\\o", "Foo"}) {
    ASSERT_TRUE(c->call({"SET", key, "v"}).is_ok());
  }
  using Keys = std::vector<std::string>;
  EXPECT_EQ(sorted_texts(c->call({"KEYS", "*"})), (Keys{"Foo", "bar", "f*o", "f\\o", "foo", "foobar"}));
  EXPECT_EQ(sorted_texts(c->call({"KEYS", "foo*"})), (Keys{"foo", "foobar"}));
  EXPECT_EQ(sorted_texts(c->call({"KEYS", "f?o"})), (Keys{"f*o", "f\\o", "foo"}));
  EXPECT_EQ(sorted_texts(c->call({"KEYS", "[fb]*r"})), (Keys{"bar", "foobar"}));
  EXPECT_EQ(sorted_texts(c->call({"KEYS", "[^f]*"})), (Keys{"Foo", "bar"}));
  EXPECT_EQ(sorted_texts(c->call({"KEYS", "f\\*o"})), (Keys{"f*o"}));
  EXPECT_EQ(sorted_texts(c->call({"KEYS", "f\\\\o"})), (Keys{"f\\o"}));
  EXPECT_EQ(sorted_texts(c->call({"KEYS", "F*"})), (Keys{"Foo"}));
  EXPECT_EQ(c->call({"KEYS", "nomatch*"}).debug(), "[]");
  EXPECT_EQ(c->call({"KEYS", ""}).debug(), "[]");
  // Another db holds none of them.
  ASSERT_TRUE(c->call({"SELECT", "3"}).is_ok());
  EXPECT_EQ(c->call({"KEYS", "*"}).debug(), "[]");
  EXPECT_EQ(c->call({"KEYS"}).debug(), "-ERR wrong number of arguments for 'keys' command");
  EXPECT_EQ(c->call({"KEYS", "a", "b"}).debug(),
            "-ERR wrong number of arguments for 'keys' command");
}

TEST_F(KeysTest, RandomKeyPicksFromEveryShard) {
  std::unique_ptr<TestClient> c(client_on(4));
  EXPECT_EQ(c->call({"RANDOMKEY"}).debug(), "(nil)");
  std::set<std::string> stored = {key_in_shard("rk", 0), key_in_shard("rk", 1),
                                  key_in_shard("other", 0), key_in_shard("other", 1)};
  for (const std::string& key : stored) ASSERT_TRUE(c->call({"SET", key, "v"}).is_ok());
  std::set<std::string> seen;
  for (int i = 0; i < 400 && seen.size() < stored.size(); ++i) {
    Reply reply = c->call({"RANDOMKEY"});
    ASSERT_EQ(reply.type, Reply::kBulk) << reply.debug();
    EXPECT_TRUE(stored.count(reply.text)) << reply.text;
    seen.insert(reply.text);
  }
  EXPECT_EQ(seen, stored);
  EXPECT_EQ(c->call({"RANDOMKEY", "x"}).debug(),
            "-ERR wrong number of arguments for 'randomkey' command");
  ASSERT_TRUE(c->call({"SELECT", "5"}).is_ok());
  ASSERT_EQ(c->call({"HELLO", "3"}).type, Reply::kMap);
  EXPECT_EQ(c->call({"RANDOMKEY"}).type, Reply::kNull);
}

TEST_F(KeysTest, RandomKeyNeverReturnsAnExpiredKey) {
  std::unique_ptr<TestClient> c(client_on(15));
  for (int i = 0; i < 300; ++i) c->send_command({"SET", "exp:" + std::to_string(i), "v", "PX", "1"});
  for (int i = 0; i < 300; ++i) ASSERT_TRUE(c->read_reply().is_ok());
  ASSERT_TRUE(c->call({"SET", "alive", "v"}).is_ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  for (int i = 0; i < 20; ++i) EXPECT_EQ(c->call({"RANDOMKEY"}).debug(), "\"alive\"");
  ASSERT_EQ(c->call({"DEL", "alive"}).debug(), ":1");
  EXPECT_EQ(c->call({"RANDOMKEY"}).debug(), "(nil)");
}

TEST_F(KeysTest, RenameMovesValueAndDeadline) {
  std::unique_ptr<TestClient> c(client_on(1));
  ASSERT_TRUE(c->call({"SET", "rn:a", "va", "EX", "100"}).is_ok());
  ASSERT_TRUE(c->call({"RENAME", "rn:a", "rn:b"}).is_ok());
  EXPECT_EQ(c->call({"GET", "rn:a"}).debug(), "(nil)");
  EXPECT_EQ(c->call({"GET", "rn:b"}).debug(), "\"va\"");
  EXPECT_TRUE(ttl_near(c->call({"TTL", "rn:b"}), 100));
  // Renaming over an existing key replaces it, deadline included.
  ASSERT_TRUE(c->call({"SET", "rn:c", "vc"}).is_ok());
  ASSERT_TRUE(c->call({"RENAME", "rn:c", "rn:b"}).is_ok());
  EXPECT_EQ(c->call({"GET", "rn:b"}).debug(), "\"vc\"");
  EXPECT_EQ(c->call({"TTL", "rn:b"}).debug(), ":-1");
  EXPECT_EQ(c->call({"EXISTS", "rn:c"}).debug(), ":0");
  // Same name: nothing happens, but the key must exist.
  EXPECT_TRUE(c->call({"RENAME", "rn:b", "rn:b"}).is_ok());
  EXPECT_EQ(c->call({"GET", "rn:b"}).debug(), "\"vc\"");
  EXPECT_EQ(c->call({"RENAME", "rn:none", "rn:x"}).debug(), "-ERR no such key");
  EXPECT_EQ(c->call({"RENAME", "rn:none", "rn:none"}).debug(), "-ERR no such key");
  EXPECT_EQ(c->call({"RENAME", "rn:b"}).debug(),
            "-ERR wrong number of arguments for 'rename' command");
}

TEST_F(KeysTest, RenameNxOnlyToAFreeName) {
  std::unique_ptr<TestClient> c(client_on(1));
  ASSERT_TRUE(c->call({"SET", "rnx:a", "1"}).is_ok());
  ASSERT_TRUE(c->call({"SET", "rnx:b", "2"}).is_ok());
  EXPECT_EQ(c->call({"RENAMENX", "rnx:a", "rnx:b"}).debug(), ":0");
  EXPECT_EQ(c->call({"GET", "rnx:b"}).debug(), "\"2\"");
  EXPECT_EQ(c->call({"RENAMENX", "rnx:a", "rnx:a"}).debug(), ":0");
  EXPECT_EQ(c->call({"RENAMENX", "rnx:a", "rnx:c"}).debug(), ":1");
  EXPECT_EQ(c->call({"GET", "rnx:c"}).debug(), "\"1\"");
  EXPECT_EQ(c->call({"EXISTS", "rnx:a"}).debug(), ":0");
  EXPECT_EQ(c->call({"RENAMENX", "rnx:none", "rnx:d"}).debug(), "-ERR no such key");
}

TEST_F(KeysTest, RenameAndCopyAcrossShards) {
  std::unique_ptr<TestClient> c(client_on(6));
  std::string left = key_in_shard("left", 0);
  std::string right = key_in_shard("right", 1);
  ASSERT_TRUE(c->call({"SET", left, "payload", "PX", "500000"}).is_ok());
  ASSERT_TRUE(c->call({"RENAME", left, right}).is_ok());
  EXPECT_EQ(c->call({"GET", right}).debug(), "\"payload\"");
  EXPECT_EQ(c->call({"EXISTS", left}).debug(), ":0");
  Reply ttl = c->call({"PTTL", right});
  EXPECT_GT(ttl.integer, 400000) << ttl.debug();
  EXPECT_EQ(c->call({"COPY", right, left}).debug(), ":1");
  EXPECT_EQ(c->call({"GET", left}).debug(), "\"payload\"");
  EXPECT_GT(c->call({"PTTL", left}).integer, 400000);
  EXPECT_EQ(c->call({"RENAMENX", left, right}).debug(), ":0");
  ASSERT_TRUE(c->call({"SET", left, "newer"}).is_ok());
  EXPECT_EQ(c->call({"COPY", left, right, "REPLACE", "DB", "7"}).debug(), ":1");
  EXPECT_EQ(c->call({"GET", right}).debug(), "\"payload\"");
  ASSERT_TRUE(c->call({"SELECT", "7"}).is_ok());
  EXPECT_EQ(c->call({"GET", right}).debug(), "\"newer\"");
  EXPECT_EQ(c->call({"TTL", right}).debug(), ":-1");
  EXPECT_EQ(c->call({"KEYS", "*"}).debug(), "[\"" + right + "\"]");
}

TEST_F(KeysTest, CopyOptionsAndErrors) {
  std::unique_ptr<TestClient> c(client_on(8));
  ASSERT_TRUE(c->call({"SET", "cp:a", "1"}).is_ok());
  EXPECT_EQ(c->call({"COPY", "cp:a", "cp:b"}).debug(), ":1");
  EXPECT_EQ(c->call({"COPY", "cp:a", "cp:b"}).debug(), ":0");
  ASSERT_TRUE(c->call({"SET", "cp:a", "2"}).is_ok());
  EXPECT_EQ(c->call({"copy", "cp:a", "cp:b", "replace"}).debug(), ":1");
  EXPECT_EQ(c->call({"GET", "cp:b"}).debug(), "\"2\"");
  // The copy is independent of its source.
  ASSERT_TRUE(c->call({"SET", "cp:a", "3"}).is_ok());
  EXPECT_EQ(c->call({"GET", "cp:b"}).debug(), "\"2\"");
  EXPECT_EQ(c->call({"COPY", "cp:a", "cp:a", "DB", "9"}).debug(), ":1");
  EXPECT_EQ(c->call({"COPY", "cp:a", "cp:a", "DB", "9"}).debug(), ":0");
  EXPECT_EQ(c->call({"COPY", "cp:none", "cp:x"}).debug(), ":0");
  EXPECT_EQ(c->call({"EXISTS", "cp:x"}).debug(), ":0");
  const std::string same = "-ERR source and destination objects are the same";
  EXPECT_EQ(c->call({"COPY", "cp:a", "cp:a"}).debug(), same);
  EXPECT_EQ(c->call({"COPY", "cp:none", "cp:none"}).debug(), same);
  EXPECT_EQ(c->call({"COPY", "cp:a", "cp:a", "DB", "8"}).debug(), same);
  EXPECT_EQ(c->call({"COPY", "cp:a", "cp:a", "REPLACE", "REPLACE"}).debug(), same);
  EXPECT_EQ(c->call({"COPY", "cp:a", "cp:b", "DB", "16"}).debug(), "-ERR DB index is out of range");
  EXPECT_EQ(c->call({"COPY", "cp:a", "cp:b", "DB", "-1"}).debug(), "-ERR DB index is out of range");
  EXPECT_EQ(c->call({"COPY", "cp:none", "cp:b", "DB", "16"}).debug(),
            "-ERR DB index is out of range");
  EXPECT_EQ(c->call({"COPY", "cp:a", "cp:b", "DB", "x"}).debug(),
            "-ERR value is not an integer or out of range");
  EXPECT_EQ(c->call({"COPY", "cp:a", "cp:b", "DB", "99999999999"}).debug(),
            "-ERR value is out of range, value must between -2147483648 and 2147483647");
  EXPECT_EQ(c->call({"COPY", "cp:a", "cp:b", "DB"}).debug(), "-ERR syntax error");
  EXPECT_EQ(c->call({"COPY", "cp:a", "cp:b", "BOGUS"}).debug(), "-ERR syntax error");
  EXPECT_EQ(c->call({"COPY", "cp:a"}).debug(), "-ERR wrong number of arguments for 'copy' command");
}

TEST_F(KeysTest, MoveBetweenDatabases) {
  std::unique_ptr<TestClient> c(client_on(10));
  ASSERT_TRUE(c->call({"SET", "mv:a", "here", "EX", "1000"}).is_ok());
  EXPECT_EQ(c->call({"MOVE", "mv:a", "11"}).debug(), ":1");
  EXPECT_EQ(c->call({"EXISTS", "mv:a"}).debug(), ":0");
  EXPECT_EQ(c->call({"MOVE", "mv:a", "11"}).debug(), ":0");
  ASSERT_TRUE(c->call({"SET", "mv:a", "again"}).is_ok());
  // The target db already holds the name: nothing moves.
  EXPECT_EQ(c->call({"MOVE", "mv:a", "11"}).debug(), ":0");
  EXPECT_EQ(c->call({"GET", "mv:a"}).debug(), "\"again\"");
  ASSERT_TRUE(c->call({"SELECT", "11"}).is_ok());
  EXPECT_EQ(c->call({"GET", "mv:a"}).debug(), "\"here\"");
  EXPECT_TRUE(ttl_near(c->call({"TTL", "mv:a"}), 1000));
  EXPECT_EQ(c->call({"MOVE", "mv:a", "11"}).debug(),
            "-ERR source and destination objects are the same");
  EXPECT_EQ(c->call({"MOVE", "mv:a", "16"}).debug(), "-ERR DB index is out of range");
  EXPECT_EQ(c->call({"MOVE", "mv:a", "-1"}).debug(), "-ERR DB index is out of range");
  EXPECT_EQ(c->call({"MOVE", "mv:a", "x"}).debug(),
            "-ERR value is not an integer or out of range");
  EXPECT_EQ(c->call({"MOVE", "mv:a", "99999999999"}).debug(),
            "-ERR value is out of range, value must between -2147483648 and 2147483647");
  EXPECT_EQ(c->call({"MOVE", "mv:none", "10"}).debug(), ":0");
  EXPECT_EQ(c->call({"MOVE", "mv:a"}).debug(), "-ERR wrong number of arguments for 'move' command");
}

TEST_F(KeysTest, ObjectEncodingFollowsRedisStringRules) {
  std::unique_ptr<TestClient> c(client_on(12));
  struct Case {
    std::string value;
    const char* encoding;
  };
  const std::vector<Case> cases = {
      {"0", "int"},
      {"-123", "int"},
      {"9223372036854775807", "int"},
      {"-9223372036854775808", "int"},
      {"9223372036854775808", "embstr"},  // beyond long long
      {"0123", "embstr"},                 // leading zero
      {"+1", "embstr"},
      {"-0", "embstr"},
      {" 12", "embstr"},
      {"1.5", "embstr"},
      {"", "embstr"},
      {std::string(44, 'x'), "embstr"},
      {std::string(45, 'x'), "raw"},
      {std::string(44, '1'), "embstr"},  // digits, but longer than 20
  };
  for (const Case& test : cases) {
    ASSERT_TRUE(c->call({"SET", "enc", test.value}).is_ok());
    EXPECT_EQ(c->call({"OBJECT", "ENCODING", "enc"}).debug(), std::string("\"") + test.encoding + "\"")
        << "value '" << test.value << "'";
  }
  EXPECT_EQ(c->call({"OBJECT", "ENCODING", "enc:none"}).debug(), "(nil)");
}

TEST_F(KeysTest, ObjectRefcountFreqIdletimeAndHelp) {
  std::unique_ptr<TestClient> c(client_on(12));
  ASSERT_TRUE(c->call({"SET", "obj:shared", "9999"}).is_ok());
  ASSERT_TRUE(c->call({"SET", "obj:own", "10000"}).is_ok());
  ASSERT_TRUE(c->call({"SET", "obj:text", "hello"}).is_ok());
  EXPECT_EQ(c->call({"OBJECT", "REFCOUNT", "obj:shared"}).debug(), ":2147483647");
  EXPECT_EQ(c->call({"OBJECT", "REFCOUNT", "obj:own"}).debug(), ":1");
  EXPECT_EQ(c->call({"OBJECT", "REFCOUNT", "obj:text"}).debug(), ":1");
  EXPECT_EQ(c->call({"OBJECT", "REFCOUNT", "obj:none"}).debug(), "(nil)");
  EXPECT_EQ(c->call({"OBJECT", "FREQ", "obj:text"}).debug(),
            "-ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please "
            "note that when switching between policies at runtime LRU and LFU data will take some "
            "time to adjust.");
  EXPECT_EQ(c->call({"OBJECT", "FREQ", "obj:none"}).debug(), "(nil)");
  EXPECT_EQ(c->call({"OBJECT", "IDLETIME", "obj:text"}).debug(), ":0");
  EXPECT_EQ(c->call({"OBJECT", "IDLETIME", "obj:none"}).debug(), "(nil)");
  Reply help = c->call({"object", "help"});
  ASSERT_EQ(help.type, Reply::kArray);
  ASSERT_EQ(help.elements.size(), 15u);
  EXPECT_EQ(help.elements[0].debug(),
            "+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
  EXPECT_EQ(help.elements[14].debug(), "+    Prints this help.");
  EXPECT_EQ(c->call({"OBJECT"}).debug(), "-ERR wrong number of arguments for 'object' command");
  EXPECT_EQ(c->call({"OBJECT", "FOO"}).debug(), "-ERR unknown subcommand 'FOO'. Try OBJECT HELP.");
  EXPECT_EQ(c->call({"OBJECT", "ENCODING"}).debug(),
            "-ERR wrong number of arguments for 'object|encoding' command");
  EXPECT_EQ(c->call({"OBJECT", "ENCODING", "a", "b"}).debug(),
            "-ERR wrong number of arguments for 'object|encoding' command");
  EXPECT_EQ(c->call({"OBJECT", "HELP", "x"}).debug(),
            "-ERR wrong number of arguments for 'object|help' command");
}

// As Redis's introspection-2 tests: reads and writes make a key fresh,
// inspecting it (TTL, TYPE, EXISTS, OBJECT, KEYS, SCAN) does not.
TEST_F(KeysTest, IdleTimeCountsFromTheLastAccess) {
  std::unique_ptr<TestClient> c(client_on(14));
  for (const char* key : {"idle:inspected", "idle:touched", "idle:read", "idle:written",
                          "idle:expired", "idle:renamed"}) {
    ASSERT_TRUE(c->call({"SET", key, "v"}).is_ok());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  c->call({"TTL", "idle:inspected"});
  c->call({"PTTL", "idle:inspected"});
  c->call({"TYPE", "idle:inspected"});
  c->call({"EXISTS", "idle:inspected"});
  c->call({"OBJECT", "ENCODING", "idle:inspected"});
  c->call({"KEYS", "idle:*"});
  c->call({"SCAN", "0", "TYPE", "string"});
  EXPECT_EQ(c->call({"TOUCH", "idle:touched"}).debug(), ":1");
  EXPECT_EQ(c->call({"GET", "idle:read"}).debug(), "\"v\"");
  ASSERT_TRUE(c->call({"SET", "idle:written", "w"}).is_ok());
  EXPECT_EQ(c->call({"EXPIRE", "idle:expired", "100"}).debug(), ":1");
  ASSERT_TRUE(c->call({"RENAME", "idle:renamed", "idle:renamed2"}).is_ok());
  EXPECT_GE(c->call({"OBJECT", "IDLETIME", "idle:inspected"}).integer, 2);
  EXPECT_LE(c->call({"OBJECT", "IDLETIME", "idle:inspected"}).integer, 4);
  for (const char* key : {"idle:touched", "idle:read", "idle:written", "idle:expired",
                          "idle:renamed2"}) {
    EXPECT_EQ(c->call({"OBJECT", "IDLETIME", key}).debug(), ":0") << key;
  }
}

// The table behind IDLETIME: two slots per hash, the older access gives
// way, and a key it does not hold reads as idle since the clock started.
TEST(AccessClockTest, ForgetsTheOlderAccessFirst) {
  store::AccessClock clock(2, 1000000);  // one pair: every key shares it
  clock.record(0, "a", clock.tick_of(1000000 + 5000));
  clock.record(0, "b", clock.tick_of(1000000 + 6000));
  EXPECT_EQ(clock.idle_seconds(0, "a", 1000000 + 10000), 5u);
  EXPECT_EQ(clock.idle_seconds(0, "b", 1000000 + 10000), 4u);
  EXPECT_EQ(clock.idle_seconds(1, "a", 1000000 + 10000), 10u);  // another db
  clock.record(0, "a", clock.tick_of(1000000 + 7000));  // refreshes its own slot
  clock.record(0, "c", clock.tick_of(1000000 + 8000));  // takes b's (older) slot
  EXPECT_EQ(clock.idle_seconds(0, "a", 1000000 + 10000), 3u);
  EXPECT_EQ(clock.idle_seconds(0, "c", 1000000 + 10000), 2u);
  EXPECT_EQ(clock.idle_seconds(0, "b", 1000000 + 10000), 10u);
  EXPECT_EQ(clock.idle_seconds(0, "c", 1000000 + 7000), 0u);  // never negative
}

TEST_F(KeysTest, Resp3Replies) {
  std::unique_ptr<TestClient> c(client_on(13));
  ASSERT_EQ(c->call({"HELLO", "3"}).type, Reply::kMap);
  ASSERT_TRUE(c->call({"SET", "r3", "1"}).is_ok());
  EXPECT_EQ(c->call({"TYPE", "r3"}).debug(), "+string");
  EXPECT_EQ(c->call({"OBJECT", "ENCODING", "r3"}).debug(), "\"int\"");
  EXPECT_EQ(c->call({"OBJECT", "ENCODING", "r3:none"}).type, Reply::kNull);
  EXPECT_EQ(c->call({"KEYS", "r3*"}).debug(), "[\"r3\"]");
  EXPECT_EQ(c->call({"EXISTS", "r3"}).debug(), ":1");
  EXPECT_EQ(c->call({"COPY", "r3", "r3:copy"}).debug(), ":1");
  EXPECT_EQ(c->call({"RENAME", "r3:copy", "r3:renamed"}).debug(), "+OK");
}

}  // namespace
}  // namespace ringkv::testing
