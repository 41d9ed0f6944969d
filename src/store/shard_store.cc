// ShardStore: overlay, batch hand-off, the committer thread, recovery from
// failed writes, and the intent records of multi-shard commands (ordered
// scans over the overlay and the database: shard_scan.cc).
#include "store/shard_store.h"

#include <leveldb/cache.h>
#include <leveldb/env.h>
#include <leveldb/filter_policy.h>
#include <leveldb/iterator.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <unordered_set>

#include "store/open_recovery.h"
#include "store/open_shard.h"

namespace ringkv::store {

namespace {
constexpr auto kEverySecInterval = std::chrono::milliseconds(1000);
// Under everysec and no, the committer rests this long after each write (or
// until this much is submitted), so that the batches of the loop ticks
// meanwhile go in one LevelDB write instead of one write, and a futex wake
// and sleep, per tick: at one request per tick (redis-benchmark -P 1) that
// cost the committer more CPU per SET than the write itself. Nothing waits
// for these writes (replies wait for none; reads see the overlay), and a
// crash loses about this much more of what everysec may lose anyway.
constexpr auto kCommitRest = std::chrono::milliseconds(1);
constexpr size_t kCommitRestBytes = 1 << 20;
// How often a failed shard retries its database, and wakes its owner to.
constexpr auto kRetryAfterWriteError = std::chrono::milliseconds(500);
constexpr auto kReopenBackoffLimit = std::chrono::seconds(30);
// Room a reopen needs besides the logs it turns into a table: a new
// MANIFEST, CURRENT and an empty log.
constexpr uint64_t kReopenHeadroomBytes = 1 << 20;

std::atomic<int> g_failing_shards{0};
std::mutex g_failure_mutex;
std::string g_failure_cause;  // guarded by g_failure_mutex
std::atomic<uint64_t> g_last_intent_id{0};

// The open AtomicWriteScope of this thread: each shard it wrote to, with
// where its writes start in that shard's pending batch.
struct ScopeTouch {
  ShardStore* store;
  size_t first_key;
  uint64_t batch_seq;
};
struct ThreadScope {
  int depth = 0;
  std::vector<ScopeTouch> touched;
};
thread_local ThreadScope t_scope;

// Ids increase in the order commands run, also across restarts (clock
// time, or one more than the last).
uint64_t next_intent_id() {
  auto now = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count());
  uint64_t last = g_last_intent_id.load();
  uint64_t id;
  do {
    id = std::max(now, last + 1);
  } while (!g_last_intent_id.compare_exchange_weak(last, id));
  return id;
}

// "IO error: /dir/000012.log: No space left on device" -> the last part.
std::string cause_of(const std::string& status_text) {
  size_t colon = status_text.rfind(": ");
  return colon == std::string::npos ? status_text : status_text.substr(colon + 2);
}

uint64_t bytes_of_logs(const std::string& path) {
  uint64_t total = 0;
  std::error_code code;
  for (const auto& entry : std::filesystem::directory_iterator(path, code)) {
    if (entry.path().extension() == ".log") total += entry.file_size(code);
  }
  return total;
}

// fdatasync()s every log of the shard (LevelDB may have switched to a new
// one since the last sync). Returns an error text, empty when all synced.
std::string sync_logs(const std::string& path) {
  std::error_code code;
  for (const auto& entry : std::filesystem::directory_iterator(path, code)) {
    if (entry.path().extension() != ".log") continue;
    int fd = ::open(entry.path().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;  // removed since the listing: its data is in a table
    int result = ::fdatasync(fd);
    int saved = errno;
    ::close(fd);
    if (result != 0) return entry.path().string() + ": " + std::strerror(saved);
  }
  return {};
}

uint64_t free_bytes(const std::string& path) {
  struct statvfs info{};
  if (statvfs(path.c_str(), &info) != 0) return 0;
  return static_cast<uint64_t>(info.f_bavail) * info.f_frsize;
}
}  // namespace

bool ShardStore::any_write_failing() { return g_failing_shards.load(std::memory_order_relaxed) > 0; }

std::string ShardStore::write_failure_cause() {
  std::lock_guard lock(g_failure_mutex);
  return g_failure_cause;
}

void ShardStore::continue_intent_ids_above(uint64_t id) {
  uint64_t last = g_last_intent_id.load();
  while (last < id && !g_last_intent_id.compare_exchange_weak(last, id)) {
  }
}

ShardOptions shard_options_for_cache(size_t cache_bytes, int shard_count) {
  ShardOptions options;
  options.block_cache_bytes = cache_bytes / 4 / static_cast<size_t>(shard_count);
  options.row_cache_bytes = cache_bytes / 4 * 3 / static_cast<size_t>(shard_count);
  return options;
}

std::unique_ptr<ShardStore> ShardStore::open(const std::string& path,
                                             const ShardOptions& options, std::string* error) {
  std::unique_ptr<ShardStore> store(new ShardStore());
  store->path_ = path;
  store->shard_index_ = options.shard_index;
  store->name_ = shard_name(static_cast<size_t>(options.shard_index));
  store->warn_ = options.warn;
  store->row_cache_ = RowCache(options.row_cache_bytes);
  store->block_cache_.reset(leveldb::NewLRUCache(options.block_cache_bytes));
  store->filter_policy_.reset(leveldb::NewBloomFilterPolicy(10));
  leveldb::Options& db_options = store->db_options_;
  db_options.create_if_missing = true;
  // A torn or damaged log tail is skipped (and reported), not fatal.
  db_options.paranoid_checks = false;
  db_options.block_cache = store->block_cache_.get();
  db_options.filter_policy = store->filter_policy_.get();
  db_options.write_buffer_size = options.write_buffer_bytes;
  db_options.max_file_size = options.max_file_bytes;
  if (options.env != nullptr) db_options.env = options.env;
  store->info_log_ = make_shard_info_log(db_options.env, path, store->name_, options.warn);
  db_options.info_log = store->info_log_.get();
  leveldb::Status status = open_shard_db(db_options, path, store->name_, options.warn, &store->db_);
  if (!status.ok()) {
    *error = "cannot open shard " + path + ": " + status.ToString();
    return nullptr;
  }
  store->committer_ = std::thread([raw = store.get()] { raw->committer_main(); });
  store->syncer_ = std::thread([raw = store.get()] { raw->syncer_main(); });
  return store;
}

ShardStore::~ShardStore() {
  if (committer_.joinable()) {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_committer_.notify_all();
    wake_syncer_.notify_all();
    committer_.join();
    syncer_.join();
  }
  if (writes_failing_.load()) g_failing_shards.fetch_sub(1);
  db_.reset();  // the DB must close before its cache, filter policy and log go
}

void ShardStore::set_durable_callback(DurableCallback callback) {
  std::lock_guard lock(mutex_);
  durable_callback_ = std::move(callback);
}

std::string ShardStore::write_error() const {
  std::lock_guard lock(const_cast<std::mutex&>(mutex_));
  return write_error_;
}

void ShardStore::warn(const std::string& text) const {
  if (warn_) warn_(name_ + ": " + text);
}

bool ShardStore::get(std::string_view key, std::string* value) {
  std::string_view view;
  if (!get_view(key, &view, value)) return false;
  if (view.data() != value->data()) value->assign(view.data(), view.size());
  return true;
}

bool ShardStore::get_view(std::string_view key, std::string_view* value, std::string* storage,
                          uint32_t access_tick, bool* stamped) {
  if (stamped != nullptr) *stamped = false;
  if (!overlay_.empty()) {
    auto it = overlay_.find(key);
    if (it != overlay_.end()) {
      if (!it->second.value) return false;
      *value = *it->second.value;
      // Written rows are cached too (see put): stamp that entry.
      if (access_tick != 0) {
        bool cached = row_cache_.stamp(key, access_tick);
        if (stamped != nullptr) *stamped = cached;
      }
      return true;
    }
  }
  if (std::optional<std::string_view> cached = row_cache_.find_and_stamp(key, access_tick)) {
    *value = *cached;
    if (stamped != nullptr) *stamped = access_tick != 0;
    return true;
  }
  if (!db_) return false;  // a reopen after a write failure failed too
  leveldb::Status status =
      db_->Get(leveldb::ReadOptions(), leveldb::Slice(key.data(), key.size()), storage);
  if (!status.ok()) return false;
  bool cached = row_cache_.insert(key, *storage, access_tick);
  if (stamped != nullptr) *stamped = cached && access_tick != 0;
  *value = *storage;
  return true;
}

bool ShardStore::put(std::string_view key, std::string_view value, uint32_t access_tick) {
  if (t_scope.depth > 0) note_scoped_write();
  pending_.Put(leveldb::Slice(key.data(), key.size()), leveldb::Slice(value.data(), value.size()));
  auto [it, inserted] = overlay_.try_emplace(std::string(key));
  if (inserted) track_overlay_key(it->first);
  it->second.value = std::string(value);
  it->second.batch_seq = next_batch_seq_;
  // Key metadata (and so every string value) is cached on write: a key just
  // written is the likeliest to be read next. Collection members only
  // refresh entries that reads brought in, so that a big LPUSH or HSET does
  // not flush the cache.
  bool stamped = false;
  if (key.starts_with('m')) {
    stamped = row_cache_.insert(key, value, access_tick) && access_tick != 0;
  } else {
    row_cache_.update_if_present(key, value);
  }
  pending_keys_.push_back(it->first);
  ++pending_count_;
  ++write_count_;
  return stamped;
}

void ShardStore::del(std::string_view key) {
  if (t_scope.depth > 0) note_scoped_write();
  pending_.Delete(leveldb::Slice(key.data(), key.size()));
  auto [it, inserted] = overlay_.try_emplace(std::string(key));
  if (inserted) track_overlay_key(it->first);
  it->second.value.reset();
  it->second.batch_seq = next_batch_seq_;
  row_cache_.erase(key);
  pending_keys_.push_back(it->first);
  ++pending_count_;
  ++write_count_;
}

void ShardStore::submit_batch() {
  if (pending_count_ == 0) return;
  uint64_t seq = next_batch_seq_++;
  overlay_keys_by_batch_.emplace_back(seq, std::move(pending_keys_));
  pending_keys_.clear();
  pending_count_ = 0;
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    submitted_bytes_ += pending_.ApproximateSize();
    submitted_.push_back(SubmittedBatch{seq, std::move(pending_)});
    wake = !committer_resting_ || submitted_bytes_ >= kCommitRestBytes;
  }
  pending_.Clear();
  if (wake) wake_committer_.notify_one();
}

