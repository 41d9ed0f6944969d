// LatencyHistogram: a command's latencies for INFO latencystats, bucketed
// as the HdrHistogram Redis 7.0 uses for them (values in nanoseconds from
// 1 ns to 1 s, 2 significant digits), so the percentiles INFO prints are
// the values Redis would print for the same latencies.
//
// Threading: record() and reset() may run on any loop at the same time
// (relaxed atomic counters); a percentile read while others record sees a
// consistent-enough snapshot, as Redis's cron-free INFO does.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

namespace ringkv::cmd {

class LatencyHistogram {
 public:
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

  std::array<std::atomic<uint64_t>, kCountsLength> counts_{};
};

}  // namespace ringkv::cmd
