// HyperLogLog encoding and estimator (cmd/hll_encoding.h): hashing as Redis
// hashes, sparse opcodes, promotion to dense, corrupt-data detection, the
// cardinality cache and the estimator's accuracy. The byte-for-byte match
// with a real redis-server is checked by the integration test.
#include "cmd/hll_encoding.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

#include "cmd/hll_selftest.h"

namespace ringkv::cmd::hll {
namespace {

constexpr size_t kLargeSparseLimit = 1 << 20;  // keeps values sparse

// The registers of any valid value, one byte each.
Registers registers_of(const std::string& value) {
  Registers registers{};
  EXPECT_TRUE(merge_into(value, &registers));
  return registers;
}

std::string dense_copy(std::string value) {
  EXPECT_TRUE(to_dense(&value));
  return value;
}

TEST(HyperLogLogTest, PatternMatchesRedisHash) {
  // Register and run of single elements as `PFDEBUG DECODE` shows them on
  // Redis 7.0 (e.g. "Z:12711 v:2,1 Z:3672" for "a"): short, empty, exactly
  // eight and nine bytes, so every MurmurHash64A tail length path is used.
  struct Case {
    const char* element;
    uint32_t index;
    uint8_t run;
  };
  for (const Case& c : {Case{"a", 12711, 2}, Case{"hello", 9216, 1}, Case{"", 5938, 2},
                        Case{"12345678", 10579, 3}, Case{"abcdefghi", 6903, 1}}) {
    Pattern pattern = pattern_of(c.element);
    EXPECT_EQ(pattern.index, c.index) << c.element;
    EXPECT_EQ(pattern.run, c.run) << c.element;
  }
}

TEST(HyperLogLogTest, NewValueIsSparseWithValidCache) {
  std::string value = new_value();
  ASSERT_EQ(value, std::string("HYLL\x01\0\0\0\0\0\0\0\0\0\0\0\x7f\xff", 18));
  EXPECT_TRUE(is_valid_header(value));
  EXPECT_EQ(encoding_of(value), Encoding::kSparse);
  uint64_t cached = 1;
  ASSERT_TRUE(cached_cardinality(value, &cached));
  EXPECT_EQ(cached, 0u);
  EXPECT_EQ(describe_sparse(value), "Z:16384");
}

TEST(HyperLogLogTest, HeaderValidation) {
  std::string sparse = new_value();
  std::string dense = dense_copy(sparse);
  EXPECT_EQ(dense.size(), kDenseSize);
  EXPECT_TRUE(is_valid_header(dense));
  EXPECT_FALSE(is_valid_header(dense.substr(0, kDenseSize - 1)));
  EXPECT_FALSE(is_valid_header(dense + "x"));
  EXPECT_FALSE(is_valid_header(sparse.substr(0, kHeaderSize - 1)));
  EXPECT_TRUE(is_valid_header(sparse.substr(0, kHeaderSize)));  // data checked when walked
  std::string bad_magic = sparse;
  bad_magic[1] = 'X';
  EXPECT_FALSE(is_valid_header(bad_magic));
  std::string bad_encoding = sparse;
  bad_encoding[4] = 2;
  EXPECT_FALSE(is_valid_header(bad_encoding));
  EXPECT_FALSE(is_valid_header("hello"));
}

TEST(HyperLogLogTest, CacheBytesAreLittleEndianWithStaleBit) {
  std::string value = new_value();
  store_cardinality(&value, 0x0102030405060708ULL);
  EXPECT_EQ(value.substr(8, 8), std::string("\x08\x07\x06\x05\x04\x03\x02\x01", 8));
  uint64_t cached = 0;
  ASSERT_TRUE(cached_cardinality(value, &cached));
  EXPECT_EQ(cached, 0x0102030405060708ULL);
  invalidate_cache(&value);
  EXPECT_EQ(static_cast<unsigned char>(value[15]), 0x81);
  EXPECT_FALSE(cached_cardinality(value, &cached));
}

TEST(HyperLogLogTest, DenseRegistersDoNotDisturbNeighbours) {
  std::string packed(kDenseSize - kHeaderSize, '\0');
  auto* registers = reinterpret_cast<unsigned char*>(packed.data());
  std::mt19937 random(7);
  Registers expected{};
  for (int round = 0; round < 3; ++round) {
    for (uint32_t i = 0; i < kRegisterCount; ++i) {
      expected[i] = static_cast<uint8_t>(random() % 64);
      set_dense_register(registers, i, expected[i]);
    }
    for (uint32_t i = 0; i < kRegisterCount; ++i) {
      ASSERT_EQ(get_dense_register(registers, i), expected[i]) << i;
    }
  }
}

TEST(HyperLogLogTest, SparseOpcodesSplitAndMerge) {
  std::string value = new_value();
  // Four neighbouring registers of one value fold into one VAL opcode.
  for (uint32_t i = 0; i < 4; ++i) {
    EXPECT_EQ(set_register(&value, i, 3, kLargeSparseLimit), Update::kChanged);
  }
  EXPECT_EQ(describe_sparse(value), "v:3,4 Z:16380");
  // A fifth does not fit in VAL's run of four.
  set_register(&value, 4, 3, kLargeSparseLimit);
  EXPECT_EQ(describe_sparse(value), "v:3,4 v:3,1 Z:16379");
  // Raising one register in the middle of a run splits it; the part after
  // it then joins the next opcode of the same value.
  set_register(&value, 1, 5, kLargeSparseLimit);
  EXPECT_EQ(describe_sparse(value), "v:3,1 v:5,1 v:3,3 Z:16379");
  EXPECT_EQ(set_register(&value, 1, 4, kLargeSparseLimit), Update::kUnchanged);
  // Zero runs longer than 64 registers are XZERO, shorter ones ZERO.
  set_register(&value, 100, 1, kLargeSparseLimit);
  set_register(&value, 16383, 2, kLargeSparseLimit);
  EXPECT_EQ(describe_sparse(value), "v:3,1 v:5,1 v:3,3 Z:95 v:1,1 Z:16282 v:2,1");
  set_register(&value, 60, 1, kLargeSparseLimit);
  EXPECT_EQ(describe_sparse(value), "v:3,1 v:5,1 v:3,3 z:55 v:1,1 z:39 v:1,1 Z:16282 v:2,1");
  Registers registers = registers_of(value);
  EXPECT_EQ(registers[0], 3);
  EXPECT_EQ(registers[1], 5);
  EXPECT_EQ(registers[100], 1);
  EXPECT_EQ(registers[16383], 2);
  EXPECT_EQ(registers[60], 1);
  EXPECT_EQ(registers[99], 0);
}

TEST(HyperLogLogTest, SparseAndDenseAgreeOnRandomRegisters) {
  std::mt19937 random(11);
  for (int trial = 0; trial < 20; ++trial) {
    std::string sparse = new_value();
    std::string dense = dense_copy(new_value());
    Registers expected{};
    int updates = 1 + static_cast<int>(random() % 3000);
    for (int k = 0; k < updates; ++k) {
      auto index = static_cast<uint32_t>(random() % kRegisterCount);
      auto run = static_cast<uint8_t>(1 + random() % kSparseValueMax);
      Update want = run > expected[index] ? Update::kChanged : Update::kUnchanged;
      expected[index] = std::max(expected[index], run);
      ASSERT_EQ(set_register(&sparse, index, run, kLargeSparseLimit), want);
      ASSERT_EQ(set_register(&dense, index, run, kLargeSparseLimit), want);
    }
    ASSERT_EQ(encoding_of(sparse), Encoding::kSparse);
    EXPECT_EQ(registers_of(sparse), expected);
    EXPECT_EQ(registers_of(dense), expected);
    // Converting keeps the header (the cache bytes included).
    std::string converted = dense_copy(sparse);
    EXPECT_EQ(converted, dense);
    uint64_t from_sparse = 0, from_dense = 0;
    ASSERT_TRUE(estimate(sparse, &from_sparse));
    ASSERT_TRUE(estimate(dense, &from_dense));
    EXPECT_EQ(from_sparse, from_dense);
    EXPECT_EQ(from_sparse, estimate(expected));
  }
}

TEST(HyperLogLogTest, PromotionOnLargeValue) {
  std::string value = new_value();
  set_register(&value, 10, 7, kDefaultSparseMaxBytes);
  ASSERT_EQ(set_register(&value, 20, kSparseValueMax, kDefaultSparseMaxBytes), Update::kChanged);
  EXPECT_EQ(encoding_of(value), Encoding::kSparse);
  ASSERT_EQ(set_register(&value, 30, kSparseValueMax + 1, kDefaultSparseMaxBytes),
            Update::kChanged);
  ASSERT_EQ(encoding_of(value), Encoding::kDense);
  ASSERT_EQ(value.size(), kDenseSize);
  Registers registers = registers_of(value);
  EXPECT_EQ(registers[10], 7);
  EXPECT_EQ(registers[20], kSparseValueMax);
  EXPECT_EQ(registers[30], kSparseValueMax + 1);
}

TEST(HyperLogLogTest, PromotionAtSparseMaxBytes) {
  for (size_t max_bytes : {size_t{100}, size_t{700}, kDefaultSparseMaxBytes}) {
    std::string value = new_value();
    Registers expected{};
    size_t largest_sparse = 0;
    int added = 0;
    while (encoding_of(value) == Encoding::kSparse) {
      std::string element = "element:" + std::to_string(added++);
      Pattern pattern = pattern_of(element);
      expected[pattern.index] = std::max(expected[pattern.index], pattern.run);
      ASSERT_NE(add(&value, element, max_bytes), Update::kCorrupt);
      if (encoding_of(value) == Encoding::kSparse) largest_sparse = value.size();
      ASSERT_LT(added, 100000);
    }
    EXPECT_LE(largest_sparse, max_bytes);
    // The value that would have grown past the limit was only a few bytes short.
    EXPECT_GT(largest_sparse + 3, max_bytes);
    EXPECT_EQ(value.size(), kDenseSize);
    EXPECT_EQ(registers_of(value), expected);
  }
}

TEST(HyperLogLogTest, CorruptSparseDataIsDetected) {
  std::string valid = new_value();
  set_register(&valid, 5, 2, kLargeSparseLimit);
  std::string too_many = valid + std::string(1, '\x00');  // one more ZERO register
  std::string too_few = valid.substr(0, valid.size() - 2);  // drops the last XZERO
  std::string value_overflow = valid.substr(0, valid.size() - 2) + "\x7f\xf6\x83";
  std::string value_after_end = valid + std::string(1, '\x80');
  for (const std::string& corrupt : {too_many, too_few, value_overflow, value_after_end}) {
    ASSERT_TRUE(is_valid_header(corrupt));
    std::string copy = corrupt;
    EXPECT_FALSE(to_dense(&copy));
    EXPECT_EQ(copy, corrupt);
    Registers registers{};
    EXPECT_FALSE(merge_into(corrupt, &registers));
    uint64_t cardinality = 0;
    EXPECT_FALSE(estimate(corrupt, &cardinality));
    // Promotion of corrupt data fails too.
    copy = corrupt;
    EXPECT_EQ(set_register(&copy, 1, kSparseValueMax + 1, kLargeSparseLimit), Update::kCorrupt);
  }
  // A register past the covered ones cannot be set.
  std::string copy = too_few;
  EXPECT_EQ(set_register(&copy, 16383, 1, kLargeSparseLimit), Update::kCorrupt);
  // Header-only sparse data covers nothing.
  std::string empty = valid.substr(0, kHeaderSize);
  EXPECT_EQ(set_register(&empty, 0, 1, kLargeSparseLimit), Update::kCorrupt);
}

// Mean absolute relative error over seeds, which for HyperLogLog is about
// 0.8 times the standard error 1.04/sqrt(m) = 0.81%.
double mean_relative_error(uint64_t cardinality, int seeds) {
  double sum = 0;
  for (int seed = 1; seed <= seeds; ++seed) {
    std::string value = new_value();
    for (uint64_t i = 0; i < cardinality; ++i) {
      add(&value, std::to_string(seed) + ":" + std::to_string(i), kDefaultSparseMaxBytes);
    }
    uint64_t estimated = 0;
    EXPECT_TRUE(estimate(value, &estimated));
    sum += std::abs(static_cast<double>(estimated) - static_cast<double>(cardinality)) /
           static_cast<double>(cardinality);
  }
  return sum / seeds;
}

TEST(HyperLogLogTest, ErrorWithinStandardError) {
  const double standard_error = 1.04 / std::sqrt(kRegisterCount);
  for (uint64_t cardinality : {uint64_t{1000}, uint64_t{10000}, uint64_t{100000}}) {
    double error = mean_relative_error(cardinality, 16);
    EXPECT_LE(error, standard_error) << cardinality;
    EXPECT_GT(error, 0.0) << cardinality;  // an estimate, not an exact count
  }
}

TEST(HyperLogLogTest, SmallCardinalitiesAreExactEnough) {
  std::string value = new_value();
  for (uint64_t i = 1; i <= 100; ++i) {
    add(&value, "small:" + std::to_string(i), kDefaultSparseMaxBytes);
    uint64_t estimated = 0;
    ASSERT_TRUE(estimate(value, &estimated));
    EXPECT_LE(std::abs(static_cast<double>(estimated) - static_cast<double>(i)), 1 + i * 0.01)
        << i;
  }
}

TEST(HyperLogLogTest, SelfTestPasses) { EXPECT_EQ(run_self_test(kDefaultSparseMaxBytes), ""); }

}  // namespace
}  // namespace ringkv::cmd::hll