// Marks an overlay entry found in the batch being reaped (no batch has it).
constexpr uint64_t kReapedBatch = UINT64_MAX;

void ShardStore::reap_durable() {
  uint64_t durable = durable_seq();
  while (!overlay_keys_by_batch_.empty() && overlay_keys_by_batch_.front().first <= durable) {
    uint64_t seq = overlay_keys_by_batch_.front().first;
    // A key goes with the batch of its last write (a later batch keeps it).
    // A key written twice in the batch is listed twice: its entry (which
    // the views point into) is erased only after the whole list is read.
    for (std::string_view key : overlay_keys_by_batch_.front().second) {
      auto it = overlay_.find(key);
      if (it != overlay_.end() && it->second.batch_seq == seq) {
        it->second.batch_seq = kReapedBatch;
        reaped_.push_back(it);
      }
    }
    for (Overlay::iterator it : reaped_) {
      if (!it->first.starts_with('m')) ordered_overlay_.erase(it->first);
      overlay_.erase(it);
    }
    reaped_.clear();
    overlay_keys_by_batch_.pop_front();
  }
  if (!intents_.empty()) remove_settled_intents();
  if (writes_failing_.load(std::memory_order_acquire)) reopen_after_failure(false);
}

bool ShardStore::flush_and_sync() {
  submit_batch();
  {
    std::lock_guard lock(mutex_);
    commit_now_ = true;  // no rest: this thread waits for the write
  }
  wake_committer_.notify_one();
  uint64_t target = next_batch_seq_ - 1;
  for (;;) {
    std::unique_lock lock(mutex_);
    batch_durable_.wait(lock, [&] { return durable_seq_.load() >= target || failed_; });
    if (durable_seq_.load() >= target) break;
    lock.unlock();
    // The committer waits for a reopen; this thread owns the shard now.
    if (!reopen_after_failure(true)) {
      std::lock_guard relock(mutex_);
      warn("could not write " + std::to_string(submitted_.size()) +
           " batches of unacknowledged writes: " + write_error_);
      return false;
    }
  }
  leveldb::WriteOptions sync_options;
  sync_options.sync = true;
  leveldb::WriteBatch empty;
  bool synced = db_ && db_->Write(sync_options, &empty).ok();
  if (synced) settled_seq_.store(target, std::memory_order_release);
  reap_durable();
  return synced;
}

