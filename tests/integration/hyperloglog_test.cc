// HyperLogLog commands (PFADD PFCOUNT PFMERGE PFDEBUG PFSELFTEST) checked
// against a real redis-server 7.0 (RedisReference): every command goes to
// both servers and the replies must be identical, and so must the values
// (GET), since a HyperLogLog is a string whose bytes clients can read.
#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "differential.h"
#include "redis_reference.h"
#include "test_client.h"

namespace ringkv::testing {
namespace {

using Command = std::vector<std::string>;

constexpr size_t kHeaderSize = 16;
constexpr size_t kDenseSize = 16 + 16384 * 6 / 8;

// Random binary elements (empty ones and CR LF included).
std::vector<std::string> random_elements(std::mt19937& random, size_t count) {
  std::vector<std::string> elements(count);
  for (std::string& element : elements) {
    element.resize(random() % 25);
    for (char& c : element) c = static_cast<char>(random());
  }
  return elements;
}

class HyperLogLogTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ringkv_ = new ServerProcess({"--threads", "2"});
    if (RedisReference::available()) redis_ = new RedisReference();
  }
  static void TearDownTestSuite() {
    delete ringkv_;
    delete redis_;
  }

  void SetUp() override {
    if (redis_ == nullptr) {
      GTEST_SKIP() << "no " << RedisReference::binary_path() << " to compare with";
    }
    ours_ = std::make_unique<TestClient>(ringkv_->port());
    theirs_ = std::make_unique<TestClient>(redis_->port());
    // Each test starts in an empty database of its own on both servers.
    ASSERT_LT(++last_db_, 16);
    EXPECT_TRUE(both({"SELECT", std::to_string(last_db_)}).is_ok());
    EXPECT_EQ(both({"KEYS", "*"}).debug(), "[]");
  }

  // Runs `command` on both servers, expects the same reply, returns ours.
  Reply both(const Command& command) {
    Reply mine = ours_->call(command);
    Reply reference = theirs_->call(command);
    EXPECT_EQ(mine.debug(), reference.debug()) << printable(command);
    return mine;
  }

  // Expects `key` to hold the same bytes on both servers; returns them.
  std::string expect_same_value(const std::string& key) {
    Reply mine = ours_->call({"GET", key});
    Reply reference = theirs_->call({"GET", key});
    EXPECT_EQ(mine.type, reference.type) << key;
    if (mine.text != reference.text) {
      size_t at = 0;
      while (at < mine.text.size() && at < reference.text.size() &&
             mine.text[at] == reference.text[at]) {
        ++at;
      }
      ADD_FAILURE() << key << ": " << mine.text.size() << " bytes vs Redis's "
                    << reference.text.size() << ", first difference at byte " << at;
    }
    return mine.text;
  }

  void set_both(const std::string& key, const std::string& value) {
    ASSERT_TRUE(ours_->call({"SET", key, value}).is_ok());
    ASSERT_TRUE(theirs_->call({"SET", key, value}).is_ok());
  }

  // PFADDs `elements` in batches of random size to both servers, comparing
  // replies, and every `check_every` batches the values; counts now and then
  // so that cached cardinalities are compared too.
  void add_in_batches(std::mt19937& random, const std::string& key,
                      const std::vector<std::string>& elements, int check_every) {
    int batch = 0;
    for (size_t at = 0; at < elements.size();) {
      size_t count = std::min<size_t>(1 + random() % 64, elements.size() - at);
      Command command = {"PFADD", key};
      command.insert(command.end(), elements.begin() + at, elements.begin() + at + count);
      both(command);
      at += count;
      if (random() % 4 == 0) both({"PFCOUNT", key});
      if (++batch % check_every == 0) expect_same_value(key);
    }
  }

  static ServerProcess* ringkv_;
  static RedisReference* redis_;
  static inline int last_db_ = 0;
  std::unique_ptr<TestClient> ours_;
  std::unique_ptr<TestClient> theirs_;
};
ServerProcess* HyperLogLogTest::ringkv_ = nullptr;
RedisReference* HyperLogLogTest::redis_ = nullptr;

TEST_F(HyperLogLogTest, AddCreatesKeyAndReportsChanges) {
  EXPECT_EQ(both({"PFADD", "hll"}).debug(), ":1");
  EXPECT_EQ(both({"PFADD", "hll"}).debug(), ":0");
  EXPECT_EQ(both({"PFCOUNT", "hll"}).debug(), ":0");
  EXPECT_EQ(both({"PFADD", "hll", "a", "b", "c"}).debug(), ":1");
  EXPECT_EQ(both({"PFADD", "hll", "a", "b", "c"}).debug(), ":0");
  EXPECT_EQ(both({"PFADD", "hll", ""}).debug(), ":1");
  EXPECT_EQ(both({"PFCOUNT", "hll"}).debug(), ":4");
  EXPECT_EQ(both({"PFCOUNT", "missing"}).debug(), ":0");
  EXPECT_EQ(expect_same_value("hll").substr(0, 5), "HYLL\x01");
}

