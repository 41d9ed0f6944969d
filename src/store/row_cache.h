// RowCache: a bounded map of hot keys to their stored values, consulted
// after the write overlay and before LevelDB. A GET of a hot key then costs a
// hash lookup instead of a memtable skiplist walk and block-cache probe.
// Write-through: every write of a cached key replaces or drops the entry, so
// the cache never returns a value older than what LevelDB holds.
//
// Threading: owned by the shard's owner, like ShardStore.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ringkv::store {

class RowCache {
 public:
  explicit RowCache(size_t capacity_bytes) : capacity_bytes_(capacity_bytes) {}

  // Returns the cached value or nullptr.
  const std::string* find(std::string_view key) const;
  void insert(std::string_view key, std::string_view value);
  void erase(std::string_view key);
  // A write: refresh the entry only if the key is cached already.
  void update_if_present(std::string_view key, std::string_view value);
  void clear();
  size_t bytes() const { return bytes_; }
  size_t entries() const { return map_.size(); }

 private:
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view key) const { return std::hash<std::string_view>()(key); }
  };
  static size_t cost(std::string_view key, std::string_view value) {
    return key.size() + value.size() + 64;  // 64: node and bookkeeping overhead
  }
  void evict_some();

  size_t capacity_bytes_;
  size_t bytes_ = 0;
  uint64_t eviction_cursor_ = 0;
  std::unordered_map<std::string, std::string, KeyHash, std::equal_to<>> map_;
};

}  // namespace ringkv::store
