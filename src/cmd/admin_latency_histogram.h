// LatencyHistogram: a command's latencies for INFO latencystats, bucketed
// as the HdrHistogram Redis 7.0 uses for them (values in nanoseconds from
// 1 ns to 1 s, 2 significant digits), so the percentiles INFO prints are
// the values Redis would print for the same latencies.
//
// Threading: record() and reset() may run on any loop at the same time
// (relaxed atomic counters); a percentile read while others record sees a
// consistent-enough snapshot, as Redis's cron-free INFO does. Each thread
// counts into its own stripe (allocated on its first record) and reads sum
// the stripes: the loops recording the same command's latency into one
// array bounced its hot counters' cache lines between the cores.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

#include "util/striped_counter.h"

namespace ringkv::cmd {

class LatencyHistogram {
 public:
  LatencyHistogram() = default;
  ~LatencyHistogram();
  LatencyHistogram(const LatencyHistogram&) = delete;
  LatencyHistogram& operator=(const LatencyHistogram&) = delete;

  void record(int64_t nanoseconds);
  void reset();
  uint64_t total() const;
  // hdr_value_at_percentile: the highest value equivalent to the one at
  // `percentile` (the lowest for percentile 0), in nanoseconds.
  int64_t value_at_percentile(double percentile) const;

 private:
  // 1 ns .. 2^30 ns in buckets of 128 sub-buckets each (2 significant
  // digits: 256 sub-buckets, the lower half shared with the bucket below).
  static constexpr int kSubBucketHalfMagnitude = 7;
  static constexpr int kSubBucketHalfCount = 1 << kSubBucketHalfMagnitude;
  static constexpr int kBucketCount = 23;
  static constexpr int kCountsLength = (kBucketCount + 1) * kSubBucketHalfCount;

  using Counts = std::array<std::atomic<uint64_t>, kCountsLength>;

  Counts& counts_of_this_thread();
  // counts_[index] summed over the stripes.
  uint64_t count_at(size_t index) const;

  std::array<std::atomic<Counts*>, kCounterStripes> stripes_{};
};

}  // namespace ringkv::cmd
