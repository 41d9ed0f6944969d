// Keyspace: the typed view of one storage shard — key metadata (type,
// version, expiry, inline string value), key counts per db, lazy and active
// expiry. Command handlers compose these operations; they never touch raw
// LevelDB keys.
//
// Threading: like ShardStore, only the thread holding the shard calls in.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/access_clock.h"
#include "store/encoding.h"
#include "store/garbage.h"
#include "store/key_filter.h"
#include "store/shard_store.h"

namespace ringkv::store {

class Keyspace {
 public:
  Keyspace(int shard_index, std::unique_ptr<ShardStore> store, int databases);
  // The row cache's eviction hook points back here.
  Keyspace(const Keyspace&) = delete;
  Keyspace& operator=(const Keyspace&) = delete;

  int index() const { return index_; }
  ShardStore& store() { return *store_; }

  // Counts keys per db by scanning the metadata (start-up).
  void load_counts();
  int64_t key_count(int db) const { return key_counts_[db]; }
  int64_t expires_count(int db) const { return expires_counts_[db]; }

  // The live metadata of `key`, or nullopt if it does not exist or has
  // expired (an expired key is deleted on the way: lazy expiry). Counts as
  // an access of the key (OBJECT IDLETIME).
  std::optional<Meta> lookup(int db, std::string_view key, uint64_t now_ms);
  // lookup() without counting as an access, for commands that only inspect
  // a key (TTL, TYPE, EXISTS, OBJECT: Redis's LOOKUP_NOTOUCH).
  std::optional<Meta> peek(int db, std::string_view key, uint64_t now_ms);
  // Whole seconds since `key` was last looked up or written (approximate,
  // see AccessClock).
  uint64_t idle_seconds(int db, std::string_view key, uint64_t now_ms) const;
  bool exists(int db, std::string_view key, uint64_t now_ms) {
    return lookup(db, key, now_ms).has_value();
  }

  // Writes `meta` for `key`; `old` is what lookup() returned (keeps counts
  // and the expiry index right). When `meta` replaces a collection by
  // another version or type, the old members are left to the sweeper.
  void write(int db, std::string_view key, const Meta& meta, const std::optional<Meta>& old);
  // Deletes `key` whose current metadata is `old` (a collection's members
  // go to the sweeper unless old.count says none are left).
  void remove(int db, std::string_view key, const Meta& old);

  // A collection version never used before in this shard.
  uint64_t new_version();

  // Visits live keys of `db` in byte order from `start` (inclusive).
  // The visitor returns false to stop. Expired keys are skipped; with
  // now_ms 0 they are visited too (callers that bound their work by keys
  // examined, such as SCAN, filter them themselves).
  void scan_keys(int db, std::string_view start, uint64_t now_ms,
                 const std::function<bool(std::string_view key, const Meta& meta)>& visit);

  // Deletes up to `budget` keys whose deadline passed; returns how many.
  size_t expire_due(uint64_t now_ms, size_t budget);
  // Removes up to `budget` members of deleted or overwritten collections.
  size_t sweep_garbage(size_t budget) { return sweeper_.sweep(budget); }
  bool has_garbage() const { return sweeper_.may_have_work(); }
  // Deletes every key of `db` (all dbs when db < 0).
  void flush(int db);
  // Once the key filter holds more keys than it was sized for (deleted keys
  // stay in it), rebuilds it from the metadata, `budget` keys per call so
  // that the owning loop never stalls; writes meanwhile go to both filters.
  void maintain_key_filter(size_t budget);
  const KeyFilter& key_filter() const { return filter_; }
  // Filters are sized for at least this many keys (tests lower it to reach
  // a rebuild with few keys); takes effect at the next sizing.
  void set_min_key_filter_capacity(size_t keys) { min_filter_capacity_ = keys; }

  // Called after every change of a key (write, remove — also by expiry and
  // flush) with its db and name: WATCH builds on it.
  using TouchHook = std::function<void(int db, std::string_view key)>;
  void set_touch_hook(TouchHook hook) { touch_hook_ = std::move(hook); }

 private:
  size_t filter_capacity_for(size_t live_keys) const;
  // peek(), stamping a found key's access tick when it is nonzero.
  std::optional<Meta> find(int db, std::string_view key, uint64_t now_ms, uint32_t access_tick);

  int index_;
  std::unique_ptr<ShardStore> store_;
  std::vector<int64_t> key_counts_;
  std::vector<int64_t> expires_counts_;
  uint64_t last_version_ = 0;
  TouchHook touch_hook_;
  GarbageSweeper sweeper_;
  // expire_due starts its index walk here (see there).
  uint64_t expiry_sweep_from_ms_ = 0;
  // Which keys may exist; consulted only once load_counts() filled it (a
  // Keyspace over a store nobody counted must not answer from it).
  KeyFilter filter_{0};
  size_t min_filter_capacity_;
  bool filter_ready_ = false;
  std::unique_ptr<KeyFilter> next_filter_;  // being rebuilt
  std::string rebuild_cursor_;              // next raw meta key to add
  AccessClock access_clock_;
};

}  // namespace ringkv::store
