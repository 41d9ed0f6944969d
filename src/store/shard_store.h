// ShardStore: one storage shard = one LevelDB instance plus the write path
// that keeps the owning loop from ever blocking on the disk.
//
// Threading contract: every method except durable_seq() is called only by the
// thread that currently holds the shard: a loop holding its ShardLock, or a
// coordinator while every other loop is paused (both hand over through a
// mutex and so give the needed happens-before). The committer thread only
// sees submitted batches.
//
// Write path: put()/del() land in the pending batch of this tick and in the
// overlay that every read consults first. submit_batch() hands the pending
// batch to the committer, which writes it (fsync per the AppendFsync mode)
// and advances durable_seq(). reap_durable() then drops overlay entries
// whose batch reached the database. Replies that must be durable wait until
// durable_seq() >= the batch number they were written in.
//
// A failed write (disk full, I/O error) is never acknowledged: its batch stays
// queued and in the overlay, the shard reports write_error() (and
// any_write_failing() says so for the whole server), and the owner reopens
// the database once there is room again (reap_durable), after which the queued
// batches are written in order. Reads keep working meanwhile.
//
// Commands that write to several shards are made crash-atomic by an
// AtomicWriteScope around them (see open_recovery.h).
#pragma once

#include <leveldb/db.h>
#include <leveldb/iterator.h>
#include <leveldb/options.h>
#include <leveldb/status.h>
#include <leveldb/write_batch.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "store/row_cache.h"

namespace leveldb {
class Cache;
class FilterPolicy;
class Env;
class Logger;
}  // namespace leveldb

namespace ringkv::store {

enum class AppendFsync { kAlways, kEverySec, kNo };

// A reply may go out only once batch `batch_seq` of shard `shard` is durable.
struct DurabilityNeed {
  int shard;
  uint64_t batch_seq;
};

struct ShardOptions {
  size_t block_cache_bytes = 64 << 20;
  size_t row_cache_bytes = 64 << 20;
  size_t write_buffer_bytes = 32 << 20;
  size_t max_file_bytes = 8 << 20;
  leveldb::Env* env = nullptr;  // tests inject a fault-injecting Env
  int shard_index = 0;          // names the shard in log lines and intent records
  // Reports lost or damaged data and write failures (the server log); may be
  // called from any thread.
  std::function<void(const std::string&)> warn;
};

// Options for one of `shard_count` shards sharing `cache_bytes` of read
// cache (the cache-size setting): a quarter for LevelDB's block cache, the
// rest for decoded hot rows.
ShardOptions shard_options_for_cache(size_t cache_bytes, int shard_count);

// Around one command: when its writes reach two or more shards, each of
// their batches also gets the intent records that let a restart complete the
// command if a crash kept only some of the batches. Scopes nest (EXEC runs
// its commands inside its own scope): the outermost one counts. The thread
// must own every shard the command writes, as command execution guarantees.
class AtomicWriteScope {
 public:
  AtomicWriteScope();
  ~AtomicWriteScope();
  AtomicWriteScope(const AtomicWriteScope&) = delete;
  AtomicWriteScope& operator=(const AtomicWriteScope&) = delete;
};

class ShardStore {
 public:
  // Called on the committer thread after a batch became durable.
  using DurableCallback = std::function<void()>;

  ~ShardStore();
  ShardStore(const ShardStore&) = delete;
  ShardStore& operator=(const ShardStore&) = delete;

  // Opens (creating if missing) the LevelDB at `path`. On failure returns
  // nullptr and sets *error to one line naming the cause.
  static std::unique_ptr<ShardStore> open(const std::string& path, const ShardOptions& options,
                                          std::string* error);

  void set_fsync_mode(AppendFsync mode) { fsync_mode_.store(mode, std::memory_order_relaxed); }
  void set_durable_callback(DurableCallback callback);

  // Reads see pending and in-flight writes first.
  bool get(std::string_view key, std::string* value);
  // The same without copying a value the overlay or the row cache holds:
  // *value views it (or `storage`, for one read from LevelDB) until the
  // next change to this store. A nonzero `access_tick` is stamped on the
  // row's cache entry (see RowCache); *stamped says whether there was one.
  bool get_view(std::string_view key, std::string_view* value, std::string* storage,
                uint32_t access_tick = 0, bool* stamped = nullptr);
  // Returns whether the row's cache entry took `access_tick` (nonzero, and
  // only for metadata rows, which are cached on write).
  bool put(std::string_view key, std::string_view value, uint32_t access_tick = 0);
  void del(std::string_view key);
  // Writes the overlay still holds (one entry a key), waiting to be durable.
  size_t overlay_entries() const { return overlay_.size(); }
  // The access tick stamped on the row's cache entry; 0 if none.
  uint32_t row_access_tick(std::string_view key) const { return row_cache_.access_tick(key); }
  void set_row_eviction_hook(RowCache::EvictionHook hook) {
    row_cache_.set_eviction_hook(std::move(hook));
  }

