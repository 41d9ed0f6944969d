// store/row_cache: lookups, write-through updates, size accounting and
// eviction, and a model check that the cache never serves a value older
// than the store's.
#include "store/row_cache.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace ringkv::store {
namespace {

constexpr size_t kOverhead = 64;  // RowCache's per-entry bookkeeping charge

std::string cached(const RowCache& cache, std::string_view key) {
  std::optional<std::string_view> value = cache.find(key);
  return value ? std::string(*value) : "(absent)";
}

TEST(RowCacheTest, InsertFindErase) {
  RowCache cache(1 << 20);
  EXPECT_EQ(cache.find("k"), std::nullopt);
  cache.insert("k", "value");
  EXPECT_EQ(cached(cache, "k"), "value");
  EXPECT_EQ(cache.entries(), 1u);
  EXPECT_EQ(cache.bytes(), 1 + 5 + kOverhead);
  // Lookups take any view, not only NUL-terminated strings.
  std::string_view longer = "kx";
  EXPECT_EQ(cached(cache, longer.substr(0, 1)), "value");
  cache.erase("k");
  EXPECT_EQ(cache.find("k"), std::nullopt);
  EXPECT_EQ(cache.bytes(), 0u);
  cache.erase("never-there");
  EXPECT_EQ(cache.entries(), 0u);
}

TEST(RowCacheTest, ReinsertReplacesAndKeepsAccounting) {
  RowCache cache(1 << 20);
  cache.insert("k", "short");
  cache.insert("k", "a longer value");
  EXPECT_EQ(cached(cache, "k"), "a longer value");
  EXPECT_EQ(cache.entries(), 1u);
  EXPECT_EQ(cache.bytes(), 1 + 14 + kOverhead);
  cache.insert("k", "");
  EXPECT_EQ(cache.bytes(), 1 + kOverhead);
}

TEST(RowCacheTest, UpdateIfPresentOnlyTouchesCachedKeys) {
  RowCache cache(1 << 20);
  cache.update_if_present("absent", "v");
  EXPECT_EQ(cache.find("absent"), std::nullopt);
  cache.insert("k", "old");
  cache.update_if_present("k", "new");
  EXPECT_EQ(cached(cache, "k"), "new");
  EXPECT_EQ(cache.bytes(), 1 + 3 + kOverhead);
}

TEST(RowCacheTest, ValuesOverAnEighthOfCapacityAreNotCached) {
  RowCache cache(8000);  // at most 1000 bytes per entry, overhead included
  std::string fits(1000 - kOverhead - 1, 'x');
  cache.insert("k", fits);
  EXPECT_EQ(cached(cache, "k"), fits);
  // A write too big to cache drops the entry rather than leave it stale...
  cache.update_if_present("k", fits + "y");
  EXPECT_EQ(cache.find("k"), std::nullopt);
  // ...and so does a fill: the old value must not outlive the new one.
  cache.insert("k", fits);
  cache.insert("k", fits + "y");
  EXPECT_EQ(cache.find("k"), std::nullopt);
  EXPECT_EQ(cache.bytes(), 0u);
}

TEST(RowCacheTest, ZeroCapacityCachesNothing) {
  RowCache cache(0);
  cache.insert("k", "v");
  EXPECT_EQ(cache.find("k"), std::nullopt);
  EXPECT_EQ(cache.bytes(), 0u);
}

TEST(RowCacheTest, ClearEmptiesEverything) {
  RowCache cache(1 << 20);
  for (int i = 0; i < 100; ++i) cache.insert("k" + std::to_string(i), "v");
  cache.clear();
  EXPECT_EQ(cache.entries(), 0u);
  EXPECT_EQ(cache.bytes(), 0u);
  EXPECT_EQ(cache.find("k1"), std::nullopt);
}

TEST(RowCacheTest, EvictionKeepsBytesWithinCapacity) {
  const size_t capacity = 64 * 1024;
  RowCache cache(capacity);
  std::vector<std::string> keys;
  for (int i = 0; i < 5000; ++i) {
    keys.push_back("key:" + std::to_string(i));
    cache.insert(keys.back(), std::string(static_cast<size_t>(i % 200), 'v'));
    ASSERT_LE(cache.bytes(), capacity) << "after insert " << i;
  }
  EXPECT_LT(cache.entries(), keys.size());  // something was evicted
  EXPECT_GT(cache.entries(), 0u);
  // bytes() is exactly the charge of what is still cached.
  size_t charged = 0;
  size_t found = 0;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (std::optional<std::string_view> value = cache.find(keys[i])) {
      EXPECT_EQ(value->size(), i % 200);
      charged += keys[i].size() + value->size() + kOverhead;
      ++found;
    }
  }
  EXPECT_EQ(found, cache.entries());
  EXPECT_EQ(charged, cache.bytes());
}

