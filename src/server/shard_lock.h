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
// Rules that keep it deadlock-free: a thread holds at most one shard lock,
// never across I/O or a wait for another loop, and a loop paused for an
// exclusive command holds none.
#pragma once

#include <immintrin.h>
#include <pthread.h>

namespace ringkv::server {

class ShardLock {
 public:
  ShardLock() {
    pthread_mutexattr_t attributes;
    pthread_mutexattr_init(&attributes);
    pthread_mutexattr_settype(&attributes, PTHREAD_MUTEX_ADAPTIVE_NP);
    pthread_mutex_init(&mutex_, &attributes);
    pthread_mutexattr_destroy(&attributes);
  }
  ~ShardLock() { pthread_mutex_destroy(&mutex_); }
  ShardLock(const ShardLock&) = delete;
  ShardLock& operator=(const ShardLock&) = delete;

  // BasicLockable, for std::lock_guard.
  void lock() {
    for (int i = 0; i < kSpins; ++i) {
      if (pthread_mutex_trylock(&mutex_) == 0) return;
      _mm_pause();
    }
    pthread_mutex_lock(&mutex_);
  }
  void unlock() { pthread_mutex_unlock(&mutex_); }

 private:
  // 200 pause instructions: ~10 us where a pause takes ~140 cycles.
  static constexpr int kSpins = 200;
  pthread_mutex_t mutex_;
};

}  // namespace ringkv::server
