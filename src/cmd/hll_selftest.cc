// PFSELFTEST; see hll_selftest.h.
#include "cmd/hll_selftest.h"

#include <cmath>
#include <cstdint>
#include <random>

#include "cmd/hll_encoding.h"

namespace ringkv::cmd::hll {

namespace {

constexpr int kRegisterCycles = 1000;
constexpr uint64_t kElements = 10'000'000;

std::string check_register_access(std::mt19937_64& random) {
  std::string packed(kDenseSize - kHeaderSize + 1, '\0');
  auto* registers = reinterpret_cast<unsigned char*>(packed.data());
  Registers expected{};
  for (int cycle = 0; cycle < kRegisterCycles; ++cycle) {
    for (uint32_t i = 0; i < kRegisterCount; ++i) {
      expected[i] = static_cast<uint8_t>(random() & kRegisterMax);
      set_dense_register(registers, i, expected[i]);
    }
    for (uint32_t i = 0; i < kRegisterCount; ++i) {
      int actual = get_dense_register(registers, i);
      if (actual != expected[i]) {
        return "TESTFAILED Register " + std::to_string(i) + " should be " +
               std::to_string(expected[i]) + " but is " + std::to_string(actual);
      }
    }
  }
  return "";
}

uint64_t estimate_of(const std::string& value) {
  uint64_t cardinality = 0;
  estimate(value, &cardinality);
  return cardinality;
}

// Checks made when `added` (1, 10, 100...) elements are in both HLLs.
std::string check_checkpoint(uint64_t added, const std::string& dense, const std::string& sparse,
                             size_t sparse_max_bytes) {
  if (added < sparse_max_bytes / 2 && encoding_of(sparse) != Encoding::kSparse) {
    return "TESTFAILED sparse encoding not used";
  }
  uint64_t dense_estimate = estimate_of(dense);
  if (dense_estimate != estimate_of(sparse)) return "TESTFAILED dense/sparse disagree";
  double relative_error = 1.04 / std::sqrt(kRegisterCount);
  auto max_error = static_cast<uint64_t>(std::ceil(relative_error * 6 * added));
  // Collisions make 10 elements occasionally miss by more; Redis allows 1.
  if (added == 10) max_error = 1;
  uint64_t error = added > dense_estimate ? added - dense_estimate : dense_estimate - added;
  if (error > max_error) {
    return "TESTFAILED Too big error. card:" + std::to_string(added) +
           " abserr:" + std::to_string(error);
  }
  return "";
}

std::string check_estimates(std::mt19937_64& random, size_t sparse_max_bytes) {
  std::string dense = new_value();
  to_dense(&dense);
  std::string sparse = new_value();
  uint64_t seed = random();
  uint64_t checkpoint = 1;
  for (uint64_t added = 1; added <= kElements; ++added) {
    uint64_t element = added ^ seed;
    char bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(element >> (8 * i));
    std::string_view key(bytes, sizeof bytes);
    add(&dense, key, sparse_max_bytes);
    add(&sparse, key, sparse_max_bytes);
    if (added != checkpoint) continue;
    std::string failure = check_checkpoint(added, dense, sparse, sparse_max_bytes);
    if (!failure.empty()) return failure;
    checkpoint *= 10;
  }
  return "";
}

}  // namespace

std::string run_self_test(size_t sparse_max_bytes) {
  std::mt19937_64 random{std::random_device{}()};
  std::string failure = check_register_access(random);
  if (failure.empty()) failure = check_estimates(random, sparse_max_bytes);
  return failure;
}

}  // namespace ringkv::cmd::hll
