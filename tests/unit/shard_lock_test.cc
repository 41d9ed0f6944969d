// server/shard_lock: mutual exclusion under contention, and a waiter that
// went to sleep in the kernel is woken by the unlock.
#include "server/shard_lock.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace ringkv::server {
namespace {

TEST(ShardLock, ExcludesUnderContention) {
  ShardLock lock;
  long counter = 0;  // plain: only the lock keeps the increments whole
  constexpr int kThreads = 4;
  constexpr int kRounds = 100000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kRounds; ++i) {
        std::lock_guard guard(lock);
        long seen = counter;
        // Widen the window a lost update would need.
        if (i % 1000 == 0) std::this_thread::yield();
        counter = seen + 1;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(counter, long{kThreads} * kRounds);
}

TEST(ShardLock, WakesAWaiterThatSleeps) {
  ShardLock lock;
  std::atomic<bool> acquired{false};
  lock.lock();
  std::thread waiter([&] {
    std::lock_guard guard(lock);
    acquired = true;
  });
  // Far longer than the waiter spins: it is asleep in the kernel by now.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(acquired.load());
  lock.unlock();
  waiter.join();
  EXPECT_TRUE(acquired.load());
  // Taken through the sleeping path, the lock is still a working lock.
  lock.lock();
  lock.unlock();
}

TEST(ShardLock, HandsOverAmongSeveralSleepers) {
  ShardLock lock;
  std::atomic<int> done{0};
  lock.lock();
  std::vector<std::thread> waiters;
  for (int i = 0; i < 3; ++i) {
    waiters.emplace_back([&] {
      std::lock_guard guard(lock);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      ++done;
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(done.load(), 0);
  lock.unlock();
  for (auto& waiter : waiters) waiter.join();
  EXPECT_EQ(done.load(), 3);
}

}  // namespace
}  // namespace ringkv::server
