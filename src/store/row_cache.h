// RowCache: a bounded map of hot keys to their stored values, consulted
// after the write overlay and before LevelDB. A GET of a hot key then costs a
// hash lookup instead of a memtable skiplist walk and block-cache probe.
// Write-through: every write of a cached key replaces or drops the entry, so
// the cache never returns a value older than what LevelDB holds.
//
// Layout: an open-addressing table of (hash, entry) slots, probed linearly,
// and one allocation per entry holding its key and value side by side. A hit
// costs about two cache misses (the slot, the entry); std::unordered_map with
// std::string key and value cost four (bucket, node, key, value), which on a
// GET load was a quarter of the server's CPU.
//
// Threading: owned by the shard's owner, like ShardStore.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace ringkv::store {

class RowCache {
 public:
  explicit RowCache(size_t capacity_bytes) : capacity_bytes_(capacity_bytes) {}
  ~RowCache();
  RowCache(RowCache&& other) noexcept;
  RowCache& operator=(RowCache&& other) noexcept;
  RowCache(const RowCache&) = delete;
  RowCache& operator=(const RowCache&) = delete;

  // The cached value, valid until the next change to the cache.
  std::optional<std::string_view> find(std::string_view key) const;
  void insert(std::string_view key, std::string_view value);
  void erase(std::string_view key);
  // A write: refresh the entry only if the key is cached already.
  void update_if_present(std::string_view key, std::string_view value);
  void clear();
  size_t bytes() const { return bytes_; }
  size_t entries() const { return entries_; }

 private:
  struct Entry;
  struct Slot {
    uint64_t hash = 0;
    Entry* entry = nullptr;  // nullptr: free
  };
  static size_t cost(std::string_view key, std::string_view value) {
    return key.size() + value.size() + 64;  // 64: slots and bookkeeping
  }
  static uint64_t hash_of(std::string_view key);
  // The slot holding `key`, or the free slot where it would go.
  size_t probe(std::string_view key, uint64_t hash) const;
  void put_at(size_t index, uint64_t hash, std::string_view key, std::string_view value);
  void remove_at(size_t index);
  void grow();
  void evict_some();

  size_t capacity_bytes_;
  size_t bytes_ = 0;
  size_t entries_ = 0;
  uint64_t eviction_cursor_ = 0;
  std::vector<Slot> slots_;  // size is a power of two, or 0
};

}  // namespace ringkv::store
