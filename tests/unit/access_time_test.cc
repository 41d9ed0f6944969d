// Keyspace access times (OBJECT IDLETIME): kept in the row cache entry of a
// key's metadata while it is cached, in the AccessClock table otherwise
// (rows too big to cache, rows the cache evicted).
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "store/encoding.h"
#include "store/keyspace.h"
#include "store_fixture.h"
#include "util/coarse_clock.h"

namespace ringkv::store {
namespace {

class AccessTimeTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    ShardOptions options;
    options.row_cache_bytes = 64 * 1024;  // an eighth: rows over 8 KB are not cached
    keyspace_ = std::make_unique<Keyspace>(0, open(options), 16);
    keyspace_->load_counts();
    // The keyspace's clock started just now: ticks count whole seconds from
    // here, so that explicit times a few seconds on are exact.
    start_ms_ = coarse_unix_ms();
  }
  void set(const std::string& key, const std::string& value) {
    Meta meta;
    meta.value = value;
    keyspace_->write(0, key, meta, keyspace_->lookup(0, key, start_ms_));
  }
  uint64_t at(int seconds) const { return start_ms_ + static_cast<uint64_t>(seconds) * 1000; }
  uint32_t row_tick(const std::string& key) {
    return keyspace_->store().row_access_tick(encode_meta_key(0, key));
  }

  std::unique_ptr<Keyspace> keyspace_;
  uint64_t start_ms_ = 0;
};

TEST_F(AccessTimeTest, ACachedRowKeepsItsTimeThroughEviction) {
  set("k", "v");
  commit(keyspace_->store());
  ASSERT_TRUE(keyspace_->lookup(0, "k", at(5)));
  EXPECT_NE(row_tick("k"), 0u);
  EXPECT_EQ(keyspace_->idle_seconds(0, "k", at(8)), 3u);
  // peek() inspects without touching.
  ASSERT_TRUE(keyspace_->peek(0, "k", at(7)));
  EXPECT_EQ(keyspace_->idle_seconds(0, "k", at(8)), 3u);

  // Written keys push "k" out of the 64 KB row cache.
  for (int i = 0; i < 2000 && row_tick("k") != 0; ++i) set("filler:" + std::to_string(i), "v");
  ASSERT_EQ(row_tick("k"), 0u) << "the row cache never evicted k";
  EXPECT_EQ(keyspace_->idle_seconds(0, "k", at(8)), 3u);
  // Read again, it is cached again with the new time.
  ASSERT_TRUE(keyspace_->lookup(0, "k", at(9)));
  EXPECT_EQ(keyspace_->idle_seconds(0, "k", at(10)), 1u);
}

TEST_F(AccessTimeTest, RowsTooBigToCacheUseTheClock) {
  set("big", std::string(16 * 1024, 'v'));
  EXPECT_EQ(row_tick("big"), 0u);
  EXPECT_EQ(keyspace_->idle_seconds(0, "big", at(4)), 4u);  // written at the start
  ASSERT_TRUE(keyspace_->lookup(0, "big", at(5)));           // from the write overlay
  EXPECT_EQ(keyspace_->idle_seconds(0, "big", at(8)), 3u);
  commit(keyspace_->store());
  ASSERT_TRUE(keyspace_->lookup(0, "big", at(6)));  // from LevelDB
  EXPECT_EQ(row_tick("big"), 0u);
  EXPECT_EQ(keyspace_->idle_seconds(0, "big", at(8)), 2u);
}

TEST_F(AccessTimeTest, AWriteStillInTheOverlayIsStampedInTheCache) {
  set("fresh", "v");
  ASSERT_TRUE(keyspace_->lookup(0, "fresh", at(3)));
  EXPECT_EQ(keyspace_->idle_seconds(0, "fresh", at(5)), 2u);
  set("fresh", "w");  // a write makes it new again
  EXPECT_EQ(keyspace_->idle_seconds(0, "fresh", start_ms_), 0u);
}

}  // namespace
}  // namespace ringkv::store
