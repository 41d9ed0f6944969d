// AccessClock: approximate last-access times of one shard's keys, for
// OBJECT IDLETIME. Redis keeps a 24-bit LRU clock (seconds) in every
// in-memory object; ringkv's values live in LevelDB, and writing there on
// every read would turn reads into writes, so the times are kept in a fixed
// in-memory table instead: 8 bytes a slot, two slots a key hash may use,
// the older access giving way to a newer one.
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

  // Records an access to `key` of `db` at `now_ms`.
  void touch(int db, std::string_view key, uint64_t now_ms);
  // Whole seconds since the last recorded access (or since the clock started).
  uint64_t idle_seconds(int db, std::string_view key, uint64_t now_ms) const;

 private:
  struct Slot {
    uint32_t fingerprint = 0;  // high bits of the key's hash
    uint32_t tick = 0;         // seconds since the start, plus 1; 0 = empty
  };
  uint32_t tick_of(uint64_t now_ms) const;
  // Index of the first of the two slots `hash` may use.
  size_t first_of_pair(uint64_t hash) const;

  std::vector<Slot> slots_;
  uint64_t started_ms_;
};

}  // namespace ringkv::store
