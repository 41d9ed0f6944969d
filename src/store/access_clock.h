// AccessClock: approximate last-access times of one shard's keys, for
// OBJECT IDLETIME. Redis keeps a 24-bit LRU clock (seconds) in every
// in-memory object; ringkv's values live in LevelDB, and writing there on
// every read would turn reads into writes, so the times are kept in a fixed
// in-memory table instead: 8 bytes a slot, two slots a key hash may use,
// the older access giving way to a newer one.
//
// Keys whose metadata rows the row cache holds keep their tick in its entry
// instead (Keyspace stamps it there, and the cache hands the tick of an
// entry it evicts back here): the table holds the rest.
//
// A key the table does not hold (not accessed since start-up, or given way)
// reads as idle since the clock started, which is what Redis reports for
// keys loaded at start-up and not accessed since.
//
// Threading: like Keyspace, only the shard's owner calls in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace ringkv::store {

class AccessClock {
 public:
  // `slots` is rounded up to an even number, at least 2.
  AccessClock(size_t slots, uint64_t started_ms);

  // The clock's tick at `now_ms`: seconds since the start, plus 1 (0 means
  // no access recorded, where ticks are kept elsewhere).
  uint32_t tick_of(uint64_t now_ms) const;
  // Records an access to `key` of `db` at `tick`.
  void record(int db, std::string_view key, uint32_t tick);
  // The tick of the last recorded access (1, the start, if none is).
  uint32_t last_tick(int db, std::string_view key) const;
  // Whole seconds from `tick` to `now_ms`.
  uint64_t seconds_since(uint32_t tick, uint64_t now_ms) const;
  // Whole seconds since the last recorded access (or since the clock started).
  uint64_t idle_seconds(int db, std::string_view key, uint64_t now_ms) const {
    return seconds_since(last_tick(db, key), now_ms);
  }

 private:
  struct Slot {
    uint32_t fingerprint = 0;  // high bits of the key's hash
    uint32_t tick = 0;         // seconds since the start, plus 1; 0 = empty
  };
  // Index of the first of the two slots `hash` may use.
  size_t first_of_pair(uint64_t hash) const;

  std::vector<Slot> slots_;
  uint64_t started_ms_;
};

}  // namespace ringkv::store
