// Keyspace: metadata, counts and expiry over one ShardStore.
#include "store/keyspace.h"

#include <algorithm>
#include <chrono>

#include "util/coarse_clock.h"

namespace ringkv::store {

namespace {
// 512 KB a shard: recent accesses of up to 64k keys are remembered.
constexpr size_t kAccessClockSlots = size_t{1} << 16;
// Key filters start with room for a million keys (1.5 MB a shard): every
// rebuild scans all of the shard's keys, and an empty server filling up
// rebuilt at 1k, 2k, 4k... keys, which cost a tenth of a SET load's CPU.
constexpr size_t kMinKeyFilterCapacity = size_t{1} << 20;
// A rebuilt filter has room for four times the live keys, so the next
// rebuild waits until the shard grew by three times again: the scans then
// cost a third of a key visit per key added.
constexpr size_t kKeyFilterRoomFactor = 4;

// A thread's reused buffer for an encoded key or value, cleared on entry:
// every GET and SET encodes one or two, and fresh strings cost an
// allocation each. One grown by a big key or value is let go on exit so
// that the thread does not keep holding it.
class Scratch {
 public:
  explicit Scratch(std::string& buffer) : buffer_(buffer) { buffer_.clear(); }
  ~Scratch() {
    if (buffer_.capacity() > kKeptBytes) std::string().swap(buffer_);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  std::string* operator->() { return &buffer_; }
  std::string& operator*() { return buffer_; }

 private:
  static constexpr size_t kKeptBytes = 64 << 10;
  std::string& buffer_;
};
// Lookups and writes each have their own, so that one may run inside the
// other (a lookup that expires a key writes).
thread_local std::string t_lookup_key;
thread_local std::string t_lookup_row;
thread_local std::string t_write_key;
thread_local std::string t_write_row;

bool has_members(const Meta& meta) { return meta.type != ValueType::kString && meta.count > 0; }

// The key filter's hash of the key a raw metadata key names; false if the
// raw key is not one.
bool filter_hash_of(std::string_view raw_key, uint64_t* hash) {
  uint8_t db = 0;
  std::string_view key;
  if (!decode_meta_key(raw_key, &db, &key)) return false;
  *hash = KeyFilter::hash(db, key);
  return true;
}
}  // namespace

Keyspace::Keyspace(int shard_index, std::unique_ptr<ShardStore> store, int databases)
    : index_(shard_index),
      store_(std::move(store)),
      key_counts_(databases, 0),
      expires_counts_(databases, 0),
      sweeper_(*store_),
      min_filter_capacity_(kMinKeyFilterCapacity),
      access_clock_(kAccessClockSlots, coarse_unix_ms()) {
  // An evicted row takes its access time with it unless the clock keeps it.
  store_->set_row_eviction_hook([this](std::string_view raw_key, uint32_t tick) {
    uint8_t db = 0;
    std::string_view key;
    if (decode_meta_key(raw_key, &db, &key)) access_clock_.record(db, key, tick);
  });
}

void Keyspace::load_counts() {
  std::vector<uint64_t> hashes;
  for (size_t db = 0; db < key_counts_.size(); ++db) {
    key_counts_[db] = 0;
    expires_counts_[db] = 0;
    store_->scan(meta_key_prefix(static_cast<uint8_t>(db)), {},
                 [&](std::string_view raw_key, std::string_view value) {
                   uint64_t hash = 0;
                   if (filter_hash_of(raw_key, &hash)) hashes.push_back(hash);
                   Meta meta;
                   if (decode_meta_value(value, &meta)) {
                     ++key_counts_[db];
                     if (meta.expire_at_ms != 0) ++expires_counts_[db];
                     last_version_ = std::max(last_version_, meta.version);
                   }
                   return true;
                 });
  }
  filter_ = KeyFilter(filter_capacity_for(hashes.size()));
  for (uint64_t hash : hashes) filter_.add(hash);
  filter_ready_ = true;
  next_filter_.reset();
  // Dead versions awaiting the sweep must not be handed out again either,
  // even if the clock went back since they were made. The newest is last.
  store_->scan_reverse(garbage_key_prefix(), {}, [&](std::string_view raw, std::string_view) {
    uint64_t version;
    uint8_t db;
    std::string_view key;
    if (decode_garbage_key(raw, &version, &db, &key)) last_version_ = std::max(last_version_, version);
    return false;
  });
}

std::optional<Meta> Keyspace::lookup(int db, std::string_view key, uint64_t now_ms) {
  return find(db, key, now_ms, access_clock_.tick_of(now_ms));
}

std::optional<Meta> Keyspace::peek(int db, std::string_view key, uint64_t now_ms) {
  return find(db, key, now_ms, 0);
}

uint64_t Keyspace::idle_seconds(int db, std::string_view key, uint64_t now_ms) const {
  uint32_t cached = store_->row_access_tick(encode_meta_key(static_cast<uint8_t>(db), key));
  return access_clock_.seconds_since(std::max(cached, access_clock_.last_tick(db, key)), now_ms);
}

std::optional<Meta> Keyspace::find(int db, std::string_view key, uint64_t now_ms,
                                   uint32_t access_tick) {
  if (filter_ready_ && !filter_.may_contain(KeyFilter::hash(db, key))) return std::nullopt;
  // A view of the cached row, not a copy.
  Scratch raw_key(t_lookup_key);
  Scratch storage(t_lookup_row);
  append_meta_key(&*raw_key, static_cast<uint8_t>(db), key);
  std::string_view raw;
  bool stamped = false;
  bool found = store_->get_view(*raw_key, &raw, &*storage, access_tick, &stamped);
  Meta meta;
  bool decoded = found && decode_meta_value(raw, &meta);
  // A row too big for the row cache keeps its access time in the clock.
  if (decoded && access_tick != 0 && !stamped) access_clock_.record(db, key, access_tick);
  if (!decoded) return std::nullopt;
  if (meta.expire_at_ms != 0 && meta.expire_at_ms <= now_ms) {
    remove(db, key, meta);
    return std::nullopt;
  }
  return meta;
}

void Keyspace::write(int db, std::string_view key, const Meta& meta,
                     const std::optional<Meta>& old) {
  auto db8 = static_cast<uint8_t>(db);
  uint64_t old_expire = old ? old->expire_at_ms : 0;
  if (old_expire != meta.expire_at_ms) {
    if (old_expire != 0) {
      store_->del(encode_expiry_key(old_expire, db8, key));
      --expires_counts_[db];
    }
    if (meta.expire_at_ms != 0) {
      store_->put(encode_expiry_key(meta.expire_at_ms, db8, key), {});
      ++expires_counts_[db];
      // A deadline behind the sweep's starting point (the clock went back)
      // must still be found by the next sweep.
      expiry_sweep_from_ms_ = std::min(expiry_sweep_from_ms_, meta.expire_at_ms);
    }
  }
  if (!old) {
    ++key_counts_[db];
    // An existing key is in the filters already (a rebuild's scan adds it).
    uint64_t hash = KeyFilter::hash(db, key);
    filter_.add(hash);
    if (next_filter_) next_filter_->add(hash);
  }
  if (old && has_members(*old) && (old->type != meta.type || old->version != meta.version)) {
    sweeper_.record(db, key, *old);
  }
  // Written values are new, as a new object is in Redis: not idle.
  uint32_t access_tick = access_clock_.tick_of(coarse_unix_ms());
  Scratch raw_key(t_write_key);
  Scratch raw_value(t_write_row);
  append_meta_key(&*raw_key, db8, key);
  append_meta_value(&*raw_value, meta);
  if (!store_->put(*raw_key, *raw_value, access_tick)) access_clock_.record(db, key, access_tick);
  if (touch_hook_) touch_hook_(db, key);
}

void Keyspace::remove(int db, std::string_view key, const Meta& old) {
  auto db8 = static_cast<uint8_t>(db);
  if (old.expire_at_ms != 0) {
    store_->del(encode_expiry_key(old.expire_at_ms, db8, key));
    --expires_counts_[db];
  }
  if (has_members(old)) sweeper_.record(db, key, old);
  store_->del(encode_meta_key(db8, key));
  --key_counts_[db];
  if (touch_hook_) touch_hook_(db, key);
}

uint64_t Keyspace::new_version() {
  // Microseconds since the epoch keep versions increasing across restarts.
  auto now = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count());
  last_version_ = now > last_version_ ? now : last_version_ + 1;
  return last_version_;
}

void Keyspace::scan_keys(int db, std::string_view start, uint64_t now_ms,
                         const std::function<bool(std::string_view, const Meta&)>& visit) {
  auto db8 = static_cast<uint8_t>(db);
  std::string prefix = meta_key_prefix(db8);
  std::string from = start.empty() ? std::string() : encode_meta_key(db8, start);
  store_->scan(prefix, from, [&](std::string_view raw_key, std::string_view raw_value) {
    Meta meta;
    if (!decode_meta_value(raw_value, &meta)) return true;
    if (meta.expire_at_ms != 0 && meta.expire_at_ms <= now_ms) return true;
    return visit(raw_key.substr(prefix.size()), meta);
  });
}

size_t Keyspace::expire_due(uint64_t now_ms, size_t budget) {
  struct Due {
    int db;
    std::string key;
    std::string index_key;
  };
  // Nothing to expire: skip the walk. Even an empty index costs a Seek that
  // LevelDB answers by stepping over every tombstone after it (the members
  // of a swept collection sort right after the 'e' prefix).
  if (std::all_of(expires_counts_.begin(), expires_counts_.end(),
                  [](int64_t count) { return count <= 0; })) {
    return 0;
  }
  std::vector<Due> due;
  // Start at the deadline the last sweep reached, not at the first index
  // entry: the entries it deleted stay in LevelDB as tombstones until a
  // compaction, and walking over them again every tick would cost an idle
  // server CPU in proportion to everything that ever expired.
  bool budget_hit = false;
  store_->scan("e", encode_expiry_key(expiry_sweep_from_ms_, 0, {}),
               [&](std::string_view raw_key, std::string_view) {
                 uint64_t expire_at = 0;
                 uint8_t db = 0;
                 std::string_view key;
                 if (!decode_expiry_key(raw_key, &expire_at, &db, &key)) return true;
                 if (expire_at > now_ms) return false;
                 if (due.size() >= budget) {
                   budget_hit = true;
                   return false;
                 }
                 if (db < key_counts_.size()) {
                   due.push_back(Due{db, std::string(key), std::string(raw_key)});
                 }
                 return true;
               });
  if (!budget_hit) {
    // Every deadline up to now_ms was handled; later writes get later ones.
    expiry_sweep_from_ms_ = std::max(expiry_sweep_from_ms_, now_ms + 1);
  } else if (!due.empty()) {
    uint64_t last = 0;
    uint8_t db = 0;
    std::string_view key;
    if (decode_expiry_key(due.back().index_key, &last, &db, &key)) {
      expiry_sweep_from_ms_ = std::max(expiry_sweep_from_ms_, last);
    }
  }
  size_t removed = 0;
  for (const Due& item : due) {
    std::string raw;
    Meta meta;
    bool live = store_->get(encode_meta_key(static_cast<uint8_t>(item.db), item.key), &raw) &&
                decode_meta_value(raw, &meta);
    if (live && meta.expire_at_ms != 0 && meta.expire_at_ms <= now_ms) {
      remove(item.db, item.key, meta);
      ++removed;
    } else {
      // An index entry that no longer matches its key would otherwise be
      // found first by every sweep and stall it.
      store_->del(item.index_key);
    }
  }
  return removed;
}

void Keyspace::flush(int db) {
  for (size_t d = 0; d < key_counts_.size(); ++d) {
    if (db >= 0 && static_cast<size_t>(db) != d) continue;
    std::vector<std::pair<std::string, Meta>> doomed;
    scan_keys(static_cast<int>(d), {}, 0, [&](std::string_view key, const Meta& meta) {
      doomed.emplace_back(std::string(key), meta);
      return true;
    });
    for (const auto& [key, meta] : doomed) remove(static_cast<int>(d), key, meta);
  }
  if (db < 0) {
    // No key of this shard is left: the filter may start over.
    filter_ = KeyFilter(filter_capacity_for(0));
    next_filter_.reset();
  }
}

size_t Keyspace::filter_capacity_for(size_t live_keys) const {
  return std::max(kKeyFilterRoomFactor * live_keys, min_filter_capacity_);
}

void Keyspace::maintain_key_filter(size_t budget) {
  if (!filter_ready_) return;
  if (!next_filter_) {
    if (filter_.added() <= filter_.capacity()) return;
    int64_t live = 0;
    for (int64_t count : key_counts_) live += std::max<int64_t>(count, 0);
    next_filter_ = std::make_unique<KeyFilter>(filter_capacity_for(static_cast<size_t>(live)));
    rebuild_cursor_.clear();
  }
  size_t visited = 0;
  bool finished = true;
  store_->scan("m", rebuild_cursor_, [&](std::string_view raw_key, std::string_view) {
    if (visited == budget) {
      rebuild_cursor_.assign(raw_key);
      finished = false;
      return false;
    }
    uint64_t hash = 0;
    if (filter_hash_of(raw_key, &hash)) next_filter_->add(hash);
    ++visited;
    return true;
  });
  if (finished) {
    filter_ = std::move(*next_filter_);
    next_filter_.reset();
  }
}

}  // namespace ringkv::store
