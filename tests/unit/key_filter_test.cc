// KeyFilter and the Keyspace that consults it: no key that exists is ever
// reported missing (also across deletes, rebuilds, flushes and restarts), and
// missing keys are mostly recognised as such.
#include "store/key_filter.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "store/keyspace.h"
#include "store_fixture.h"

namespace ringkv::store {
namespace {

std::string key_name(int i) { return "key:" + std::to_string(i); }

TEST(KeyFilterTest, NoFalseNegativesAndFewFalsePositivesAtCapacity) {
  constexpr int kKeys = 100000;
  KeyFilter filter(kKeys);
  for (int i = 0; i < kKeys; ++i) filter.add(KeyFilter::hash(0, key_name(i)));
  for (int i = 0; i < kKeys; ++i) {
    ASSERT_TRUE(filter.may_contain(KeyFilter::hash(0, key_name(i)))) << key_name(i);
  }
  int false_positives = 0;
  for (int i = kKeys; i < 2 * kKeys; ++i) {
    if (filter.may_contain(KeyFilter::hash(0, key_name(i)))) ++false_positives;
  }
  EXPECT_LT(false_positives, kKeys * 3 / 100);
  EXPECT_EQ(filter.added(), static_cast<size_t>(kKeys));
  EXPECT_EQ(filter.capacity(), static_cast<size_t>(kKeys));
}

TEST(KeyFilterTest, DatabasesAreDistinct) {
  KeyFilter filter(1000);
  for (int i = 0; i < 1000; ++i) filter.add(KeyFilter::hash(3, key_name(i)));
  int also_in_db0 = 0;
  for (int i = 0; i < 1000; ++i) {
    if (filter.may_contain(KeyFilter::hash(0, key_name(i)))) ++also_in_db0;
  }
  EXPECT_LT(also_in_db0, 50);
}

class KeyspaceFilterTest : public StoreTest {
 protected:
  std::unique_ptr<Keyspace> open_keyspace() {
    auto keyspace = std::make_unique<Keyspace>(0, open(), 16);
    // The server's floor (a million keys) would need that many keys to
    // reach a rebuild.
    keyspace->set_min_key_filter_capacity(1024);
    keyspace->load_counts();
    return keyspace;
  }
  static void commit(Keyspace& keyspace) { StoreTest::commit(keyspace.store()); }
  static void set(Keyspace& keyspace, int db, const std::string& key, const std::string& value) {
    Meta meta;
    meta.value = value;
    keyspace.write(db, key, meta, keyspace.lookup(db, key, 1));
  }
  static void drop(Keyspace& keyspace, int db, const std::string& key) {
    if (auto old = keyspace.lookup(db, key, 1)) keyspace.remove(db, key, *old);
  }
};

TEST_F(KeyspaceFilterTest, RebuildKeepsEveryLiveKeyAndShrinksToThem) {
  auto keyspace = open_keyspace();
  // Far more keys than the initial filter was sized for, most deleted again.
  for (int i = 0; i < 20000; ++i) set(*keyspace, i % 2, key_name(i), "v");
  for (int i = 0; i < 20000; ++i) {
    if (i % 10 != 0) drop(*keyspace, i % 2, key_name(i));
  }
  commit(*keyspace);
  ASSERT_GT(keyspace->key_filter().added(), keyspace->key_filter().capacity());
  // Small budgets: the rebuild spans many calls, with writes in between
  // that must reach the new filter too.
  int steps = 0;
  while (keyspace->key_filter().added() > keyspace->key_filter().capacity() && steps < 1000) {
    keyspace->maintain_key_filter(100);
    set(*keyspace, 5, key_name(100000 + steps), "during");
    ++steps;
  }
  ASSERT_LT(steps, 1000);
  EXPECT_GT(steps, 1);
  // 2000 old keys plus those written during the rebuild, at four times the
  // room.
  EXPECT_LE(keyspace->key_filter().capacity(), 4u * (2000 + static_cast<size_t>(steps)));
  for (int i = 0; i < 20000; i += 10) {
    ASSERT_TRUE(keyspace->lookup(i % 2, key_name(i), 1)) << key_name(i);
  }
  for (int s = 0; s < steps; ++s) {
    ASSERT_TRUE(keyspace->lookup(5, key_name(100000 + s), 1)) << s;
  }
  EXPECT_FALSE(keyspace->lookup(1, key_name(1), 1));
}

TEST_F(KeyspaceFilterTest, KeysSurviveRestartAndFlushAll) {
  {
    auto keyspace = open_keyspace();
    for (int i = 0; i < 3000; ++i) set(*keyspace, 0, key_name(i), "v");
    commit(*keyspace);
  }
  auto keyspace = open_keyspace();
  for (int i = 0; i < 3000; ++i) ASSERT_TRUE(keyspace->lookup(0, key_name(i), 1)) << i;
  keyspace->flush(-1);
  EXPECT_EQ(keyspace->key_filter().added(), 0u);
  EXPECT_FALSE(keyspace->lookup(0, key_name(7), 1));
  set(*keyspace, 0, key_name(7), "again");
  ASSERT_TRUE(keyspace->lookup(0, key_name(7), 1));
  EXPECT_EQ(keyspace->lookup(0, key_name(7), 1)->value, "again");
}

}  // namespace
}  // namespace ringkv::store