TEST_F(HyperLogLogTest, SameValuesAndCountsAsRedisForSeededInputs) {
  // Sizes that stay sparse, cross the 3000-byte promotion and go dense.
  const std::pair<size_t, size_t> ranges[] = {{0, 100}, {100, 1000}, {1000, 4000}, {4000, 30000}};
  int sparse = 0;
  for (uint32_t seed = 1; seed <= 24; ++seed) {
    std::mt19937 random(seed);
    auto [low, high] = ranges[seed % 4];
    size_t count = low + random() % (high - low);
    std::string key = "seeded:" + std::to_string(seed);
    add_in_batches(random, key, random_elements(random, count), count < 4000 ? 1 : 16);
    sparse += both({"PFDEBUG", "ENCODING", key}).text == "sparse";
    both({"PFCOUNT", key});
    expect_same_value(key);
  }
  // Both encodings were compared.
  EXPECT_GT(sparse, 6);
  EXPECT_LT(sparse, 18);
}

TEST_F(HyperLogLogTest, PromotionFollowsSparseMaxBytesSetting) {
  Reply set = ours_->call({"CONFIG", "SET", "hll-sparse-max-bytes", "300"});
  if (set.type == Reply::kError) GTEST_SKIP() << "CONFIG SET not available: " << set.text;
  ASSERT_TRUE(theirs_->call({"CONFIG", "SET", "hll-sparse-max-bytes", "300"}).is_ok());
  std::mt19937 random(300);
  add_in_batches(random, "small-limit", random_elements(random, 400), 1);
  EXPECT_EQ(both({"PFDEBUG", "ENCODING", "small-limit"}).debug(), "+dense");
  both({"CONFIG", "SET", "hll-sparse-max-bytes", "3000"});
}

TEST_F(HyperLogLogTest, CountCachesCardinalityInTheValue) {
  both({"PFADD", "cached", "1", "2", "3", "4", "5"});
  std::string value = expect_same_value("cached");
  EXPECT_EQ(static_cast<unsigned char>(value[15]), 0x80);  // stale bit
  EXPECT_EQ(both({"PFCOUNT", "cached"}).debug(), ":5");
  value = expect_same_value("cached");
  EXPECT_EQ(value.substr(8, 8), std::string("\x05\0\0\0\0\0\0\0", 8));
  // Adding nothing new keeps the cache; a change invalidates it.
  EXPECT_EQ(both({"PFADD", "cached", "3"}).debug(), ":0");
  EXPECT_EQ(static_cast<unsigned char>(expect_same_value("cached")[15]), 0x00);
  EXPECT_EQ(both({"PFADD", "cached", "6", "7", "8", "8", "9", "10"}).debug(), ":1");
  EXPECT_EQ(static_cast<unsigned char>(expect_same_value("cached")[15]), 0x80);
  EXPECT_EQ(both({"PFCOUNT", "cached"}).debug(), ":10");
  expect_same_value("cached");
  // A cached count is believed as Redis believes it.
  std::string forged = expect_same_value("cached");
  forged[8] = 42;
  set_both("cached", forged);
  EXPECT_EQ(both({"PFCOUNT", "cached"}).debug(), ":42");
}

TEST_F(HyperLogLogTest, WritesKeepTheKeysExpiry) {
  both({"PFADD", "ttl", "a"});
  ASSERT_EQ(ours_->call({"PEXPIRE", "ttl", "100000"}).debug(), ":1");
  ASSERT_EQ(ours_->call({"PFADD", "ttl", "b", "c"}).debug(), ":1");
  ASSERT_EQ(ours_->call({"PFCOUNT", "ttl"}).debug(), ":3");
  ASSERT_EQ(ours_->call({"PFMERGE", "ttl", "ttl"}).debug(), "+OK");
  Reply ttl = ours_->call({"PTTL", "ttl"});
  ASSERT_EQ(ttl.type, Reply::kInteger);
  EXPECT_GT(ttl.integer, 90000);
}

