// ShardStore: overlay, batch hand-off and the committer thread.
#include "store/shard_store.h"

#include <leveldb/cache.h>
#include <leveldb/filter_policy.h>
#include <leveldb/iterator.h>
#include <leveldb/options.h>

#include <algorithm>
#include <chrono>

namespace ringkv::store {

namespace {
constexpr auto kEverySecInterval = std::chrono::milliseconds(1000);
constexpr auto kRetryAfterWriteError = std::chrono::milliseconds(200);
}  // namespace

std::unique_ptr<ShardStore> ShardStore::open(const std::string& path,
                                             const ShardOptions& options, std::string* error) {
  std::unique_ptr<ShardStore> store(new ShardStore());
  store->row_cache_ = RowCache(options.row_cache_bytes);
  store->block_cache_.reset(leveldb::NewLRUCache(options.block_cache_bytes));
  store->filter_policy_.reset(leveldb::NewBloomFilterPolicy(10));
  leveldb::Options db_options;
  db_options.create_if_missing = true;
  db_options.block_cache = store->block_cache_.get();
  db_options.filter_policy = store->filter_policy_.get();
  db_options.write_buffer_size = options.write_buffer_bytes;
  db_options.max_file_size = options.max_file_bytes;
  if (options.env != nullptr) db_options.env = options.env;
  leveldb::DB* db = nullptr;
  leveldb::Status status = leveldb::DB::Open(db_options, path, &db);
  if (!status.ok()) {
    *error = "cannot open shard " + path + ": " + status.ToString();
    return nullptr;
  }
  store->db_.reset(db);
  store->committer_ = std::thread([raw = store.get()] { raw->committer_main(); });
  return store;
}

ShardStore::~ShardStore() {
  if (committer_.joinable()) {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_committer_.notify_all();
    committer_.join();
  }
  db_.reset();  // the DB must close before its cache and filter policy go
}

void ShardStore::set_durable_callback(DurableCallback callback) {
  std::lock_guard lock(mutex_);
  durable_callback_ = std::move(callback);
}

std::string ShardStore::write_error() const {
  std::lock_guard lock(const_cast<std::mutex&>(mutex_));
  return write_error_;
}

bool ShardStore::get(std::string_view key, std::string* value) {
  if (!overlay_.empty()) {
    auto it = overlay_.find(key);
    if (it != overlay_.end()) {
      if (!it->second.value) return false;
      *value = *it->second.value;
      return true;
    }
  }
  if (const std::string* cached = row_cache_.find(key)) {
    *value = *cached;
    return true;
  }
  leveldb::Status status =
      db_->Get(leveldb::ReadOptions(), leveldb::Slice(key.data(), key.size()), value);
  if (!status.ok()) return false;
  row_cache_.insert(key, *value);
  return true;
}

void ShardStore::put(std::string_view key, std::string_view value) {
  pending_.Put(leveldb::Slice(key.data(), key.size()), leveldb::Slice(value.data(), value.size()));
  auto [it, inserted] = overlay_.try_emplace(std::string(key));
  if (inserted) track_overlay_key(it->first);
  it->second.value = std::string(value);
  it->second.batch_seq = next_batch_seq_;
  row_cache_.update_if_present(key, value);
  pending_keys_.push_back(it->first);
  ++pending_count_;
  ++write_count_;
}

void ShardStore::del(std::string_view key) {
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
  {
    std::lock_guard lock(mutex_);
    submitted_.push_back(SubmittedBatch{seq, std::move(pending_)});
  }
  pending_.Clear();
  wake_committer_.notify_one();
}

void ShardStore::reap_durable() {
  uint64_t durable = durable_seq();
  while (!overlay_keys_by_batch_.empty() && overlay_keys_by_batch_.front().first <= durable) {
    for (const std::string& key : overlay_keys_by_batch_.front().second) {
      auto it = overlay_.find(key);
      // A later batch may have rewritten the key: that entry must stay.
      if (it != overlay_.end() && it->second.batch_seq <= durable) {
        if (!it->first.starts_with('m')) ordered_overlay_.erase(it->first);
        overlay_.erase(it);
      }
    }
    overlay_keys_by_batch_.pop_front();
  }
}

void ShardStore::flush_and_sync() {
  submit_batch();
  uint64_t target = next_batch_seq_ - 1;
  std::unique_lock lock(mutex_);
  batch_durable_.wait(lock, [&] {
    return durable_seq_.load() >= target || (!write_error_.empty() && stopping_);
  });
  lock.unlock();
  leveldb::WriteOptions sync_options;
  sync_options.sync = true;
  leveldb::WriteBatch empty;
  db_->Write(sync_options, &empty);
  reap_durable();
}

void ShardStore::committer_main() {
  auto last_sync = std::chrono::steady_clock::now();
  bool unsynced = false;
  std::unique_lock lock(mutex_);
  for (;;) {
    if (submitted_.empty()) {
      if (stopping_) break;
      // Under everysec an idle shard still syncs what it wrote within ~1 s.
      if (unsynced) {
        wake_committer_.wait_for(lock, kEverySecInterval);
      } else {
        wake_committer_.wait(lock);
      }
      if (submitted_.empty()) {
        if (unsynced && fsync_mode_.load() == AppendFsync::kEverySec &&
            std::chrono::steady_clock::now() - last_sync >= kEverySecInterval) {
          lock.unlock();
          leveldb::WriteOptions sync_options;
          sync_options.sync = true;
          leveldb::WriteBatch empty;
          db_->Write(sync_options, &empty);
          last_sync = std::chrono::steady_clock::now();
          unsynced = false;
          lock.lock();
        }
        continue;
      }
    }
    // Group commit: everything submitted so far goes in one write.
    std::deque<SubmittedBatch> group;
    group.swap(submitted_);
    lock.unlock();

    leveldb::WriteBatch merged;
    for (auto& item : group) merged.Append(item.batch);
    AppendFsync mode = fsync_mode_.load();
    auto now = std::chrono::steady_clock::now();
    leveldb::WriteOptions write_options;
    write_options.sync = mode == AppendFsync::kAlways ||
                         (mode == AppendFsync::kEverySec && now - last_sync >= kEverySecInterval);
    leveldb::Status status = db_->Write(write_options, &merged);

    lock.lock();
    if (!status.ok()) {
      // Keep the batches (their data is still in the overlay) and retry: a
      // full disk must not lose writes that were acknowledged.
      write_error_ = status.ToString();
      for (auto it = group.rbegin(); it != group.rend(); ++it) submitted_.push_front(std::move(*it));
      if (stopping_) break;
      wake_committer_.wait_for(lock, kRetryAfterWriteError);
      continue;
    }
    write_error_.clear();
    if (write_options.sync) {
      last_sync = now;
      unsynced = false;
    } else {
      unsynced = mode != AppendFsync::kNo;
    }
    durable_seq_.store(group.back().seq, std::memory_order_release);
    batch_durable_.notify_all();
    DurableCallback callback = durable_callback_;
    lock.unlock();
    if (callback) callback();
    lock.lock();
  }
  batch_durable_.notify_all();
}

void ShardStore::track_overlay_key(std::string_view key) {
  if (!key.starts_with('m')) ordered_overlay_.insert(key);
}

ShardStore::PendingEntries ShardStore::pending_in_range(std::string_view prefix,
                                                        std::string_view from,
                                                        std::string_view to) const {
  PendingEntries pending;
  auto in_range = [&](std::string_view key) {
    return key.starts_with(prefix) && key >= from && (to.empty() || key < to);
  };
  if (!prefix.starts_with('m') && !prefix.empty()) {
    for (auto it = ordered_overlay_.lower_bound(from);
         it != ordered_overlay_.end() && it->starts_with(prefix); ++it) {
      if (!to.empty() && *it >= to) break;
      pending.emplace_back(*it, &overlay_.find(*it)->second);
    }
    return pending;
  }
  for (const auto& [key, entry] : overlay_) {
    if (in_range(key)) pending.emplace_back(key, &entry);
  }
  std::sort(pending.begin(), pending.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return pending;
}

void ShardStore::scan(std::string_view prefix, std::string_view start,
                      const std::function<bool(std::string_view, std::string_view)>& visit) {
  std::string from = start.empty() ? std::string(prefix) : std::string(start);
  // Overlay entries in range shadow the database's.
  PendingEntries pending = pending_in_range(prefix, from, {});
  std::unique_ptr<leveldb::Iterator> it(db_->NewIterator(leveldb::ReadOptions()));
  it->Seek(leveldb::Slice(from));
  size_t next = 0;
  for (;;) {
    bool db_valid = it->Valid() && it->key().starts_with(leveldb::Slice(prefix.data(), prefix.size()));
    bool pending_valid = next < pending.size();
    if (!db_valid && !pending_valid) return;
    std::string_view db_key =
        db_valid ? std::string_view(it->key().data(), it->key().size()) : std::string_view();
    if (pending_valid && (!db_valid || pending[next].first <= db_key)) {
      bool same = db_valid && pending[next].first == db_key;
      const OverlayEntry* entry = pending[next].second;
      if (entry->value && !visit(pending[next].first, *entry->value)) return;
      ++next;
      if (same) it->Next();
    } else {
      if (!visit(db_key, std::string_view(it->value().data(), it->value().size()))) return;
      it->Next();
    }
  }
}

namespace {

// The smallest string greater than every string starting with `prefix`
// (empty when there is none: the prefix is all 0xff bytes).
std::string prefix_successor(std::string_view prefix) {
  std::string next(prefix);
  while (!next.empty()) {
    auto last = static_cast<unsigned char>(next.back());
    if (last != 0xff) {
      next.back() = static_cast<char>(last + 1);
      return next;
    }
    next.pop_back();
  }
  return next;
}

}  // namespace

void ShardStore::scan_reverse(std::string_view prefix, std::string_view end,
                              const std::function<bool(std::string_view, std::string_view)>& visit) {
  std::string upper = end.empty() ? prefix_successor(prefix) : std::string(end);
  PendingEntries pending = pending_in_range(prefix, prefix, upper);
  std::unique_ptr<leveldb::Iterator> it(db_->NewIterator(leveldb::ReadOptions()));
  if (upper.empty()) {
    it->SeekToLast();
  } else {
    it->Seek(leveldb::Slice(upper));
    if (it->Valid()) {
      it->Prev();
    } else {
      it->SeekToLast();
    }
  }
  size_t remaining = pending.size();
  for (;;) {
    bool db_valid = it->Valid() && it->key().starts_with(leveldb::Slice(prefix.data(), prefix.size()));
    bool pending_valid = remaining > 0;
    if (!db_valid && !pending_valid) return;
    std::string_view db_key =
        db_valid ? std::string_view(it->key().data(), it->key().size()) : std::string_view();
    if (pending_valid && (!db_valid || pending[remaining - 1].first >= db_key)) {
      const auto& [key, entry] = pending[remaining - 1];
      bool same = db_valid && key == db_key;
      if (entry->value && !visit(key, *entry->value)) return;
      --remaining;
      if (same) it->Prev();
    } else {
      if (!visit(db_key, std::string_view(it->value().data(), it->value().size()))) return;
      it->Prev();
    }
  }
}

}  // namespace ringkv::store