bool ShardStore::reopen_after_failure(bool force) {
  auto now = std::chrono::steady_clock::now();
  if (!force && now - last_space_check_ < kRetryAfterWriteError) return false;
  last_space_check_ = now;
  std::string failure;
  {
    std::lock_guard lock(mutex_);
    if (!failed_) return true;
    failure = write_error_;
  }
  // Reopening turns the logs into a table: without room for it the reopen
  // would fail and leave the shard without a database to read from.
  uint64_t needed = bytes_of_logs(path_) + kReopenHeadroomBytes;
  if (free_bytes(path_) < needed) return false;
  // A reopen reads the whole shard (table check): when failures go on for
  // another cause than space (an I/O error), retry less and less often.
  if (!force && now - last_reopen_attempt_ < reopen_interval_) return false;
  reopen_interval_ = now - last_reopen_attempt_ > kReopenBackoffLimit * 2
                         ? kRetryAfterWriteError
                         : std::min<std::chrono::steady_clock::duration>(reopen_interval_ * 2,
                                                                         kReopenBackoffLimit);
  last_reopen_attempt_ = now;
  db_.reset();
  leveldb::Status status = open_shard_db(db_options_, path_, name_, warn_, &db_);
  if (!status.ok()) {
    warn("cannot reopen after a write failure, reads see only unwritten data until it "
         "can: " + status.ToString());
    return false;
  }
  {
    std::lock_guard lock(mutex_);
    failed_ = false;
    write_error_.clear();
  }
  writes_failing_.store(false, std::memory_order_release);
  g_failing_shards.fetch_sub(1);
  wake_committer_.notify_all();
  warn("writes resume (they had failed: " + failure + ")");
  return true;
}