TEST_F(HyperLogLogTest, CountOfSeveralKeysIsTheirUnionAndChangesNothing) {
  std::mt19937 random(99);
  std::vector<std::string> keys;
  for (int i = 0; i < 6; ++i) {
    keys.push_back("union:" + std::to_string(i));
    // Overlapping sets, small (sparse) and large (dense).
    auto elements = random_elements(random, i % 2 == 0 ? 50 + random() % 200 : 3000);
    for (size_t j = 0; j < elements.size(); j += 500) {
      Command command = {"PFADD", keys.back(), "shared:" + std::to_string(j)};
      size_t end = std::min(elements.size(), j + 500);
      command.insert(command.end(), elements.begin() + j, elements.begin() + end);
      both(command);
    }
  }
  std::vector<std::string> before;
  for (const std::string& key : keys) before.push_back(expect_same_value(key));
  Command count = {"PFCOUNT"};
  count.insert(count.end(), keys.begin(), keys.end());
  count.push_back("union:missing");
  Reply union_count = both(count);
  ASSERT_EQ(union_count.type, Reply::kInteger);
  EXPECT_GT(union_count.integer, 3 * 3000 * 0.95);
  both({"PFCOUNT", keys[0], keys[0]});
  both({"PFCOUNT", "union:missing", "union:missing2"});
  for (size_t i = 0; i < keys.size(); ++i) EXPECT_EQ(expect_same_value(keys[i]), before[i]);
  both({"EXISTS", "union:missing"});
}

TEST_F(HyperLogLogTest, MergeMatchesRedis) {
  std::mt19937 random(5);
  // A lone destination is created empty (7.0 accepts PFMERGE with one key).
  EXPECT_EQ(both({"PFMERGE", "lone"}).debug(), "+OK");
  expect_same_value("lone");
  both({"PFADD", "s1", "a", "b", "c"});
  both({"PFADD", "s2", "b", "c", "d"});
  both({"PFADD", "s3", "c", "d", "e"});
  EXPECT_EQ(both({"PFMERGE", "merged", "s1", "s2", "s3", "nothing"}).debug(), "+OK");
  EXPECT_EQ(both({"PFCOUNT", "merged"}).debug(), ":5");
  expect_same_value("merged");
  // Merging into an existing sparse destination, which is also a source.
  both({"PFMERGE", "s1", "s1", "s3"});
  expect_same_value("s1");
  // Enough registers that the sparse destination is promoted while merging.
  Command big = {"PFADD", "big"};
  for (const std::string& element : random_elements(random, 2500)) big.push_back(element);
  both(big);
  both({"PFDEBUG", "ENCODING", "big"});
  both({"PFMERGE", "grown", "s2", "big"});
  both({"PFDEBUG", "ENCODING", "grown"});
  expect_same_value("grown");
  // A dense source makes a sparse destination dense before merging.
  both({"PFADD", "dense", "x", "y"});
  both({"PFDEBUG", "TODENSE", "dense"});
  both({"PFMERGE", "s2", "dense"});
  both({"PFDEBUG", "ENCODING", "s2"});
  expect_same_value("s2");
  both({"PFCOUNT", "s2"});
  both({"PFMERGE", "merged", "merged"});  // invalidates the cache only
  expect_same_value("merged");
}

// Values that are not HyperLogLogs or are corrupt, each tried with every
// command; the replies and the values left behind must match Redis.
TEST_F(HyperLogLogTest, InvalidValuesGiveRedisErrors) {
  both({"PFADD", "good", "a", "b", "c"});
  std::string sparse = expect_same_value("good");
  both({"PFADD", "dense", "a", "b", "c"});
  both({"PFDEBUG", "TODENSE", "dense"});
  std::string dense = expect_same_value("dense");
  ASSERT_EQ(dense.size(), kDenseSize);
  std::string broken_magic = sparse;
  broken_magic.replace(0, 4, "0123");
  std::string bad_encoding = sparse;
  bad_encoding[4] = 'x';
  std::string short_dense = sparse;
  short_dense[4] = 0;
  const std::vector<std::string> values = {
      "bar", "", "12345", "HYLL", broken_magic, bad_encoding, short_dense, dense + "x",
      sparse + "hello",                                    // registers past the end
      sparse + "\x80",                                     // VAL after the last register
      sparse.substr(0, sparse.size() - 2),                 // too few registers
      sparse.substr(0, sparse.size() - 1),                 // last XZERO cut in half
      sparse.substr(0, kHeaderSize),                       // no registers at all
      sparse.substr(0, kHeaderSize) + "\x7f\xfc\x83",  // VAL past the end
  };
  const std::vector<Command> commands = {
      {"PFADD", "v", "a", "b", "c", "d", "e", "f"},
      {"PFCOUNT", "v"},
      {"PFCOUNT", "good", "v"},
      {"PFMERGE", "v", "good"},
      {"PFMERGE", "dst", "good", "v"},
      {"PFDEBUG", "GETREG", "v"},
      {"PFDEBUG", "DECODE", "v"},
      {"PFDEBUG", "ENCODING", "v"},
      {"PFDEBUG", "TODENSE", "v"},
  };
  for (size_t i = 0; i < values.size(); ++i) {
    for (const Command& command : commands) {
      SCOPED_TRACE("value " + std::to_string(i) + ": " + printable(command));
      set_both("v", values[i]);
      both({"DEL", "dst"});
      both(command);
      expect_same_value("v");
      both({"EXISTS", "dst"});
    }
  }
}

