// AccessClock; see access_clock.h.
#include "store/access_clock.h"

#include "util/murmur64.h"

namespace ringkv::store {

namespace {

// The db seeds the hash, so the same name in two dbs is two keys.
uint64_t key_hash(int db, std::string_view key) {
  return murmur_hash64a(key, 0x9747b28cu + static_cast<uint32_t>(db));
}

}  // namespace

AccessClock::AccessClock(size_t slots, uint64_t started_ms)
    : slots_(slots < 2 ? 2 : slots + slots % 2), started_ms_(started_ms) {}

uint32_t AccessClock::tick_of(uint64_t now_ms) const {
  uint64_t seconds = now_ms > started_ms_ ? (now_ms - started_ms_) / 1000 : 0;
  return static_cast<uint32_t>(seconds + 1);
}

size_t AccessClock::first_of_pair(uint64_t hash) const {
  return (hash % (slots_.size() / 2)) * 2;
}

void AccessClock::record(int db, std::string_view key, uint32_t tick) {
  uint64_t hash = key_hash(db, key);
  auto print = static_cast<uint32_t>(hash >> 32);
  Slot* pair = &slots_[first_of_pair(hash)];
  auto holds_key = [&](const Slot& slot) { return slot.tick != 0 && slot.fingerprint == print; };
  Slot* slot = nullptr;
  if (holds_key(pair[0])) {
    slot = &pair[0];
  } else if (holds_key(pair[1])) {
    slot = &pair[1];
  } else {
    slot = pair[0].tick <= pair[1].tick ? &pair[0] : &pair[1];  // the older (or empty) one
  }
  *slot = Slot{print, tick};
}

uint32_t AccessClock::last_tick(int db, std::string_view key) const {
  uint64_t hash = key_hash(db, key);
  auto print = static_cast<uint32_t>(hash >> 32);
  const Slot* pair = &slots_[first_of_pair(hash)];
  uint32_t accessed = 1;  // the clock's start
  for (int i = 0; i < 2; ++i) {
    if (pair[i].tick != 0 && pair[i].fingerprint == print) accessed = pair[i].tick;
  }
  return accessed;
}

uint64_t AccessClock::seconds_since(uint32_t tick, uint64_t now_ms) const {
  uint32_t now = tick_of(now_ms);
  return now > tick ? now - tick : 0;
}

}  // namespace ringkv::store
