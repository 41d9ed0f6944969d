// util/striped_counter: concurrent adds all count, reads sum the stripes,
// and a store (CONFIG RESETSTAT) replaces the whole sum.
#include "util/striped_counter.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace ringkv {
namespace {

TEST(StripedCounterTest, AddsFromManyThreadsAllCount) {
  StripedCounter counter;
  constexpr int kThreads = 12;  // more than the stripes: some share one
  constexpr int kAdds = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&counter, t] {
      for (int i = 0; i < kAdds; ++i) counter.fetch_add(static_cast<uint64_t>(t + 1));
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(counter.load(), uint64_t{kAdds} * (kThreads * (kThreads + 1) / 2));
}

TEST(StripedCounterTest, StoreReplacesTheSum) {
  StripedCounter counter;
  std::thread([&counter] { counter.fetch_add(5); }).join();
  counter.fetch_add(7);
  EXPECT_EQ(counter.load(), 12u);
  counter.store(3);
  EXPECT_EQ(counter.load(), 3u);
  counter = 0;
  EXPECT_EQ(counter.load(), 0u);
  counter.fetch_add(2);
  EXPECT_EQ(counter.load(), 2u);
}

}  // namespace
}  // namespace ringkv
