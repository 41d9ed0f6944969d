// ShardLock: the lock a loop holds while it runs a command on a shard it
// does not own exclusively. Any loop may run a single-shard command in
// place under the shard's lock instead of handing it to the owning loop:
// on a machine whose cores are shared with the clients, that hop (copying
// the request, waking the other loop, and the same back for the reply) cost
// more than the command itself.
//
// Commands are short (a microsecond or two for a GET), so a waiter spins
// for up to about 10 us before it sleeps in the kernel: with two loops
// meeting on a shard every few commands, sleeping and waking (two system
// calls and two context switches) cost GET -P 16 a quarter of its
// throughput (A/B, three runs each: 430-470k vs 530-650k req/s). Spinning
// longer (100 us) only burnt the core a holder that lost its core needed:
// A/B, 5 alternating runs, medians: GET -P 16 CPU/req 3.2 -> 2.7 us,
// SET 9.5 -> 8.9 us; 1 us (20 pauses) was no better than 10. A long
// command (SMEMBERS of a big set) makes other loops that need the same shard
// wait, as it would in Redis.
//
// It was a pthread adaptive mutex polled with trylock: each failed trylock
// is a locked write that takes the line from the holder, and the calls and
// the array of 40-byte mutexes (two shards' locks in one cache line) added
// more. With the futex word alone on its line, waiters that read before
// they write, and inlined fast paths, lock handling fell from 14.5 % to
// 10.3 % of a GET -P 16 profile; A/B, 4 alternating runs, medians: GET -P 16
// CPU/req 1.98 -> 1.87 us, SET -P 16 5.66 -> 5.44 us.
//
// Rules that keep it deadlock-free: a thread holds at most one shard lock,
// never across I/O or a wait for another loop, and a loop paused for an
// exclusive command holds none.
#pragma once

#include <immintrin.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>

namespace ringkv::server {

// A futex lock (free / held / held with sleepers) whose waiters spin on a
// plain load before they try to take it, so that a waiting loop does not
// pull the lock's cache line away from the holder on every spin.
class alignas(128) ShardLock {
 public:
  ShardLock() = default;
  ShardLock(const ShardLock&) = delete;
  ShardLock& operator=(const ShardLock&) = delete;

  // BasicLockable, for std::lock_guard.
  void lock() {
    uint32_t expected = kFree;
    if (state_.compare_exchange_strong(expected, kHeld, std::memory_order_acquire)) return;
    for (int i = 0; i < kSpins; ++i) {
      _mm_pause();
      if (state_.load(std::memory_order_relaxed) != kFree) continue;
      expected = kFree;
      if (state_.compare_exchange_weak(expected, kHeld, std::memory_order_acquire)) return;
    }
    // Sleep; whoever takes the lock this way leaves it marked as having
    // sleepers, so that its unlock wakes the next one.
    while (state_.exchange(kHeldWithSleepers, std::memory_order_acquire) != kFree) {
      syscall(SYS_futex, &state_, FUTEX_WAIT_PRIVATE, kHeldWithSleepers, nullptr, nullptr, 0);
    }
  }
  void unlock() {
    if (state_.exchange(kFree, std::memory_order_release) == kHeldWithSleepers) {
      syscall(SYS_futex, &state_, FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
    }
  }

 private:
  static constexpr uint32_t kFree = 0;
  static constexpr uint32_t kHeld = 1;
  static constexpr uint32_t kHeldWithSleepers = 2;
  // 200 pause instructions: ~10 us where a pause takes ~140 cycles.
  static constexpr int kSpins = 200;
  static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t), "futex word");
  std::atomic<uint32_t> state_{kFree};
};

}  // namespace ringkv::server