TEST_F(HyperLogLogTest, FuzzedValuesBehaveLikeRedis) {
  std::mt19937 random(2024);
  both({"PFADD", "sparse", "a", "b", "c", "d", "e", "f", "g", "h"});
  both({"PFADD", "dense", "a", "b", "c", "d", "e", "f", "g", "h"});
  both({"PFDEBUG", "TODENSE", "dense"});
  const std::string originals[] = {expect_same_value("sparse"), expect_same_value("dense")};
  int corrupt = 0;
  for (int round = 0; round < 300; ++round) {
    std::string value = originals[round % 2];
    // Byte changes past the header (a corrupt header is plainly rejected).
    int changes = 1 + static_cast<int>(random() % 3);
    for (int k = 0; k < changes; ++k) {
      value[kHeaderSize + random() % (value.size() - kHeaderSize)] = static_cast<char>(random());
    }
    SCOPED_TRACE("round " + std::to_string(round));
    set_both("fuzz", value);
    Command add = {"PFADD", "fuzz"};
    for (const std::string& element : random_elements(random, 1 + random() % 20)) {
      add.push_back(element);
    }
    corrupt += both(add).type == Reply::kError;
    both({"PFCOUNT", "fuzz"});
    both({"PFCOUNT", "fuzz", "sparse"});
    expect_same_value("fuzz");
  }
  EXPECT_GT(corrupt, 15);  // the corrupt-data paths were taken
}

TEST_F(HyperLogLogTest, DebugSubcommandsMatchRedis) {
  both({"PFADD", "dbg", "1", "2", "3", "4", "5", "6", "7", "8", "9"});
  EXPECT_EQ(both({"PFDEBUG", "ENCODING", "dbg"}).debug(), "+sparse");
  Reply decoded = both({"PFDEBUG", "DECODE", "dbg"});
  EXPECT_NE(decoded.text.find("v:"), std::string::npos);
  Reply registers = both({"pfdebug", "getreg", "dbg"});
  EXPECT_EQ(registers.elements.size(), 16384u);
  EXPECT_EQ(both({"PFDEBUG", "ENCODING", "dbg"}).debug(), "+dense");
  EXPECT_EQ(both({"PFDEBUG", "DECODE", "dbg"}).debug(), "-ERR HLL encoding is not sparse");
  EXPECT_EQ(both({"PFDEBUG", "TODENSE", "dbg"}).debug(), ":0");
  expect_same_value("dbg");
  both({"PFADD", "dbg2", "x"});
  EXPECT_EQ(both({"PFDEBUG", "todense", "dbg2"}).debug(), ":1");
  expect_same_value("dbg2");
  both({"PFDEBUG", "NOSUCH", "dbg"});
  both({"PFDEBUG", "NOSUCH", "missing"});
  EXPECT_EQ(both({"PFDEBUG", "GETREG", "missing"}).debug(),
            "-ERR The specified key does not exist");
  set_both("plain", "text");
  both({"PFDEBUG", "ENCODING", "plain"});
}

TEST_F(HyperLogLogTest, ArityErrorsMatchRedis) {
  for (const Command& command : std::vector<Command>{{"PFADD"},
                                                     {"PFCOUNT"},
                                                     {"PFMERGE"},
                                                     {"PFDEBUG"},
                                                     {"PFDEBUG", "GETREG"},
                                                     {"PFDEBUG", "GETREG", "k", "extra"},
                                                     {"PFSELFTEST", "now"}}) {
    Reply reply = both(command);
    EXPECT_EQ(reply.type, Reply::kError) << printable(command);
  }
}

TEST_F(HyperLogLogTest, WrongTypeForOtherValueTypes) {
  Reply pushed = ours_->call({"RPUSH", "list", "a"});
  if (pushed.type == Reply::kError) GTEST_SKIP() << "lists not available: " << pushed.text;
  theirs_->call({"RPUSH", "list", "a"});
  both({"PFADD", "list", "x"});
  both({"PFCOUNT", "list"});
  both({"PFADD", "h", "x"});
  both({"PFCOUNT", "h", "list"});
  both({"PFMERGE", "list", "h"});
  both({"PFMERGE", "h", "list"});
  both({"PFDEBUG", "GETREG", "list"});
}

TEST_F(HyperLogLogTest, SelfTestPasses) { EXPECT_EQ(both({"PFSELFTEST"}).debug(), "+OK"); }

}  // namespace
}  // namespace ringkv::testing
