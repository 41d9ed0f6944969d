// WatchTable and WatchSet: the keys clients WATCH and the check-and-set
// state they guard. A WatchSet is one session's watched keys; it turns dirty
// when any of them changes after WATCH, and then that session's EXEC fails.
// The WatchTable keeps, per shard, which WatchSets watch each (db, key); the
// shard's Keyspace touch hook calls touched() after every change of a key
// (writes, deletes, expiry, FLUSHDB/FLUSHALL of existing keys).
//
// Threading. touched() runs on whichever thread holds the shard. A key is
// added only by a thread that holds its shard (WATCH runs under the lock of
// the one shard of its keys, or exclusively), so no change made before the
// WATCH is seen as one made after it. Keys are removed from the session's own loop (UNWATCH, DISCARD, EXEC,
// RESET, disconnect), which may not own the shard: each shard's part has a
// mutex, held only to look up or edit that part, never together with another
// part's. When a shard has no watched key, touched() costs one atomic load.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ringkv::cmd {

class WatchTable;

class WatchSet {
 public:
  explicit WatchSet(WatchTable& table) : table_(table) {}
  // Unregisters every key, so the table never points at a dead set.
  ~WatchSet();
  WatchSet(const WatchSet&) = delete;
  WatchSet& operator=(const WatchSet&) = delete;

  // Watches `key` of `db`, which lives in `shard`; a key already watched is
  // ignored. The calling thread must own `shard`.
  void add(int shard, int db, std::string_view key);
  // True once a watched key changed since it was added.
  bool dirty() const { return dirty_.load(std::memory_order_acquire); }
  size_t size() const { return keys_.size(); }
  // Visits every watched key with its shard and db.
  void for_each_key(const std::function<void(int shard, int db, std::string_view key)>& visit) const;

 private:
  friend class WatchTable;
  struct Watched {
    int shard;
    std::string id;  // see watch_id()
  };

  WatchTable& table_;
  std::vector<Watched> keys_;
  std::atomic<bool> dirty_{false};
};

class WatchTable {
 public:
  explicit WatchTable(int shards);
  WatchTable(const WatchTable&) = delete;
  WatchTable& operator=(const WatchTable&) = delete;

  // The touch hook of `shard`: marks every set watching (db, key) dirty.
  void touched(int shard, int db, std::string_view key);

 private:
  friend class WatchSet;
  struct Part {
    mutable std::mutex mutex;
    // Mirrors by_key.size() so touched() can skip the lock when it is zero.
    std::atomic<size_t> watched{0};
    std::unordered_map<std::string, std::vector<WatchSet*>> by_key;
  };

  // False when `set` already watches `id` in `shard`.
  bool add(int shard, const std::string& id, WatchSet* set);
  void remove(int shard, const std::string& id, WatchSet* set);

  std::vector<std::unique_ptr<Part>> parts_;  // one per shard
};

}  // namespace ringkv::cmd
