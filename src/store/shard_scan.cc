// ShardStore's ordered scans: the overlay's pending entries merged over a
// LevelDB iterator, forwards and backwards; see shard_store.h.
#include <leveldb/iterator.h>

#include <algorithm>
#include <iterator>

#include "store/encoding.h"
#include "store/shard_store.h"

namespace ringkv::store {

ShardStore::PendingEntries ShardStore::pending_in_range(std::string_view prefix,
                                                        std::string_view from,
                                                        std::string_view to) const {
  PendingEntries pending;
  auto in_range = [&](std::string_view key) {
    return key.starts_with(prefix) && key >= from && (to.empty() || key < to);
  };
  for (const auto& [key, entry] : overlay_) {
    if (in_range(key)) pending.emplace_back(key, &entry);
  }
  std::sort(pending.begin(), pending.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return pending;
}

ShardStore::PendingCursor::PendingCursor(const ShardStore& store, std::string_view prefix,
                                         std::string_view from, std::string_view to, bool reverse)
    : store_(store), reverse_(reverse), ordered_(!prefix.empty() && !prefix.starts_with('m')),
      prefix_(prefix), to_(to) {
  if (!ordered_) {
    collected_ = store.pending_in_range(prefix, from, to);
    index_ = reverse ? collected_.size() : 0;
    return;
  }
  const auto& ordered = store.ordered_overlay_;
  if (!reverse) {
    position_ = ordered.lower_bound(from);
    return;
  }
  first_ = ordered.lower_bound(from);
  position_ = to.empty() ? ordered.end() : ordered.lower_bound(to);
}

bool ShardStore::PendingCursor::valid() const {
  if (!ordered_) return reverse_ ? index_ > 0 : index_ < collected_.size();
  if (reverse_) return position_ != first_;
  return position_ != store_.ordered_overlay_.end() && position_->starts_with(prefix_) &&
         (to_.empty() || *position_ < to_);
}

std::string_view ShardStore::PendingCursor::key() const {
  if (!ordered_) return collected_[reverse_ ? index_ - 1 : index_].first;
  return reverse_ ? *std::prev(position_) : *position_;
}

const ShardStore::OverlayEntry& ShardStore::PendingCursor::entry() const {
  if (!ordered_) return *collected_[reverse_ ? index_ - 1 : index_].second;
  return store_.overlay_.find(key())->second;
}

void ShardStore::PendingCursor::advance() {
  if (!ordered_) {
    reverse_ ? --index_ : ++index_;
  } else {
    reverse_ ? --position_ : ++position_;
  }
}

void ShardStore::merge_scan(
    PendingCursor& pending, leveldb::Iterator& it, std::string_view prefix, bool reverse,
    const std::function<bool(std::string_view, std::string_view)>& visit) {
  auto step = [&] { reverse ? it.Prev() : it.Next(); };
  for (;;) {
    bool db_valid = it.Valid() && it.key().starts_with(leveldb::Slice(prefix.data(), prefix.size()));
    bool pending_valid = pending.valid();
    if (!db_valid && !pending_valid) return;
    std::string_view db_key =
        db_valid ? std::string_view(it.key().data(), it.key().size()) : std::string_view();
    bool pending_first =
        pending_valid && (!db_valid || (reverse ? pending.key() >= db_key : pending.key() <= db_key));
    if (pending_first) {
      bool same = db_valid && pending.key() == db_key;
      const OverlayEntry& entry = pending.entry();
      if (entry.value && !visit(pending.key(), *entry.value)) return;
      pending.advance();
      if (same) step();
    } else {
      if (!visit(db_key, std::string_view(it.value().data(), it.value().size()))) return;
      step();
    }
  }
}

void ShardStore::scan(std::string_view prefix, std::string_view start,
                      const std::function<bool(std::string_view, std::string_view)>& visit) {
  std::string from = start.empty() ? std::string(prefix) : std::string(start);
  PendingCursor pending(*this, prefix, from, {}, false);
  std::unique_ptr<leveldb::Iterator> it = new_iterator();
  it->Seek(leveldb::Slice(from));
  merge_scan(pending, *it, prefix, false, visit);
}

void ShardStore::scan_reverse(std::string_view prefix, std::string_view end,
                              const std::function<bool(std::string_view, std::string_view)>& visit) {
  std::string upper = end.empty() ? prefix_successor(prefix) : std::string(end);
  PendingCursor pending(*this, prefix, prefix, upper, true);
  std::unique_ptr<leveldb::Iterator> it = new_iterator();
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
  merge_scan(pending, *it, prefix, true, visit);
}

}  // namespace ringkv::store