void ShardStore::committer_main() {
  pthread_setname_np(pthread_self(), ("commit-" + name_).substr(0, 15).c_str());
  std::unique_lock lock(mutex_);
  for (;;) {
    if (failed_) {
      // Nothing is written until the owner reopened the database; wake it
      // now and then so that it retries even when idle.
      if (stopping_) break;
      DurableCallback callback = durable_callback_;
      lock.unlock();
      if (callback) callback();
      lock.lock();
      wake_committer_.wait_for(lock, kRetryAfterWriteError);
      continue;
    }
    if (submitted_.empty()) {
      if (stopping_) break;
      wake_committer_.wait(lock);
      continue;
    }
    std::deque<SubmittedBatch> group;
    group.swap(submitted_);
    submitted_bytes_ = 0;
    commit_now_ = false;
    lock.unlock();

    // Group commit: one write for everything submitted so far (one batch,
    // the usual case under a steady load, is written without a copy).
    leveldb::WriteBatch merged;
    if (group.size() > 1) {
      for (auto& item : group) merged.Append(item.batch);
    }
    leveldb::WriteBatch* to_write = group.size() > 1 ? &merged : &group.front().batch;
    AppendFsync mode = fsync_mode_.load();
    leveldb::WriteOptions write_options;
    // everysec syncs on syncer_main's thread: a sync write here would hold
    // up every later batch (and widen what a crash loses) for its duration.
    write_options.sync = mode == AppendFsync::kAlways;
    leveldb::Status status = db_->Write(write_options, to_write);

    lock.lock();
    if (!status.ok()) {
      // Keep the batches (their data is still in the overlay) until the
      // owner reopened the database: nothing unwritten is acknowledged.
      for (auto it = group.rbegin(); it != group.rend(); ++it) submitted_.push_front(std::move(*it));
      record_write_failure(status);
      continue;
    }
    durable_seq_.store(group.back().seq, std::memory_order_release);
    if (mode != AppendFsync::kEverySec) {
      settled_seq_.store(group.back().seq, std::memory_order_release);
    }
    batch_durable_.notify_all();
    DurableCallback callback = durable_callback_;
    lock.unlock();
    if (callback) callback();
    lock.lock();
    if (mode != AppendFsync::kAlways) {
      committer_resting_ = true;
      wake_committer_.wait_for(lock, kCommitRest, [&] {
        return stopping_ || commit_now_ || submitted_bytes_ >= kCommitRestBytes;
      });
      committer_resting_ = false;
    }
  }
  batch_durable_.notify_all();
}

// Under everysec: once a second, fdatasync the shard's logs (LevelDB has
// written every durable batch to them) from this thread, so that writes go
// on meanwhile. A failed sync counts as a failed write.
void ShardStore::syncer_main() {
  pthread_setname_np(pthread_self(), ("sync-" + name_).substr(0, 15).c_str());
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_syncer_.wait_for(lock, kEverySecInterval);
    uint64_t written = durable_seq_.load();
    if (stopping_ || failed_ || fsync_mode_.load() != AppendFsync::kEverySec ||
        settled_seq_.load() >= written) {
      continue;
    }
    lock.unlock();
    std::string error = sync_logs(path_);
    lock.lock();
    if (error.empty()) {
      uint64_t settled = settled_seq_.load();
      if (written > settled) settled_seq_.store(written, std::memory_order_release);
    } else if (!failed_) {
      record_write_failure(leveldb::Status::IOError(error));
    }
  }
}

