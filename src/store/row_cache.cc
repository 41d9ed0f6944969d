// RowCache: bounded write-through cache; see the header.
#include "store/row_cache.h"

namespace ringkv::store {

const std::string* RowCache::find(std::string_view key) const {
  auto it = map_.find(key);
  return it == map_.end() ? nullptr : &it->second;
}

void RowCache::insert(std::string_view key, std::string_view value) {
  if (capacity_bytes_ == 0 || cost(key, value) > capacity_bytes_ / 8) {
    erase(key);  // an older, smaller value of this key must not stay behind
    return;
  }
  auto it = map_.find(key);
  if (it != map_.end()) {
    bytes_ = bytes_ - it->second.size() + value.size();
    it->second.assign(value.data(), value.size());
  } else {
    map_.emplace(std::string(key), std::string(value));
    bytes_ += cost(key, value);
  }
  if (bytes_ > capacity_bytes_) evict_some();
}

void RowCache::erase(std::string_view key) {
  auto it = map_.find(key);
  if (it == map_.end()) return;
  bytes_ -= cost(it->first, it->second);
  map_.erase(it);
}

void RowCache::update_if_present(std::string_view key, std::string_view value) {
  auto it = map_.find(key);
  if (it == map_.end()) return;
  if (cost(key, value) > capacity_bytes_ / 8) {
    erase(key);
    return;
  }
  bytes_ = bytes_ - it->second.size() + value.size();
  it->second.assign(value.data(), value.size());
  if (bytes_ > capacity_bytes_) evict_some();
}

void RowCache::clear() {
  map_.clear();
  bytes_ = 0;
}

void RowCache::evict_some() {
  // Evict from buckets picked by a moving cursor: cheap, and spread over the
  // table so that no key range is favoured. Frees down to 90 % to amortize.
  size_t target = capacity_bytes_ / 10 * 9;
  while (bytes_ > target && !map_.empty()) {
    size_t buckets = map_.bucket_count();
    size_t bucket = static_cast<size_t>(eviction_cursor_++ * 0x9E3779B97F4A7C15ull % buckets);
    auto local = map_.begin(bucket);
    if (local == map_.end(bucket)) continue;
    erase(std::string(local->first));
  }
}

}  // namespace ringkv::store
