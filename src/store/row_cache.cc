// RowCache: bounded write-through cache; see the header.
#include "store/row_cache.h"

#include <cstdlib>
#include <cstring>
#include <functional>
#include <new>
#include <utility>

namespace ringkv::store {

struct RowCache::Entry {
  uint32_t key_size;
  uint32_t value_size;
  uint32_t access_tick;
  // key bytes, then value bytes, follow.
  char* bytes() { return reinterpret_cast<char*>(this + 1); }
  std::string_view key() { return {bytes(), key_size}; }
  std::string_view value() { return {bytes() + key_size, value_size}; }

  static Entry* make(std::string_view key, std::string_view value, uint32_t access_tick) {
    void* memory = std::malloc(sizeof(Entry) + key.size() + value.size());
    if (memory == nullptr) throw std::bad_alloc();
    auto* entry = new (memory) Entry{static_cast<uint32_t>(key.size()),
                                     static_cast<uint32_t>(value.size()), access_tick};
    std::memcpy(entry->bytes(), key.data(), key.size());
    if (!value.empty()) std::memcpy(entry->bytes() + key.size(), value.data(), value.size());
    return entry;
  }
};

RowCache::~RowCache() { clear(); }

RowCache::RowCache(RowCache&& other) noexcept
    : capacity_bytes_(other.capacity_bytes_),
      bytes_(std::exchange(other.bytes_, 0)),
      entries_(std::exchange(other.entries_, 0)),
      eviction_cursor_(other.eviction_cursor_),
      slots_(std::move(other.slots_)),
      eviction_hook_(std::move(other.eviction_hook_)) {
  other.slots_.clear();
}

RowCache& RowCache::operator=(RowCache&& other) noexcept {
  if (this != &other) {
    clear();
    capacity_bytes_ = other.capacity_bytes_;
    bytes_ = std::exchange(other.bytes_, 0);
    entries_ = std::exchange(other.entries_, 0);
    eviction_cursor_ = other.eviction_cursor_;
    slots_ = std::move(other.slots_);
    other.slots_.clear();
    eviction_hook_ = std::move(other.eviction_hook_);
  }
  return *this;
}

uint64_t RowCache::hash_of(std::string_view key) { return std::hash<std::string_view>()(key); }

size_t RowCache::probe(std::string_view key, uint64_t hash) const {
  size_t mask = slots_.size() - 1;
  for (size_t index = hash & mask;; index = (index + 1) & mask) {
    const Slot& slot = slots_[index];
    if (slot.entry == nullptr) return index;
    if (slot.hash == hash && slot.entry->key() == key) return index;
  }
}

std::optional<std::string_view> RowCache::find(std::string_view key) const {
  if (entries_ == 0) return std::nullopt;
  const Slot& slot = slots_[probe(key, hash_of(key))];
  if (slot.entry == nullptr) return std::nullopt;
  return slot.entry->value();
}

std::optional<std::string_view> RowCache::find_and_stamp(std::string_view key,
                                                         uint32_t access_tick) {
  if (entries_ == 0) return std::nullopt;
  Slot& slot = slots_[probe(key, hash_of(key))];
  if (slot.entry == nullptr) return std::nullopt;
  if (access_tick != 0) slot.entry->access_tick = access_tick;
  return slot.entry->value();
}

bool RowCache::stamp(std::string_view key, uint32_t access_tick) {
  return find_and_stamp(key, access_tick).has_value();
}

uint32_t RowCache::access_tick(std::string_view key) const {
  if (entries_ == 0) return 0;
  const Slot& slot = slots_[probe(key, hash_of(key))];
  return slot.entry == nullptr ? 0 : slot.entry->access_tick;
}

bool RowCache::insert(std::string_view key, std::string_view value, uint32_t access_tick) {
  if (capacity_bytes_ == 0 || cost(key, value) > capacity_bytes_ / 8) {
    erase(key);  // an older, smaller value of this key must not stay behind
    return false;
  }
  // At most half full, so that probes stay short.
  if ((entries_ + 1) * 2 > slots_.size()) grow();
  uint64_t hash = hash_of(key);
  put_at(probe(key, hash), hash, key, value, access_tick);
  if (bytes_ > capacity_bytes_) evict_some();
  return true;
}

void RowCache::update_if_present(std::string_view key, std::string_view value) {
  if (entries_ == 0) return;
  uint64_t hash = hash_of(key);
  size_t index = probe(key, hash);
  if (slots_[index].entry == nullptr) return;
  if (cost(key, value) > capacity_bytes_ / 8) {
    remove_at(index);
    return;
  }
  put_at(index, hash, key, value, 0);
  if (bytes_ > capacity_bytes_) evict_some();
}

void RowCache::erase(std::string_view key) {
  if (entries_ == 0) return;
  size_t index = probe(key, hash_of(key));
  if (slots_[index].entry != nullptr) remove_at(index);
}

void RowCache::put_at(size_t index, uint64_t hash, std::string_view key, std::string_view value,
                      uint32_t access_tick) {
  Slot& slot = slots_[index];
  if (slot.entry != nullptr) {
    bytes_ -= cost(key, slot.entry->value());
    if (access_tick == 0) access_tick = slot.entry->access_tick;
    if (slot.entry->value_size == value.size()) {
      // Same size (a counter, a fixed-size record): overwrite in place.
      if (!value.empty()) std::memcpy(slot.entry->bytes() + key.size(), value.data(), value.size());
      slot.entry->access_tick = access_tick;
      bytes_ += cost(key, value);
      return;
    }
    std::free(slot.entry);
  } else {
    ++entries_;
  }
  slot = Slot{hash, Entry::make(key, value, access_tick)};
  bytes_ += cost(key, value);
}

void RowCache::remove_at(size_t index) {
  Entry* entry = slots_[index].entry;
  bytes_ -= cost(entry->key(), entry->value());
  std::free(entry);
  --entries_;
  // Backward-shift deletion: move later members of the probe run into the
  // hole so that every key stays reachable from its home slot without
  // tombstones.
  size_t mask = slots_.size() - 1;
  size_t hole = index;
  for (size_t next = (hole + 1) & mask; slots_[next].entry != nullptr; next = (next + 1) & mask) {
    size_t home = slots_[next].hash & mask;
    // Movable when its home is not in (hole, next], cyclically.
    bool home_after_hole = hole <= next ? (home > hole && home <= next) : (home > hole || home <= next);
    if (!home_after_hole) {
      slots_[hole] = slots_[next];
      hole = next;
    }
  }
  slots_[hole] = Slot{};
}

void RowCache::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
  size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.entry == nullptr) continue;
    size_t index = slot.hash & mask;
    while (slots_[index].entry != nullptr) index = (index + 1) & mask;
    slots_[index] = slot;
  }
}

void RowCache::clear() {
  for (Slot& slot : slots_) {
    std::free(slot.entry);
    slot = Slot{};
  }
  bytes_ = 0;
  entries_ = 0;
}

void RowCache::evict_some() {
  // Evict at slots picked by a moving cursor: cheap, and spread over the
  // table so that no key range is favoured. Frees down to 90 % to amortize.
  size_t target = capacity_bytes_ / 10 * 9;
  size_t mask = slots_.size() - 1;
  while (bytes_ > target && entries_ > 0) {
    size_t index = static_cast<size_t>(eviction_cursor_++ * 0x9E3779B97F4A7C15ull) & mask;
    Entry* entry = slots_[index].entry;
    if (entry == nullptr) continue;
    if (entry->access_tick != 0 && eviction_hook_) eviction_hook_(entry->key(), entry->access_tick);
    remove_at(index);
  }
}

}  // namespace ringkv::store
