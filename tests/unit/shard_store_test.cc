// ShardStore and Keyspace: overlay reads, ordered merged scans, commit and
// durability numbers, reopen, lazy and active expiry.
#include "store/shard_store.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <random>
#include <thread>
#include <vector>

#include "store/keyspace.h"
#include "store_fixture.h"

namespace ringkv::store {
namespace {

class ShardStoreTest : public StoreTest {
 protected:
  void wait_durable(ShardStore& store) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (store.durable_seq() < store.submitted_seq() &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    store.reap_durable();
  }
};

TEST_F(ShardStoreTest, PendingWritesAreVisibleBeforeCommit) {
  auto store = open();
  store->put("a", "1");
  std::string value;
  ASSERT_TRUE(store->get("a", &value));
  EXPECT_EQ(value, "1");
  store->del("a");
  EXPECT_FALSE(store->get("a", &value));
  EXPECT_EQ(store->pending_batch_seq(), 1u);
  store->submit_batch();
  EXPECT_EQ(store->pending_batch_seq(), 2u);
}

TEST_F(ShardStoreTest, DurableSeqAdvancesAndOverlayDrains) {
  auto store = open();
  store->set_fsync_mode(AppendFsync::kAlways);
  for (int i = 0; i < 10; ++i) {
    store->put("k" + std::to_string(i), "v");
    store->submit_batch();
  }
  wait_durable(*store);
  EXPECT_EQ(store->durable_seq(), 10u);
  std::string value;
  EXPECT_TRUE(store->get("k3", &value));
}

// A key leaves the overlay with the batch of its last write: not with an
// earlier batch that wrote it too, and once only when a batch wrote it twice.
TEST_F(ShardStoreTest, OverlayKeepsAKeyUntilItsLastWriteIsDurable) {
  auto store = open();
  store->set_fsync_mode(AppendFsync::kAlways);
  std::string value;
  store->put("mk", "1");
  store->put("j", "1");
  store->put("mk", "2");  // twice in batch 1
  store->del("gone");
  store->put("gone", "x");
  store->del("gone");  // deleted last
  store->submit_batch();
  store->put("mk", "3");  // batch 2, not yet submitted
  wait_durable(*store);   // reaps batch 1
  EXPECT_EQ(store->overlay_entries(), 1u);
  ASSERT_TRUE(store->get("mk", &value));
  EXPECT_EQ(value, "3");
  ASSERT_TRUE(store->get("j", &value));
  EXPECT_EQ(value, "1");
  EXPECT_FALSE(store->get("gone", &value));
  store->submit_batch();
  wait_durable(*store);
  EXPECT_EQ(store->overlay_entries(), 0u);
  ASSERT_TRUE(store->get("mk", &value));
  EXPECT_EQ(value, "3");
  EXPECT_FALSE(store->get("gone", &value));
}

TEST_F(ShardStoreTest, ScanMergesOverlayOverDatabaseInOrder) {
  auto store = open();
  std::map<std::string, std::string> model;
  std::mt19937 random(3);
  for (int round = 0; round < 5; ++round) {
    for (int i = 0; i < 200; ++i) {
      std::string key = "p" + std::to_string(random() % 300);
      if (random() % 4 == 0) {
        store->del(key);
        model.erase(key);
      } else {
        std::string value = std::to_string(random());
        store->put(key, value);
        model[key] = value;
      }
    }
    // Commit some rounds, leave others pending in the overlay.
    if (round % 2 == 0) {
      store->submit_batch();
      wait_durable(*store);
    }
    std::map<std::string, std::string> seen;
    std::string previous;
    store->scan("p", {}, [&](std::string_view key, std::string_view value) {
      EXPECT_LT(previous, std::string(key));
      previous = std::string(key);
      seen.emplace(key, value);
      return true;
    });
    EXPECT_EQ(seen, model) << "round " << round;
  }
}

// Scans from any point, both ways, over committed, pending and deleted
// keys: member-like keys ("f...", read lazily from the ordered overlay) and
// metadata keys ("m...", collected from the overlay first) alike.
TEST_F(ShardStoreTest, ScansFromAnyPointBothWaysMatchAModel) {
  auto store = open();
  std::mt19937 random(7);
  for (std::string prefix : {"fx", "m"}) {
    std::map<std::string, std::string> model;
    for (int round = 0; round < 6; ++round) {
      for (int i = 0; i < 300; ++i) {
        std::string key = prefix + std::to_string(1000 + random() % 400);
        if (random() % 3 == 0) {
          store->del(key);
          model.erase(key);
        } else {
          store->put(key, std::to_string(i));
          model[key] = std::to_string(i);
        }
      }
      if (round % 2 == 0) {
        store->submit_batch();
        wait_durable(*store);
      }
      for (int probe = 0; probe < 20; ++probe) {
        std::string point = prefix + std::to_string(1000 + random() % 420);
        size_t limit = 1 + random() % 50;
        std::vector<std::string> forward;
        store->scan(prefix, point, [&](std::string_view key, std::string_view) {
          forward.emplace_back(key);
          return forward.size() < limit;
        });
        std::vector<std::string> expected;
        for (auto it = model.lower_bound(point); it != model.end() && expected.size() < limit; ++it) {
          expected.push_back(it->first);
        }
        ASSERT_EQ(forward, expected) << prefix << " from " << point;
        std::vector<std::string> backward;
        store->scan_reverse(prefix, point, [&](std::string_view key, std::string_view) {
          backward.emplace_back(key);
          return backward.size() < limit;
        });
        expected.clear();
        for (auto it = std::make_reverse_iterator(model.lower_bound(point));
             it != model.rend() && expected.size() < limit; ++it) {
          expected.push_back(it->first);
        }
        ASSERT_EQ(backward, expected) << prefix << " below " << point;
      }
    }
  }
}

TEST_F(ShardStoreTest, ReopenKeepsFlushedData) {
  {
    auto store = open();
    store->put("persist", "yes");
    store->flush_and_sync();
  }
  auto store = open();
  std::string value;
  ASSERT_TRUE(store->get("persist", &value));
  EXPECT_EQ(value, "yes");
}

TEST_F(ShardStoreTest, KeyspaceCountsAndExpiry) {
  Keyspace keyspace(0, open(), 16);
  Meta meta;
  meta.value = "v";
  keyspace.write(0, "plain", meta, std::nullopt);
  meta.expire_at_ms = 1000;
  keyspace.write(0, "expiring", meta, std::nullopt);
  keyspace.write(1, "other-db", meta, std::nullopt);
  EXPECT_EQ(keyspace.key_count(0), 2);
  EXPECT_EQ(keyspace.key_count(1), 1);
  EXPECT_EQ(keyspace.expires_count(0), 1);
  // Lazy: reading after the deadline deletes the key.
  EXPECT_TRUE(keyspace.lookup(0, "expiring", 999).has_value());
  EXPECT_FALSE(keyspace.lookup(0, "expiring", 1000).has_value());
  EXPECT_EQ(keyspace.key_count(0), 1);
  // Active: the sweep removes due keys without anyone reading them.
  EXPECT_EQ(keyspace.expire_due(2000, 100), 1u);
  EXPECT_EQ(keyspace.key_count(1), 0);
  EXPECT_TRUE(keyspace.lookup(0, "plain", 5000).has_value());
}

TEST_F(ShardStoreTest, KeyspaceCountsReloadOnOpen) {
  {
    Keyspace keyspace(0, open(), 16);
    Meta meta;
    for (int i = 0; i < 50; ++i) keyspace.write(2, "k" + std::to_string(i), meta, std::nullopt);
    keyspace.store().flush_and_sync();
  }
  Keyspace keyspace(0, open(), 16);
  keyspace.load_counts();
  EXPECT_EQ(keyspace.key_count(2), 50);
}

}  // namespace
}  // namespace ringkv::store
