// Collection and GarbageSweeper over a real ShardStore: member, element and
// score scans merge uncommitted (overlay) and committed entries in order,
// versions are isolated, and dead versions are swept — also across a restart.
#include "store/collection.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <vector>

#include "store/garbage.h"
#include "store/keyspace.h"
#include "store_fixture.h"

namespace ringkv::store {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

class CollectionTest : public StoreTest {
 protected:
  static Pairs members(Collection& c, std::string_view from = {}) {
    Pairs out;
    c.scan(from, [&](std::string_view m, std::string_view v) {
      out.emplace_back(m, v);
      return true;
    });
    return out;
  }
  // Every key under `prefix` in the store, committed or not.
  static size_t count_prefix(ShardStore& store, const std::string& prefix) {
    size_t n = 0;
    store.scan(prefix, {}, [&](std::string_view, std::string_view) {
      ++n;
      return true;
    });
    return n;
  }

};

TEST_F(CollectionTest, MemberScanMergesOverlayAndCommittedInOrder) {
  auto store = open();
  Collection hash(*store, 0, "h", 7);
  hash.put("b", "committed-b");
  hash.put("d", "committed-d");
  hash.put("f", "committed-f");
  commit(*store);
  hash.put("a", "new-a");       // before every committed member
  hash.put("d", "new-d");       // overwrites a committed member
  hash.del("f");                // hides a committed member
  hash.put("e", "new-e");       // between committed members
  Pairs expected{{"a", "new-a"}, {"b", "committed-b"}, {"d", "new-d"}, {"e", "new-e"}};
  EXPECT_EQ(members(hash), expected);
  EXPECT_EQ(members(hash, "c"), (Pairs{{"d", "new-d"}, {"e", "new-e"}}));

  std::string value;
  EXPECT_TRUE(hash.get("b", &value));
  EXPECT_EQ(value, "committed-b");
  EXPECT_FALSE(hash.get("f", &value));

  commit(*store);  // the same view once everything is in LevelDB
  EXPECT_EQ(members(hash), expected);
}

TEST_F(CollectionTest, ScanStopsWhenTheVisitorSaysSo) {
  auto store = open();
  Collection set(*store, 0, "s", 1);
  for (char c = 'a'; c <= 'z'; ++c) set.put(std::string(1, c), "");
  std::string seen;
  set.scan({}, [&](std::string_view m, std::string_view) {
    seen += m;
    return seen.size() < 3;
  });
  EXPECT_EQ(seen, "abc");
}

TEST_F(CollectionTest, VersionsKeysAndDatabasesAreIsolated) {
  auto store = open();
  Collection v1(*store, 0, "k", 1);
  Collection v2(*store, 0, "k", 2);
  Collection other_key(*store, 0, "k2", 1);
  Collection other_db(*store, 1, "k", 1);
  v1.put("m", "v1");
  v2.put("m", "v2");
  other_key.put("x", "k2");
  other_db.put("y", "db1");
  commit(*store);
  EXPECT_EQ(members(v1), (Pairs{{"m", "v1"}}));
  EXPECT_EQ(members(v2), (Pairs{{"m", "v2"}}));
  EXPECT_EQ(members(other_key), (Pairs{{"x", "k2"}}));
  EXPECT_EQ(members(other_db), (Pairs{{"y", "db1"}}));
}

TEST_F(CollectionTest, ListElementsScanBothWaysAcrossOverlayAndCommitted) {
  auto store = open();
  Collection list(*store, 0, "l", 3);
  // Indexes around the middle of the range, as a list that grew both ways.
  const uint64_t mid = uint64_t{1} << 62;
  for (uint64_t i = mid - 2; i < mid + 3; ++i) list.put_element(i, "c" + std::to_string(i - mid + 2));
  commit(*store);
  list.put_element(mid - 3, "n0");
  list.put_element(mid, "n3");
  list.del_element(mid + 2);

  std::vector<std::string> forward;
  list.scan_elements(mid - 3, [&](uint64_t index, std::string_view element) {
    forward.push_back(std::to_string(index - mid + 3) + ":" + std::string(element));
    return true;
  });
  EXPECT_EQ(forward, (std::vector<std::string>{"0:n0", "1:c0", "2:c1", "3:n3", "4:c3"}));

  std::vector<std::string> backward;
  list.scan_elements_reverse(mid + 1, [&](uint64_t index, std::string_view element) {
    backward.push_back(std::to_string(index - mid + 3) + ":" + std::string(element));
    return true;
  });
  EXPECT_EQ(backward, (std::vector<std::string>{"3:n3", "2:c1", "1:c0", "0:n0"}));

  std::string element;
  EXPECT_TRUE(list.get_element(mid - 2, &element));
  EXPECT_EQ(element, "c0");
  EXPECT_FALSE(list.get_element(mid + 2, &element));
}

TEST_F(CollectionTest, ScoresAreOrderedNumericallyThenByMember) {
  auto store = open();
  Collection zset(*store, 0, "z", 9);
  const double inf = std::numeric_limits<double>::infinity();
  zset.set_score("pos-inf", inf);
  zset.set_score("one", 1);
  zset.set_score("tiny", 1e-300);
  commit(*store);
  zset.set_score("neg-inf", -inf);
  zset.set_score("minus-one", -1);
  zset.set_score("b-zero", 0);
  zset.set_score("a-zero", -0.0);  // -0 and 0 tie: member order decides
  zset.set_score("one-too", 1);

  std::vector<std::string> order;
  zset.scan_scores(std::nullopt, [&](double, std::string_view member) {
    order.emplace_back(member);
    return true;
  });
  EXPECT_EQ(order, (std::vector<std::string>{"neg-inf", "minus-one", "a-zero", "b-zero", "tiny",
                                             "one", "one-too", "pos-inf"}));

  std::vector<std::string> from_one;
  zset.scan_scores(1.0, [&](double score, std::string_view member) {
    EXPECT_GE(score, 1.0);
    from_one.emplace_back(member);
    return true;
  });
  EXPECT_EQ(from_one, (std::vector<std::string>{"one", "one-too", "pos-inf"}));

  std::vector<std::string> down_from_zero;
  zset.scan_scores_reverse(0.0, [&](double, std::string_view member) {
    down_from_zero.emplace_back(member);
    return true;
  });
  EXPECT_EQ(down_from_zero, (std::vector<std::string>{"b-zero", "a-zero", "minus-one", "neg-inf"}));

  // The member record keeps the exact score, sign of zero included.
  ASSERT_TRUE(zset.score_of("a-zero").has_value());
  EXPECT_TRUE(std::signbit(*zset.score_of("a-zero")));
}

TEST_F(CollectionTest, ChangingAScoreMovesItsIndexEntry) {
  auto store = open();
  Collection zset(*store, 0, "z", 1);
  EXPECT_FALSE(zset.set_score("m", 5).has_value());
  commit(*store);
  EXPECT_EQ(zset.set_score("m", -5), std::optional<double>(5));
  std::vector<std::pair<double, std::string>> entries;
  zset.scan_scores(std::nullopt, [&](double score, std::string_view member) {
    entries.emplace_back(score, member);
    return true;
  });
  EXPECT_EQ(entries, (std::vector<std::pair<double, std::string>>{{-5, "m"}}));
  EXPECT_TRUE(zset.remove_scored("m"));
  EXPECT_FALSE(zset.remove_scored("m"));
  EXPECT_EQ(count_prefix(*store, score_key_prefix(0, "z", 1)), 0u);
  EXPECT_EQ(count_prefix(*store, member_key_prefix(0, "z", 1)), 0u);
}

// Writes a hash of `n` fields through the Keyspace, as a command would.
Meta write_hash(Keyspace& keyspace, std::string_view key, int n) {
  Meta meta;
  meta.type = ValueType::kHash;
  meta.version = keyspace.new_version();
  Collection hash(keyspace.store(), 0, key, meta.version);
  for (int i = 0; i < n; ++i) hash.put("f" + std::to_string(i), "v");
  meta.count = static_cast<uint64_t>(n);
  keyspace.write(0, key, meta, keyspace.lookup(0, key, 0));
  return meta;
}

TEST_F(CollectionTest, SweeperRemovesMembersOfDeletedAndOverwrittenCollections) {
  Keyspace keyspace(0, open(), 16);
  Meta deleted = write_hash(keyspace, "gone", 2500);
  Meta replaced = write_hash(keyspace, "replaced", 1200);
  Meta kept = write_hash(keyspace, "kept", 10);
  commit(keyspace.store());

  keyspace.remove(0, "gone", deleted);
  Meta string_meta;  // "replaced" becomes a string: its hash members are garbage
  string_meta.value = "now a string";
  keyspace.write(0, "replaced", string_meta, replaced);
  commit(keyspace.store());

  size_t rounds = 0;
  while (keyspace.has_garbage() && rounds < 100) {
    size_t removed = keyspace.sweep_garbage(500);
    EXPECT_LE(removed, 500u);  // bounded work per call
    commit(keyspace.store());
    ++rounds;
  }
  EXPECT_FALSE(keyspace.has_garbage());
  EXPECT_GE(rounds, 8u);  // 3700 members at 500 per call
  ShardStore& store = keyspace.store();
  EXPECT_EQ(count_prefix(store, member_key_prefix(0, "gone", deleted.version)), 0u);
  EXPECT_EQ(count_prefix(store, member_key_prefix(0, "replaced", replaced.version)), 0u);
  EXPECT_EQ(count_prefix(store, garbage_key_prefix()), 0u);
  EXPECT_EQ(count_prefix(store, member_key_prefix(0, "kept", kept.version)), 10u);
}

TEST_F(CollectionTest, SweepResumesAfterARestart) {
  Meta dead;
  {
    Keyspace keyspace(0, open(), 16);
    dead = write_hash(keyspace, "big", 3000);
    commit(keyspace.store());
    keyspace.remove(0, "big", dead);
    keyspace.sweep_garbage(1000);  // part of it, then "crash" (clean close)
    commit(keyspace.store());
    EXPECT_GT(count_prefix(keyspace.store(), member_key_prefix(0, "big", dead.version)), 0u);
  }
  Keyspace keyspace(0, open(), 16);
  EXPECT_TRUE(keyspace.has_garbage());
  for (int i = 0; i < 20 && keyspace.has_garbage(); ++i) {
    keyspace.sweep_garbage(1000);
    commit(keyspace.store());
  }
  EXPECT_FALSE(keyspace.has_garbage());
  EXPECT_EQ(count_prefix(keyspace.store(), member_key_prefix(0, "big", dead.version)), 0u);
  EXPECT_EQ(count_prefix(keyspace.store(), garbage_key_prefix()), 0u);
}

TEST_F(CollectionTest, EmptyCollectionLeavesNoGarbageRecord) {
  Keyspace keyspace(0, open(), 16);
  Meta empty = write_hash(keyspace, "empty", 0);
  keyspace.remove(0, "empty", empty);
  commit(keyspace.store());
  EXPECT_EQ(count_prefix(keyspace.store(), garbage_key_prefix()), 0u);
}

TEST_F(CollectionTest, CopyMembersCopiesEveryRecordOfTheType) {
  auto source = open();
  Meta zset;
  zset.type = ValueType::kZset;
  zset.version = 4;
  Collection z(*source, 0, "z", 4);
  for (int i = 0; i < 3000; ++i) z.set_score("m" + std::to_string(i), i % 7);  // > one chunk
  commit(*source);
  z.set_score("late", -1);  // still in the overlay
  copy_members(*source, 0, "z", zset, *source, 3, "copy", 11);
  Collection copy(*source, 3, "copy", 11);
  EXPECT_EQ(copy.score_of("m2999"), std::optional<double>(2999 % 7));
  EXPECT_EQ(copy.score_of("late"), std::optional<double>(-1));
  EXPECT_EQ(count_prefix(*source, member_key_prefix(3, "copy", 11)), 3001u);
  EXPECT_EQ(count_prefix(*source, score_key_prefix(3, "copy", 11)), 3001u);

  Meta list;
  list.type = ValueType::kList;
  list.version = 5;
  Collection l(*source, 0, "l", 5);
  for (uint64_t i = 0; i < 10; ++i) l.put_element(100 + i, std::to_string(i));
  copy_members(*source, 0, "l", list, *source, 0, "l2", 6);
  std::string element;
  EXPECT_TRUE(Collection(*source, 0, "l2", 6).get_element(109, &element));
  EXPECT_EQ(element, "9");
  EXPECT_EQ(count_prefix(*source, list_key_prefix(0, "l2", 6)), 10u);
}

TEST_F(CollectionTest, VersionsStayAboveEveryStoredOneAfterReopen) {
  uint64_t live_version = 0;
  {
    Keyspace keyspace(0, open(), 16);
    // A version far in the future stands for a clock that went back later.
    Meta future;
    future.type = ValueType::kSet;
    future.version = uint64_t{1} << 62;
    future.count = 1;
    Collection(keyspace.store(), 0, "s", future.version).put("m", "");
    keyspace.write(0, "s", future, std::nullopt);
    live_version = future.version;
    Meta dead = future;
    dead.version = live_version + 5;
    GarbageSweeper(keyspace.store()).record(0, "old", dead);
    commit(keyspace.store());
  }
  Keyspace keyspace(0, open(), 16);
  keyspace.load_counts();
  EXPECT_GT(keyspace.new_version(), live_version + 5);
}

}  // namespace
}  // namespace ringkv::store
