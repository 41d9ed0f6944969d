// Expiry against the real server: EXPIRE PEXPIRE EXPIREAT PEXPIREAT with NX
// XX GT LT, TTL PTTL EXPIRETIME PEXPIRETIME PERSIST, lazy expiry (a key
// read after its deadline is gone), active expiry (keys vanish from DBSIZE
// without being read) and deadlines across a restart. Expected replies were
// checked against Redis 7.0's redis-server. The last tests drive
// Keyspace::expire_due directly to check that each sweep is bounded.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "store/keyspace.h"
#include "test_client.h"
#include "ttl_assert.h"

namespace ringkv::testing {
namespace {

class ExpireTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ServerProcess({"--threads", "2"}); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static ServerProcess* server_;
};
ServerProcess* ExpireTest::server_ = nullptr;

int64_t unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void sleep_ms(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

TEST_F(ExpireTest, DeadlinesAreSetReadAndRemoved) {
  TestClient c(server_->port());
  ASSERT_TRUE(c.call({"SET", "ttl:k", "v"}).is_ok());
  EXPECT_EQ(c.call({"TTL", "ttl:k"}).debug(), ":-1");
  EXPECT_EQ(c.call({"PTTL", "ttl:k"}).debug(), ":-1");
  EXPECT_EQ(c.call({"EXPIRETIME", "ttl:k"}).debug(), ":-1");
  EXPECT_EQ(c.call({"PEXPIRETIME", "ttl:k"}).debug(), ":-1");
  int64_t before = unix_ms();
  EXPECT_EQ(c.call({"EXPIRE", "ttl:k", "100"}).debug(), ":1");
  int64_t after = unix_ms();
  EXPECT_TRUE(ttl_near(c.call({"TTL", "ttl:k"}), 100));
  int64_t pttl = c.call({"PTTL", "ttl:k"}).integer;
  EXPECT_GT(pttl, 98000);
  EXPECT_LE(pttl, 100000);
  int64_t deadline = c.call({"PEXPIRETIME", "ttl:k"}).integer;
  EXPECT_GE(deadline, before + 100000);
  EXPECT_LE(deadline, after + 100000);
  EXPECT_EQ(c.call({"EXPIRETIME", "ttl:k"}).integer, (deadline + 500) / 1000);
  EXPECT_EQ(c.call({"PERSIST", "ttl:k"}).debug(), ":1");
  EXPECT_EQ(c.call({"TTL", "ttl:k"}).debug(), ":-1");
  EXPECT_EQ(c.call({"PERSIST", "ttl:k"}).debug(), ":0");
  EXPECT_EQ(c.call({"GET", "ttl:k"}).debug(), "\"v\"");
  EXPECT_EQ(c.call({"PEXPIRE", "ttl:k", "100000"}).debug(), ":1");
  EXPECT_TRUE(ttl_near(c.call({"TTL", "ttl:k"}), 100));
  // A missing key.
  for (const char* command : {"TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"}) {
    EXPECT_EQ(c.call({command, "ttl:none"}).debug(), ":-2") << command;
  }
  EXPECT_EQ(c.call({"PERSIST", "ttl:none"}).debug(), ":0");
  EXPECT_EQ(c.call({"EXPIRE", "ttl:none", "10"}).debug(), ":0");
  EXPECT_EQ(c.call({"PEXPIREAT", "ttl:none", "99999999999999"}).debug(), ":0");
  EXPECT_EQ(c.call({"EXISTS", "ttl:none"}).debug(), ":0");
}

TEST_F(ExpireTest, AbsoluteDeadlinesAreKeptExactly) {
  TestClient c(server_->port());
  ASSERT_TRUE(c.call({"SET", "at:k", "v"}).is_ok());
  EXPECT_EQ(c.call({"EXPIREAT", "at:k", "99999999999"}).debug(), ":1");
  EXPECT_EQ(c.call({"EXPIRETIME", "at:k"}).debug(), ":99999999999");
  EXPECT_EQ(c.call({"PEXPIRETIME", "at:k"}).debug(), ":99999999999000");
  // Seconds are rounded to the nearest.
  EXPECT_EQ(c.call({"PEXPIREAT", "at:k", "99999999999123"}).debug(), ":1");
  EXPECT_EQ(c.call({"EXPIRETIME", "at:k"}).debug(), ":99999999999");
  EXPECT_EQ(c.call({"PEXPIRETIME", "at:k"}).debug(), ":99999999999123");
  EXPECT_EQ(c.call({"PEXPIREAT", "at:k", "99999999999600"}).debug(), ":1");
  EXPECT_EQ(c.call({"EXPIRETIME", "at:k"}).debug(), ":100000000000");
  // The largest deadline there is.
  EXPECT_EQ(c.call({"PEXPIREAT", "at:k", "9223372036854775807"}).debug(), ":1");
  EXPECT_EQ(c.call({"PEXPIRETIME", "at:k"}).debug(), ":9223372036854775807");
  EXPECT_GT(c.call({"TTL", "at:k"}).integer, 9223370000000000);
  EXPECT_EQ(c.call({"GET", "at:k"}).debug(), "\"v\"");
}

TEST_F(ExpireTest, ConditionsNxXxGtLt) {
  TestClient c(server_->port());
  ASSERT_TRUE(c.call({"SET", "cond:k", "v"}).is_ok());
  EXPECT_EQ(c.call({"EXPIRE", "cond:k", "100", "XX"}).debug(), ":0");  // no deadline yet
  EXPECT_EQ(c.call({"EXPIRE", "cond:k", "100", "GT"}).debug(), ":0");  // none = infinite
  EXPECT_EQ(c.call({"TTL", "cond:k"}).debug(), ":-1");
  EXPECT_EQ(c.call({"EXPIRE", "cond:k", "100", "nx"}).debug(), ":1");
  EXPECT_EQ(c.call({"EXPIRE", "cond:k", "50", "NX"}).debug(), ":0");
  EXPECT_EQ(c.call({"EXPIRE", "cond:k", "200", "XX"}).debug(), ":1");
  EXPECT_TRUE(ttl_near(c.call({"TTL", "cond:k"}), 200));
  EXPECT_EQ(c.call({"EXPIRE", "cond:k", "100", "GT"}).debug(), ":0");
  // 199 s from now is earlier than the 200 s set a moment ago (200 s
  // from now would be later by the milliseconds in between).
  EXPECT_EQ(c.call({"EXPIRE", "cond:k", "199", "GT"}).debug(), ":0");  // not later
  EXPECT_EQ(c.call({"EXPIRE", "cond:k", "300", "Gt"}).debug(), ":1");
  EXPECT_TRUE(ttl_near(c.call({"TTL", "cond:k"}), 300));
  EXPECT_EQ(c.call({"EXPIRE", "cond:k", "400", "LT"}).debug(), ":0");
  EXPECT_EQ(c.call({"EXPIRE", "cond:k", "50", "LT"}).debug(), ":1");
  EXPECT_TRUE(ttl_near(c.call({"TTL", "cond:k"}), 50));
  EXPECT_EQ(c.call({"EXPIRE", "cond:k", "60", "XX", "GT"}).debug(), ":1");
  EXPECT_EQ(c.call({"EXPIRE", "cond:k", "70", "XX", "LT"}).debug(), ":0");
  EXPECT_EQ(c.call({"EXPIRE", "cond:k", "40", "GT", "GT"}).debug(), ":0");
  EXPECT_TRUE(ttl_near(c.call({"TTL", "cond:k"}), 60));
  // LT on a key without a deadline: any deadline is earlier than none.
  ASSERT_TRUE(c.call({"SET", "cond:lt", "v"}).is_ok());
  EXPECT_EQ(c.call({"PEXPIRE", "cond:lt", "10000", "LT"}).debug(), ":1");
  EXPECT_TRUE(ttl_near(c.call({"TTL", "cond:lt"}), 10));
  EXPECT_EQ(c.call({"PEXPIREAT", "cond:lt", "99999999999999", "LT"}).debug(), ":0");
  EXPECT_EQ(c.call({"EXPIREAT", "cond:lt", "99999999999", "GT"}).debug(), ":1");
  EXPECT_EQ(c.call({"EXPIRETIME", "cond:lt"}).debug(), ":99999999999");
}

TEST_F(ExpireTest, OptionErrorsComeBeforeTheNumberAndTheKey) {
  TestClient c(server_->port());
  ASSERT_TRUE(c.call({"SET", "opt:k", "v"}).is_ok());
  const std::string nx_conflict =
      "-ERR NX and XX, GT or LT options at the same time are not compatible";
  EXPECT_EQ(c.call({"EXPIRE", "opt:k", "10", "NX", "XX"}).debug(), nx_conflict);
  EXPECT_EQ(c.call({"EXPIRE", "opt:k", "10", "NX", "GT"}).debug(), nx_conflict);
  EXPECT_EQ(c.call({"PEXPIRE", "opt:k", "10", "LT", "NX"}).debug(), nx_conflict);
  EXPECT_EQ(c.call({"EXPIREAT", "opt:k", "10", "GT", "LT"}).debug(),
            "-ERR GT and LT options at the same time are not compatible");
  EXPECT_EQ(c.call({"EXPIRE", "opt:k", "10", "foo"}).debug(), "-ERR Unsupported option foo");
  EXPECT_EQ(c.call({"PEXPIREAT", "opt:k", "10", "NX", "bar"}).debug(),
            "-ERR Unsupported option bar");
  // Options are checked before the number, the number before the key.
  EXPECT_EQ(c.call({"EXPIRE", "opt:k", "x", "NX", "XX"}).debug(), nx_conflict);
  EXPECT_EQ(c.call({"EXPIRE", "opt:none", "x"}).debug(),
            "-ERR value is not an integer or out of range");
  EXPECT_EQ(c.call({"EXPIRE", "opt:none", "10", "foo"}).debug(), "-ERR Unsupported option foo");
  EXPECT_EQ(c.call({"EXPIRE", "opt:k", "1.5"}).debug(),
            "-ERR value is not an integer or out of range");
  EXPECT_EQ(c.call({"TTL", "opt:k"}).debug(), ":-1");
  EXPECT_EQ(c.call({"EXPIRE", "opt:k"}).debug(),
            "-ERR wrong number of arguments for 'expire' command");
  EXPECT_EQ(c.call({"PEXPIREAT"}).debug(),
            "-ERR wrong number of arguments for 'pexpireat' command");
  EXPECT_EQ(c.call({"TTL", "a", "b"}).debug(), "-ERR wrong number of arguments for 'ttl' command");
  EXPECT_EQ(c.call({"PEXPIRETIME"}).debug(),
            "-ERR wrong number of arguments for 'pexpiretime' command");
  EXPECT_EQ(c.call({"PERSIST", "a", "b"}).debug(),
            "-ERR wrong number of arguments for 'persist' command");
}

TEST_F(ExpireTest, OverflowingTimesAreInvalid) {
  TestClient c(server_->port());
  ASSERT_TRUE(c.call({"SET", "ovf:k", "v"}).is_ok());
  struct Case {
    const char* command;
    const char* amount;
  };
  for (const Case& test : {Case{"EXPIRE", "9223372036854775807"}, Case{"EXPIRE", "9223372036854775"},
                           Case{"EXPIRE", "9223372036854774"},
                           Case{"EXPIRE", "-9223372036854775808"},
                           Case{"PEXPIRE", "9223372036854775807"},
                           Case{"PEXPIRE", "9223372036854775806"},
                           Case{"EXPIREAT", "9223372036854775807"},
                           Case{"EXPIREAT", "-9223372036854775808"}}) {
    std::string lower = test.command;
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    EXPECT_EQ(c.call({test.command, "ovf:k", test.amount}).debug(),
              "-ERR invalid expire time in '" + lower + "' command")
        << test.command << " " << test.amount;
  }
  // Out of range for a long long at all: the integer error.
  EXPECT_EQ(c.call({"PEXPIRE", "ovf:k", "9223372036854775808"}).debug(),
            "-ERR value is not an integer or out of range");
  EXPECT_EQ(c.call({"TTL", "ovf:k"}).debug(), ":-1");
}

TEST_F(ExpireTest, PastDeadlinesDeleteTheKey) {
  TestClient c(server_->port());
  struct Case {
    const char* command;
    const char* amount;
  };
  for (const Case& test : {Case{"EXPIRE", "0"}, Case{"EXPIRE", "-1"},
                           Case{"EXPIRE", "-9223372036854775"}, Case{"PEXPIRE", "-5"},
                           Case{"PEXPIRE", "-9223372036854775808"}, Case{"EXPIREAT", "1"},
                           Case{"PEXPIREAT", "0"}, Case{"PEXPIREAT", "-1"}}) {
    ASSERT_TRUE(c.call({"SET", "past:k", "v", "EX", "100"}).is_ok());
    EXPECT_EQ(c.call({test.command, "past:k", test.amount}).debug(), ":1")
        << test.command << " " << test.amount;
    EXPECT_EQ(c.call({"EXISTS", "past:k"}).debug(), ":0") << test.command << " " << test.amount;
    EXPECT_EQ(c.call({test.command, "past:k", test.amount}).debug(), ":0");
  }
  // Conditions still apply to a past deadline.
  ASSERT_TRUE(c.call({"SET", "past:k", "v"}).is_ok());
  EXPECT_EQ(c.call({"EXPIRE", "past:k", "-1", "XX"}).debug(), ":0");
  EXPECT_EQ(c.call({"GET", "past:k"}).debug(), "\"v\"");
}

TEST_F(ExpireTest, LazyExpiryHidesTheKeyFromEveryRead) {
  TestClient c(server_->port());
  for (const char* key : {"lazy:a", "lazy:b", "lazy:c", "lazy:d"}) {
    ASSERT_TRUE(c.call({"SET", key, "v"}).is_ok());
    ASSERT_EQ(c.call({"PEXPIRE", key, "60"}).debug(), ":1");
  }
  EXPECT_EQ(c.call({"GET", "lazy:a"}).debug(), "\"v\"");
  sleep_ms(120);
  EXPECT_EQ(c.call({"GET", "lazy:a"}).debug(), "(nil)");
  EXPECT_EQ(c.call({"TTL", "lazy:b"}).debug(), ":-2");
  EXPECT_EQ(c.call({"EXISTS", "lazy:c"}).debug(), ":0");
  EXPECT_EQ(c.call({"TYPE", "lazy:d"}).debug(), "+none");
  EXPECT_EQ(c.call({"KEYS", "lazy:*"}).debug(), "[]");
  EXPECT_EQ(c.call({"PERSIST", "lazy:d"}).debug(), ":0");
}

TEST_F(ExpireTest, DeadlinesArePerDatabase) {
  TestClient c(server_->port());
  ASSERT_TRUE(c.call({"SELECT", "3"}).is_ok());
  ASSERT_TRUE(c.call({"SET", "db:k", "three"}).is_ok());
  ASSERT_TRUE(c.call({"SELECT", "4"}).is_ok());
  ASSERT_TRUE(c.call({"SET", "db:k", "four"}).is_ok());
  EXPECT_EQ(c.call({"PEXPIRE", "db:k", "50"}).debug(), ":1");
  sleep_ms(100);
  EXPECT_EQ(c.call({"GET", "db:k"}).debug(), "(nil)");
  ASSERT_TRUE(c.call({"SELECT", "3"}).is_ok());
  EXPECT_EQ(c.call({"GET", "db:k"}).debug(), "\"three\"");
  EXPECT_EQ(c.call({"TTL", "db:k"}).debug(), ":-1");
}

// DBSIZE counts keys whose deadline passed until they are deleted, so it
// shows active expiry at work: nothing reads these keys.
TEST_F(ExpireTest, ActiveExpiryDeletesUnreadKeys) {
  TestClient c(server_->port());
  ASSERT_TRUE(c.call({"SELECT", "9"}).is_ok());
  Reply size = c.call({"DBSIZE"});
  if (size.type == Reply::kError) GTEST_SKIP() << "DBSIZE not available: " << size.debug();
  ASSERT_EQ(size.debug(), ":0");
  constexpr int kExpiring = 2000;
  for (int i = 0; i < kExpiring; ++i) {
    c.send_command({"SET", "active:" + std::to_string(i), "v", "PX", "1500"});
  }
  for (int i = 0; i < kExpiring; ++i) ASSERT_TRUE(c.read_reply().is_ok());
  // Deadlines that were lengthened, removed or overwritten must not expire.
  ASSERT_TRUE(c.call({"SET", "stays:persisted", "v", "PX", "1500"}).is_ok());
  ASSERT_EQ(c.call({"PERSIST", "stays:persisted"}).debug(), ":1");
  ASSERT_TRUE(c.call({"SET", "stays:lengthened", "v", "PX", "1500"}).is_ok());
  ASSERT_EQ(c.call({"EXPIRE", "stays:lengthened", "1000"}).debug(), ":1");
  ASSERT_TRUE(c.call({"SET", "stays:renamed-from", "v", "PX", "1500"}).is_ok());
  ASSERT_TRUE(c.call({"RENAME", "stays:renamed-from", "stays:renamed"}).is_ok());
  ASSERT_EQ(c.call({"PERSIST", "stays:renamed"}).debug(), ":1");
  EXPECT_EQ(c.call({"DBSIZE"}).integer, kExpiring + 3);
  // Deadlines of 1.5 s leave a loaded machine time to write them all
  // first; the sweep runs every 100 ms, so all should be gone about a
  // second after their deadline.
  int64_t remaining = -1;
  for (int attempt = 0; attempt < 60; ++attempt) {
    sleep_ms(100);
    remaining = c.call({"DBSIZE"}).integer;
    if (remaining == 3) break;
  }
  EXPECT_EQ(remaining, 3);
  EXPECT_EQ(c.call({"GET", "stays:persisted"}).debug(), "\"v\"");
  EXPECT_TRUE(ttl_near(c.call({"TTL", "stays:lengthened"}), 1000));
  EXPECT_EQ(c.call({"GET", "stays:renamed"}).debug(), "\"v\"");
}

TEST_F(ExpireTest, DeadlinesSurviveARestart) {
  char pattern[] = "/tmp/ringkv-expire-XXXXXX";
  std::string dir = mkdtemp(pattern);
  {
    ServerProcess server({"--threads", "2"}, dir);
    TestClient c(server.port());
    ASSERT_TRUE(c.call({"SET", "restart:long", "v", "EX", "1000"}).is_ok());
    ASSERT_TRUE(c.call({"SET", "restart:short", "v", "PX", "300"}).is_ok());
    ASSERT_TRUE(c.call({"SET", "restart:none", "v"}).is_ok());
    EXPECT_EQ(server.stop(), 0);
  }
  sleep_ms(350);
  {
    ServerProcess server({"--threads", "2"}, dir);
    TestClient c(server.port());
    EXPECT_TRUE(ttl_near(c.call({"TTL", "restart:long"}), 1000));
    EXPECT_EQ(c.call({"TTL", "restart:none"}).debug(), ":-1");
    EXPECT_EQ(c.call({"GET", "restart:short"}).debug(), "(nil)");
  }
  std::filesystem::remove_all(dir);
}

// Keyspace::expire_due on its own: the sweep the loops run every 100 ms.
class ExpireDueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/ringkv-expire-due-XXXXXX";
    dir_ = mkdtemp(pattern);
    std::string error;
    auto store = store::ShardStore::open(dir_ + "/db", store::ShardOptions{}, &error);
    ASSERT_TRUE(store) << error;
    keyspace_ = std::make_unique<store::Keyspace>(0, std::move(store), 16);
  }
  void TearDown() override {
    keyspace_.reset();
    std::filesystem::remove_all(dir_);
  }
  void put(int db, const std::string& key, uint64_t expire_at_ms) {
    store::Meta meta;
    meta.value = "v";
    meta.expire_at_ms = expire_at_ms;
    keyspace_->write(db, key, meta, keyspace_->lookup(db, key, 0));
  }
  std::string dir_;
  std::unique_ptr<store::Keyspace> keyspace_;
};