// Access ticks: stamped by find_and_stamp, insert and stamp; kept when a
// write replaces the value without one; handed to the eviction hook with
// the entry.
TEST(RowCacheTest, AccessTicksStayWithTheirEntryAndGoToTheEvictionHook) {
  RowCache cache(64 * 1024);
  EXPECT_EQ(cache.access_tick("a"), 0u);
  EXPECT_FALSE(cache.stamp("a", 3));  // not cached: nothing to stamp
  ASSERT_TRUE(cache.insert("a", "1", 5));
  EXPECT_EQ(cache.access_tick("a"), 5u);
  ASSERT_TRUE(cache.insert("a", "2"));  // same size, no tick: kept
  EXPECT_EQ(cache.access_tick("a"), 5u);
  ASSERT_TRUE(cache.insert("a", "longer value"));  // new entry, tick kept
  EXPECT_EQ(cache.access_tick("a"), 5u);
  cache.update_if_present("a", "x");
  EXPECT_EQ(cache.access_tick("a"), 5u);
  EXPECT_EQ(*cache.find_and_stamp("a", 9), "x");
  EXPECT_EQ(cache.access_tick("a"), 9u);
  EXPECT_EQ(*cache.find_and_stamp("a", 0), "x");  // 0: look, do not stamp
  EXPECT_EQ(cache.access_tick("a"), 9u);
  EXPECT_TRUE(cache.stamp("a", 11));
  EXPECT_EQ(cache.access_tick("a"), 11u);
  EXPECT_FALSE(cache.insert("huge", std::string(16 * 1024, 'v'), 7));  // over an eighth
  EXPECT_EQ(cache.access_tick("huge"), 0u);

  std::map<std::string, uint32_t> evicted;
  cache.set_eviction_hook([&](std::string_view key, uint32_t tick) {
    EXPECT_FALSE(evicted.contains(std::string(key))) << key;
    evicted[std::string(key)] = tick;
  });
  for (uint32_t i = 0; i < 2000; ++i) {
    // Every other entry unstamped: the hook hears only of stamped ones.
    ASSERT_TRUE(cache.insert("key:" + std::to_string(i), std::string(40, 'v'), i % 2 ? i : 0));
  }
  ASSERT_FALSE(evicted.empty());
  for (const auto& [key, tick] : evicted) {
    EXPECT_FALSE(cache.find(key)) << key << " was evicted but is still cached";
    if (key == "a") {
      EXPECT_EQ(tick, 11u);
    } else {
      EXPECT_EQ("key:" + std::to_string(tick), key);
      EXPECT_EQ(tick % 2, 1u);
    }
  }
  // Erasing is not evicting: the key's access time goes with it.
  size_t heard = evicted.size();
  cache.erase("key:1999");
  cache.clear();
  EXPECT_EQ(evicted.size(), heard);
}

// Inserts and erases in a table that grows and deletes by shifting probe
// runs back: every key still cached is found with its latest value, every
// erased one is gone, and the counts add up.
TEST(RowCacheTest, MatchesAMapThroughGrowthAndDeletes) {
  RowCache cache(size_t{1} << 30);  // no eviction: only the table is tested
  std::map<std::string, std::string> model;
  std::mt19937_64 random(5);
  for (int step = 0; step < 60000; ++step) {
    std::string key = "key:" + std::to_string(random() % 5000);
    if (random() % 3 == 0) {
      model.erase(key);
      cache.erase(key);
    } else {
      // Same-size rewrites go in place, others reallocate: both happen.
      std::string value(random() % 2 == 0 ? 8 : random() % 40, static_cast<char>('a' + step % 26));
      model[key] = value;
      cache.insert(key, value);
    }
    if (step % 5000 == 4999) {
      size_t charged = 0;
      for (int k = 0; k < 5000; ++k) {
        std::string name = "key:" + std::to_string(k);
        auto it = model.find(name);
        if (it == model.end()) {
          ASSERT_EQ(cache.find(name), std::nullopt) << name;
        } else {
          ASSERT_EQ(cached(cache, name), it->second) << name;
          charged += name.size() + it->second.size() + kOverhead;
        }
      }
      ASSERT_EQ(cache.entries(), model.size());
      ASSERT_EQ(cache.bytes(), charged);
    }
  }
}

TEST(RowCacheTest, MovedCacheKeepsItsEntries) {
  RowCache cache(1 << 20);
  cache.insert("k", "v");
  RowCache moved(0);
  moved = std::move(cache);
  EXPECT_EQ(cached(moved, "k"), "v");
  moved.insert("k2", "v2");
  EXPECT_EQ(moved.entries(), 2u);
}

// The cache as ShardStore drives it: reads fill on a miss, writes update
// cached keys, deletes erase. Whatever the evictions, a cached value is
// always the store's current value.
TEST(RowCacheTest, NeverServesAStaleValue) {
  RowCache cache(16 * 1024);
  std::map<std::string, std::string> store;
  std::mt19937_64 random(11);
  for (int step = 0; step < 200000; ++step) {
    std::string key = "k" + std::to_string(random() % 300);
    switch (random() % 4) {
      case 0:  // read: fill on a miss
        if (!cache.find(key) && store.count(key)) cache.insert(key, store[key]);
        break;
      case 1:
      case 2: {  // write
        size_t length = random() % (random() % 8 == 0 ? 3000 : 100);
        std::string value(length, static_cast<char>('a' + step % 26));
        store[key] = value;
        cache.update_if_present(key, value);
        break;
      }
      default:  // delete
        store.erase(key);
        cache.erase(key);
    }
    if (std::optional<std::string_view> value = cache.find(key)) {
      ASSERT_TRUE(store.count(key)) << "step " << step;
      ASSERT_EQ(*value, store[key]) << "step " << step;
    }
    ASSERT_LE(cache.bytes(), 16u * 1024);
  }
}

}  // namespace
}  // namespace ringkv::store
