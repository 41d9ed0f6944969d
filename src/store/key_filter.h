// KeyFilter: a blocked Bloom filter over the names of a shard's keys, so that
// looking up a key that does not exist (GET of a miss, the existence check
// every SET of a new key makes) is answered from memory instead of a walk
// down LevelDB's memtable skiplist and table filters.
//
// False positives only cost a real lookup; false negatives would lose data,
// so every key written must be added before it can be looked up. Deleted
// keys stay in the filter until it is rebuilt (see Keyspace).
//
// Each key sets kProbes bits inside one 64-byte block: one cache miss per
// query. Sized at kBitsPerKey bits for `capacity` keys, about 1 % false
// positives at capacity.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace ringkv::store {

class KeyFilter {
 public:
  static constexpr size_t kBitsPerKey = 12;
  static constexpr int kProbes = 6;

  explicit KeyFilter(size_t capacity);

  // The hash the filter stores for `key` of database `db`.
  static uint64_t hash(int db, std::string_view key);

  void add(uint64_t hash);
  bool may_contain(uint64_t hash) const;

  // Keys added so far (duplicates counted) and the count it was sized for:
  // past capacity the false positive rate climbs and a rebuild pays off.
  size_t added() const { return added_; }
  size_t capacity() const { return capacity_; }
  size_t memory_bytes() const { return blocks_.size() * sizeof(Block); }

 private:
  struct alignas(64) Block {
    uint64_t words[8];
  };
  size_t block_index(uint64_t hash) const;

  std::vector<Block> blocks_;
  size_t capacity_;
  size_t added_ = 0;
};

}  // namespace ringkv::store