TEST_F(ExpireDueTest, EachSweepRemovesAtMostItsBudget) {
  for (int i = 0; i < 2500; ++i) put(i % 3, "due" + std::to_string(i), 1000 + i);
  for (int i = 0; i < 10; ++i) put(0, "later" + std::to_string(i), 50000);
  put(1, "never", 0);
  EXPECT_EQ(keyspace_->expire_due(10000, 1000), 1000u);
  EXPECT_EQ(keyspace_->expire_due(10000, 1000), 1000u);
  EXPECT_EQ(keyspace_->expire_due(10000, 1000), 500u);
  EXPECT_EQ(keyspace_->expire_due(10000, 1000), 0u);
  EXPECT_EQ(keyspace_->key_count(0), 10);
  EXPECT_EQ(keyspace_->key_count(1), 1);
  EXPECT_EQ(keyspace_->key_count(2), 0);
  EXPECT_EQ(keyspace_->expires_count(0), 10);
  // The earliest deadlines go first.
  EXPECT_EQ(keyspace_->expire_due(49999, 1000), 0u);
  EXPECT_EQ(keyspace_->expire_due(50000, 4), 4u);
  EXPECT_EQ(keyspace_->key_count(0), 6);
}

TEST_F(ExpireDueTest, ChangedDeadlinesAreHonoured) {
  put(0, "moved-later", 1000);
  put(0, "moved-later", 90000);
  put(0, "persisted", 1000);
  put(0, "persisted", 0);
  put(0, "moved-earlier", 90000);
  put(0, "moved-earlier", 1000);
  EXPECT_EQ(keyspace_->expire_due(2000, 100), 1u);
  EXPECT_FALSE(keyspace_->lookup(0, "moved-earlier", 0).has_value());
  EXPECT_TRUE(keyspace_->lookup(0, "moved-later", 2000).has_value());
  EXPECT_TRUE(keyspace_->lookup(0, "persisted", 2000).has_value());
  EXPECT_EQ(keyspace_->expires_count(0), 1);
  EXPECT_EQ(keyspace_->expire_due(90000, 100), 1u);
  EXPECT_EQ(keyspace_->key_count(0), 1);
}