// Committer thread, mutex_ held.
void ShardStore::record_write_failure(const leveldb::Status& status) {
  write_error_ = status.ToString();
  failed_ = true;
  if (!writes_failing_.exchange(true)) {
    g_failing_shards.fetch_add(1);
    {
      std::lock_guard lock(g_failure_mutex);
      g_failure_cause = cause_of(write_error_);
    }
    warn("write failed, writes are refused until it can write again: " + write_error_);
  }
  batch_durable_.notify_all();
}

AtomicWriteScope::AtomicWriteScope() { ++t_scope.depth; }

AtomicWriteScope::~AtomicWriteScope() {
  if (--t_scope.depth > 0) return;
  if (t_scope.touched.size() > 1) ShardStore::seal_scope();
  t_scope.touched.clear();
}

void ShardStore::note_scoped_write() {
  for (const ScopeTouch& touch : t_scope.touched) {
    if (touch.store == this) return;
  }
  t_scope.touched.push_back(ScopeTouch{this, pending_keys_.size(), next_batch_seq_});
}

std::vector<std::pair<std::string, std::optional<std::string>>> ShardStore::writes_since(
    size_t first) const {
  std::vector<std::pair<std::string, std::optional<std::string>>> writes;
  std::unordered_set<std::string_view> seen;
  // The overlay holds each key's final value in this command: the shard
  // is not written by anyone else while the command runs.
  for (size_t i = pending_keys_.size(); i-- > first;) {
    std::string_view key = pending_keys_[i];
    if (!seen.insert(key).second) continue;
    auto it = overlay_.find(key);
    if (it != overlay_.end()) writes.emplace_back(std::string(key), it->second.value);
  }
  std::reverse(writes.begin(), writes.end());
  return writes;
}

// The thread's outermost scope closes having written to several shards.
void ShardStore::seal_scope() {
  std::vector<IntentPart> parts;
  std::vector<ShardStore*> stores;
  std::vector<std::pair<const ShardStore*, uint64_t>> participants;
  for (const ScopeTouch& touch : t_scope.touched) {
    // A part already handed to the committer (SAVE inside EXEC) cannot get
    // its record any more; the others still do.
    if (touch.store->next_batch_seq_ != touch.batch_seq) continue;
    IntentPart part;
    part.shard = static_cast<uint32_t>(touch.store->shard_index_);
    part.writes = touch.store->writes_since(touch.first_key);
    parts.push_back(std::move(part));
    stores.push_back(touch.store);
    participants.emplace_back(touch.store, touch.batch_seq);
  }
  if (stores.size() < 2) return;
  uint64_t id = next_intent_id();
  std::string id_value;
  append_u64_be(&id_value, id);
  for (size_t holder = 0; holder < stores.size(); ++holder) {
    std::vector<const IntentPart*> others;
    for (size_t p = 0; p < parts.size(); ++p) {
      if (p != holder) others.push_back(&parts[p]);
    }
    ShardStore& store = *stores[holder];
    store.put(encode_intent_key(id), encode_intent(others));
    store.put(kNewestIntentKey, id_value);
    store.intents_.push_back(PendingIntent{id, participants});
  }
}

void ShardStore::remove_settled_intents() {
  while (!intents_.empty()) {
    const PendingIntent& intent = intents_.front();
    bool settled = std::all_of(intent.participants.begin(), intent.participants.end(),
                               [](const auto& p) { return p.first->settled_seq() >= p.second; });
    if (!settled) return;
    del(encode_intent_key(intent.id));
    intents_.pop_front();
  }
}

std::unique_ptr<leveldb::Iterator> ShardStore::new_iterator() {
  if (!db_) return std::unique_ptr<leveldb::Iterator>(leveldb::NewEmptyIterator());
  return std::unique_ptr<leveldb::Iterator>(db_->NewIterator(leveldb::ReadOptions()));
}

void ShardStore::track_overlay_key(std::string_view key) {
  if (!key.starts_with('m')) ordered_overlay_.insert(key);
}

}  // namespace ringkv::store
