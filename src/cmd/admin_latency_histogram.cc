// LatencyHistogram: HdrHistogram's index arithmetic (deps/hdr_histogram in
// Redis) for lowest value 1, highest 10^9 and 2 significant digits.
#include "cmd/admin_latency_histogram.h"

#include <algorithm>

namespace ringkv::cmd {

namespace {

constexpr int64_t kLowest = 1;
constexpr int64_t kHighest = 1000000000;
constexpr int kHalfMagnitude = 7;
constexpr int64_t kHalfCount = int64_t{1} << kHalfMagnitude;
constexpr int64_t kSubBucketMask = 2 * kHalfCount - 1;

int bucket_index(int64_t value) {
  int pow2_ceiling = 64 - __builtin_clzll(static_cast<uint64_t>(value | kSubBucketMask));
  return pow2_ceiling - (kHalfMagnitude + 1);
}

int64_t sub_bucket_index(int64_t value, int bucket) { return value >> bucket; }

size_t counts_index(int64_t value) {
  int bucket = bucket_index(value);
  int64_t sub = sub_bucket_index(value, bucket);
  return static_cast<size_t>(((int64_t{bucket} + 1) << kHalfMagnitude) + (sub - kHalfCount));
}

int64_t value_at_index(size_t index) {
  int64_t bucket = static_cast<int64_t>(index >> kHalfMagnitude) - 1;
  int64_t sub = static_cast<int64_t>(index & (kHalfCount - 1)) + kHalfCount;
  if (bucket < 0) {
    sub -= kHalfCount;
    bucket = 0;
  }
  return sub << bucket;
}

int64_t lowest_equivalent(int64_t value) {
  int bucket = bucket_index(value);
  return sub_bucket_index(value, bucket) << bucket;
}

int64_t highest_equivalent(int64_t value) {
  int bucket = bucket_index(value);
  int64_t sub = sub_bucket_index(value, bucket);
  int adjusted = sub >= 2 * kHalfCount ? bucket + 1 : bucket;
  return lowest_equivalent(value) + (int64_t{1} << adjusted) - 1;
}

}  // namespace

LatencyHistogram::~LatencyHistogram() {
  for (auto& stripe : stripes_) delete stripe.load();
}

LatencyHistogram::Counts& LatencyHistogram::counts_of_this_thread() {
  std::atomic<Counts*>& stripe = stripes_[this_thread_stripe()];
  Counts* counts = stripe.load(std::memory_order_acquire);
  if (counts != nullptr) return *counts;
  auto* created = new Counts{};
  // Threads beyond kCounterStripes share a stripe: one may have made it.
  if (stripe.compare_exchange_strong(counts, created, std::memory_order_acq_rel)) return *created;
  delete created;
  return *counts;
}

uint64_t LatencyHistogram::count_at(size_t index) const {
  uint64_t sum = 0;
  for (const auto& stripe : stripes_) {
    if (const Counts* counts = stripe.load(std::memory_order_acquire)) {
      sum += (*counts)[index].load(std::memory_order_relaxed);
    }
  }
  return sum;
}

void LatencyHistogram::record(int64_t nanoseconds) {
  int64_t value = std::clamp(nanoseconds, kLowest, kHighest);
  counts_of_this_thread()[counts_index(value)].fetch_add(1, std::memory_order_relaxed);
}

void LatencyHistogram::reset() {
  for (auto& stripe : stripes_) {
    if (Counts* counts = stripe.load(std::memory_order_acquire)) {
      for (auto& count : *counts) count.store(0, std::memory_order_relaxed);
    }
  }
}

uint64_t LatencyHistogram::total() const {
  // Stripe by stripe: a command never called costs INFO a few pointer loads.
  uint64_t total = 0;
  for (const auto& stripe : stripes_) {
    if (const Counts* counts = stripe.load(std::memory_order_acquire)) {
      for (const auto& count : *counts) total += count.load(std::memory_order_relaxed);
    }
  }
  return total;
}

int64_t LatencyHistogram::value_at_percentile(double percentile) const {
  double requested = std::min(percentile, 100.0);
  auto wanted = static_cast<uint64_t>(requested / 100 * static_cast<double>(total()) + 0.5);
  wanted = std::max<uint64_t>(wanted, 1);
  uint64_t seen = 0;
  int64_t value = 0;
  for (size_t index = 0; index < kCountsLength; ++index) {
    seen += count_at(index);
    if (seen >= wanted) {
      value = value_at_index(index);
      break;
    }
  }
  return percentile == 0.0 ? lowest_equivalent(value) : highest_equivalent(value);
}

}  // namespace ringkv::cmd