TEST_F(ExpireDueTest, DeadlinesBehindTheLastSweepAreStillFound) {
  // Sweeps start where the previous one stopped (skipping the tombstones of
  // what it deleted); a deadline written behind that point, as after the
  // clock went back, must still be swept.
  put(0, "first", 1000);
  EXPECT_EQ(keyspace_->expire_due(5000, 100), 1u);
  put(0, "behind", 3000);
  put(0, "ahead", 7000);
  EXPECT_EQ(keyspace_->expire_due(6000, 100), 1u);
  EXPECT_FALSE(keyspace_->lookup(0, "behind", 0).has_value());
  EXPECT_EQ(keyspace_->expire_due(8000, 100), 1u);
  EXPECT_EQ(keyspace_->key_count(0), 0);
}

TEST_F(ExpireDueTest, IdleSweepsDoNotWalkOldTombstones) {
  // 20000 expired and deleted index entries stay as tombstones in the
  // memtable; later sweeps of an idle shard must not walk them again.
  for (int i = 0; i < 20000; ++i) put(0, "gone" + std::to_string(i), 1000 + i);
  size_t removed = 0;
  while (size_t n = keyspace_->expire_due(100000, 1000)) removed += n;
  ASSERT_EQ(removed, 20000u);
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(keyspace_->expire_due(100001 + i, 1000), 0u);
  auto elapsed = std::chrono::steady_clock::now() - start;
  // Walking the tombstones costs milliseconds per sweep; skipping them, microseconds.
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 1000);
}

}  // namespace
}  // namespace ringkv::testing