  // Number that the batch holding the writes made so far in this tick gets.
  uint64_t pending_batch_seq() const { return next_batch_seq_; }
  bool has_pending_writes() const { return pending_count_ > 0; }
  // Counts every put()/del() ever made: tells whether a command wrote.
  uint64_t write_count() const { return write_count_; }
  // Last batch number written to LevelDB (and synced, under kAlways).
  uint64_t durable_seq() const { return durable_seq_.load(std::memory_order_acquire); }
  // Last batch number handed to the committer.
  uint64_t submitted_seq() const { return next_batch_seq_ - 1; }
  // Last batch number that is synced (under kNo: written), so that no crash
  // can lose it. Any thread.
  uint64_t settled_seq() const { return settled_seq_.load(std::memory_order_acquire); }
  // Error of the last failed write (disk full...), empty when healthy.
  std::string write_error() const;
  bool writes_failing() const { return writes_failing_.load(std::memory_order_acquire); }
  // True while any shard of the process cannot write (cheap; any thread).
  static bool any_write_failing();
  // The cause of the newest write failure, e.g. "No space left on device".
  static std::string write_failure_cause();
  // Command ids of multi-shard writes continue above `id` (after recovery).
  static void continue_intent_ids_above(uint64_t id);

  void submit_batch();
  // Drops overlay entries of written batches, removes intent records that
  // are no longer needed, and after a write failure retries the database.
  void reap_durable();
  // Blocks until every submitted batch is durable and synced (shutdown, SAVE).
  // False when a write failure persists: the unwritten batches are then
  // reported through ShardOptions::warn.
  bool flush_and_sync();

  // Visits keys with `prefix`, in byte order, starting at `start` (inclusive;
  // empty = from the prefix), with the overlay merged over a snapshot of the
  // database. The visitor returns false to stop; it must not write to this
  // store (collect keys first, then act).
  void scan(std::string_view prefix, std::string_view start,
            const std::function<bool(std::string_view key, std::string_view value)>& visit);
  // The same in descending order, starting below `end` (exclusive; empty =
  // from the last key with the prefix).
  void scan_reverse(std::string_view prefix, std::string_view end,
                    const std::function<bool(std::string_view key, std::string_view value)>& visit);

  leveldb::DB* db() { return db_.get(); }
  const RowCache& row_cache() const { return row_cache_; }

