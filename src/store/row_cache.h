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
// Each entry also keeps an access tick that Keyspace stamps on the rows of
// keys it reads and writes (OBJECT IDLETIME): the entry's line is loaded
// already, where the AccessClock table cost another cache miss per command.
//
// Threading: owned by the shard's owner, like ShardStore.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
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

  // The cached value, valid until the next change to the cache; a nonzero
  // `access_tick` is stamped on the entry found.
  std::optional<std::string_view> find(std::string_view key) const;
  std::optional<std::string_view> find_and_stamp(std::string_view key, uint32_t access_tick);
  // False if the value is too big to cache (the key is then not cached). A
  // replaced entry keeps its access tick unless a nonzero one is given.
  bool insert(std::string_view key, std::string_view value, uint32_t access_tick = 0);
  void erase(std::string_view key);
  // A write: refresh the entry only if the key is cached already.
  void update_if_present(std::string_view key, std::string_view value);
  // Stamps the entry of `key` if there is one; false if there is none.
  bool stamp(std::string_view key, uint32_t access_tick);
  // The access tick of `key`'s entry; 0 if it has none or is not cached.
  uint32_t access_tick(std::string_view key) const;
  // Called with each stamped entry that eviction drops (not erase or clear),
  // so that its access time can be kept elsewhere.
  using EvictionHook = std::function<void(std::string_view key, uint32_t access_tick)>;
  void set_eviction_hook(EvictionHook hook) { eviction_hook_ = std::move(hook); }
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
  void put_at(size_t index, uint64_t hash, std::string_view key, std::string_view value,
              uint32_t access_tick);
  void remove_at(size_t index);
  void grow();
  void evict_some();

  size_t capacity_bytes_;
  size_t bytes_ = 0;
  size_t entries_ = 0;
  uint64_t eviction_cursor_ = 0;
  std::vector<Slot> slots_;  // size is a power of two, or 0
  EvictionHook eviction_hook_;
};

}  // namespace ringkv::store
