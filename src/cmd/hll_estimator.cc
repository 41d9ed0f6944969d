// HyperLogLog cardinality estimation: register histograms of each encoding
// and Otmar Ertl's improved estimator ("New cardinality estimation
// algorithms for HyperLogLog sketches", arXiv:1702.01284), computed in the
// same order of floating-point operations as Redis 7 so that PFCOUNT gives
// the same integer.
#include <cmath>

#include "cmd/hll_encoding.h"
#include "cmd/hll_sparse.h"

namespace ringkv::cmd::hll {

namespace {

constexpr double kAlphaInfinity = 0.721347520444481703680;  // 0.5 / ln(2)

// Ertl's sigma(x) = x + sum_k x^(2^k) 2^(k-1), iterated to a fixed point.
double sigma(double x) {
  if (x == 1.0) return INFINITY;
  double previous;
  double weight = 1.0;
  double sum = x;
  do {
    x *= x;
    previous = sum;
    sum += x * weight;
    weight += weight;
  } while (previous != sum);
  return sum;
}

// Ertl's tau(x), iterated to a fixed point.
double tau(double x) {
  if (x == 0.0 || x == 1.0) return 0.0;
  double previous;
  double weight = 1.0;
  double sum = 1 - x;
  do {
    x = std::sqrt(x);
    previous = sum;
    weight *= 0.5;
    sum -= std::pow(1 - x, 2) * weight;
  } while (previous != sum);
  return sum / 3;
}

void add_dense_histogram(std::string_view value, Histogram* histogram) {
  const auto* registers = reinterpret_cast<const unsigned char*>(value.data()) + kHeaderSize;
  for (uint32_t i = 0; i < kRegisterCount; ++i) ++(*histogram)[get_dense_register(registers, i)];
}

// False when the opcodes do not cover exactly all registers.
bool add_sparse_histogram(std::string_view value, Histogram* histogram) {
  return walk_registers(value, [&](long, const SparseOpcode& opcode) {
    (*histogram)[opcode.kind == SparseOpcode::kValue ? opcode.value : 0] += opcode.run;
  });
}

}  // namespace

uint64_t estimate(const Histogram& histogram) {
  const double m = kRegisterCount;
  double z = m * tau((m - histogram[kRunBits + 1]) / m);
  for (int j = kRunBits; j >= 1; --j) {
    z += histogram[j];
    z *= 0.5;
  }
  z += m * sigma(histogram[0] / m);
  return static_cast<uint64_t>(std::llround(kAlphaInfinity * m * m / z));
}

uint64_t estimate(const Registers& registers) {
  Histogram histogram{};
  for (uint8_t value : registers) ++histogram[value & kRegisterMax];
  return estimate(histogram);
}

bool estimate(std::string_view value, uint64_t* out) {
  Histogram histogram{};
  if (encoding_of(value) == Encoding::kDense) {
    add_dense_histogram(value, &histogram);
  } else if (!add_sparse_histogram(value, &histogram)) {
    return false;
  }
  *out = estimate(histogram);
  return true;
}

}  // namespace ringkv::cmd::hll
