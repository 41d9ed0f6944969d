// cmd::LatencyHistogram: records from many threads (one stripe each, some
// shared) all count, percentiles read across the stripes, reset clears all.
#include "cmd/admin_latency_histogram.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace ringkv::cmd {
namespace {

TEST(LatencyHistogramTest, RecordsFromManyThreadsAllCount) {
  LatencyHistogram histogram;
  constexpr int kThreads = 12;  // more than the stripes: some share one
  constexpr int kRecords = 5000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&histogram] {
      for (int i = 0; i < kRecords; ++i) histogram.record(1000);
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(histogram.total(), uint64_t{kThreads} * kRecords);
}

TEST(LatencyHistogramTest, PercentilesSpanTheStripes) {
  LatencyHistogram histogram;
  // 90 fast records here, 10 slow ones on another thread (another stripe).
  for (int i = 0; i < 90; ++i) histogram.record(1000);
  std::thread([&histogram] {
    for (int i = 0; i < 10; ++i) histogram.record(1000000);
  }).join();
  EXPECT_EQ(histogram.total(), 100u);
  // 1000 and 10^6 ns within 2 significant digits, as HdrHistogram reports.
  EXPECT_EQ(histogram.value_at_percentile(50), 1003);  // 1000's bucket: 1000-1003
  EXPECT_GE(histogram.value_at_percentile(99), 1000000);
  EXPECT_LT(histogram.value_at_percentile(99), 1010000);
  EXPECT_EQ(histogram.value_at_percentile(0), 1000);
  histogram.reset();
  EXPECT_EQ(histogram.total(), 0u);
  histogram.record(5000);
  EXPECT_EQ(histogram.total(), 1u);
}

}  // namespace
}  // namespace ringkv::cmd