 private:
  struct OverlayEntry {
    std::optional<std::string> value;  // nullopt = pending delete
    uint64_t batch_seq;
  };
  // Transparent hashing lets reads probe the overlay with a string_view.
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view key) const { return std::hash<std::string_view>()(key); }
  };
  struct SubmittedBatch {
    uint64_t seq;
    leveldb::WriteBatch batch;
  };

  // A multi-shard command's intent record in this shard, removable once
  // every participant's batch of the command is settled.
  struct PendingIntent {
    uint64_t id;
    std::vector<std::pair<const ShardStore*, uint64_t>> participants;
  };
  friend class AtomicWriteScope;

  ShardStore() = default;
  void committer_main();
  void syncer_main();
  // Called by put()/del(): remembers this shard in the thread's open scope.
  void note_scoped_write();
  // The writes made to this shard since pending_keys_[first] (final values).
  std::vector<std::pair<std::string, std::optional<std::string>>> writes_since(size_t first) const;
  static void seal_scope();
  void remove_settled_intents();
  // Owner thread, committer idle: reopen the database after a failed write.
  bool reopen_after_failure(bool force);
  // Committer thread, mutex_ held: stop writing until a reopen.
  void record_write_failure(const leveldb::Status& status);
  void warn(const std::string& text) const;
  // An iterator over the database (empty while it has none).
  std::unique_ptr<leveldb::Iterator> new_iterator();
  using PendingEntries = std::vector<std::pair<std::string_view, const OverlayEntry*>>;
  // Overlay entries with `prefix` in [from, to) (to empty = no bound), sorted,
  // found by walking the whole overlay: for ranges ordered_overlay_ lacks.
  PendingEntries pending_in_range(std::string_view prefix, std::string_view from,
                                  std::string_view to) const;
  // The overlay entries a scan merges, in its order. Ranges outside the
  // metadata are read from ordered_overlay_ as the scan goes (a short scan
  // near many pending writes, as SPOP's draws are, must not copy them all);
  // metadata ranges are collected and sorted first.
  class PendingCursor {
   public:
    PendingCursor(const ShardStore& store, std::string_view prefix, std::string_view from,
                  std::string_view to, bool reverse);
    bool valid() const;
    std::string_view key() const;
    const OverlayEntry& entry() const;
    void advance();

   private:
    const ShardStore& store_;
    bool reverse_;
    bool ordered_;
    std::string_view prefix_;
    std::string to_;
    std::set<std::string_view>::const_iterator position_;  // reverse: one past
    std::set<std::string_view>::const_iterator first_;     // reverse: the bound
    PendingEntries collected_;
    size_t index_ = 0;
  };
  // Visits `pending` merged over `it` (positioned at the first database row)
  // while the database's keys have `prefix`: an overlay entry shadows the
  // row with its key, and a pending deletion hides it.
  static void merge_scan(PendingCursor& pending, leveldb::Iterator& it, std::string_view prefix,
                         bool reverse,
                         const std::function<bool(std::string_view, std::string_view)>& visit);
  void track_overlay_key(std::string_view key);

  std::unique_ptr<leveldb::Cache> block_cache_;
  std::unique_ptr<const leveldb::FilterPolicy> filter_policy_;
  std::unique_ptr<leveldb::Logger> info_log_;
  std::unique_ptr<leveldb::DB> db_;
  leveldb::Options db_options_;
  std::string path_;
  std::string name_;  // "shard-NN"
  int shard_index_ = 0;
  std::function<void(const std::string&)> warn_;

  // Owner-thread state.
  RowCache row_cache_{0};
  using Overlay = std::unordered_map<std::string, OverlayEntry, KeyHash, std::equal_to<>>;
  Overlay overlay_;
  // Overlay keys in order, except metadata ('m') keys: lets range scans of
  // collection members skip the overlay's unrelated entries. The views point
  // into overlay_'s nodes, which do not move.
  std::set<std::string_view> ordered_overlay_;
  // The keys each batch wrote, viewing overlay_'s own keys: a key's entry
  // outlives every batch that lists it, as reap_durable erases it only with
  // the batch of its last write.
  std::deque<std::pair<uint64_t, std::vector<std::string_view>>> overlay_keys_by_batch_;
  std::vector<std::string_view> pending_keys_;
  std::vector<Overlay::iterator> reaped_;  // reap_durable's scratch
  leveldb::WriteBatch pending_;
  size_t pending_count_ = 0;
  uint64_t write_count_ = 0;
  uint64_t next_batch_seq_ = 1;
  std::deque<PendingIntent> intents_;
  std::chrono::steady_clock::time_point last_space_check_{};
  std::chrono::steady_clock::time_point last_reopen_attempt_{};
  std::chrono::steady_clock::duration reopen_interval_ = std::chrono::milliseconds(500);

  // Shared with the committer.
  std::mutex mutex_;
  std::condition_variable wake_committer_;
  std::condition_variable batch_durable_;
  std::deque<SubmittedBatch> submitted_;
  size_t submitted_bytes_ = 0;
  // The committer rests after a write under everysec/no (see kCommitRest);
  // submit_batch() then wakes it only for a large backlog, flush_and_sync()
  // always (commit_now_).
  bool committer_resting_ = false;
  bool commit_now_ = false;
  bool stopping_ = false;
  std::string write_error_;
  // Set by the committer when a write fails; while set it writes nothing and
  // the owner may replace db_ (reopen_after_failure).
  bool failed_ = false;
  std::atomic<bool> writes_failing_{false};
  DurableCallback durable_callback_;
  std::atomic<uint64_t> durable_seq_{0};
  std::atomic<uint64_t> settled_seq_{0};
  std::atomic<AppendFsync> fsync_mode_{AppendFsync::kEverySec};
  std::condition_variable wake_syncer_;
  std::thread committer_;
  std::thread syncer_;
};

}  // namespace ringkv::store
