// HyperLogLog values exactly as Redis 7.0 stores them in a string, so a
// value written here GETs byte for byte like Redis's and Redis's values work
// here:
//
//   "HYLL" | encoding (0 dense, 1 sparse) | 3 zero bytes | cardinality cache
//   (8 bytes little endian; the top bit of the last byte set = stale) | data
//
// Dense data is 16384 registers of 6 bits packed from the least significant
// bit up. Sparse data is a run-length code of ZERO (00xxxxxx, 1-64 zero
// registers), XZERO (01xxxxxx yyyyyyyy, 1-16384 zero registers) and VAL
// (1vvvvvxx, 1-4 registers of value 1-32) opcodes; it is promoted to dense
// when a register needs a value above 32 or the value would grow past
// hll-sparse-max-bytes. Sparse updates split and re-merge opcodes the way
// Redis does, since the resulting bytes are visible to GET.
//
// Functions that walk sparse data report a corrupt value (opcodes not
// covering exactly 16384 registers) instead of trusting it. A byte past the
// end of the value reads as 0, as Redis reads its string's terminator.
//
// Pure code over std::string: no state, safe from any thread.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ringkv::cmd::hll {

inline constexpr int kPrecision = 14;                      // register index bits
inline constexpr int kRegisterCount = 1 << kPrecision;     // 16384
inline constexpr int kRunBits = 64 - kPrecision;           // hash bits left for the run
inline constexpr int kRegisterMax = 63;                    // 6-bit registers
inline constexpr size_t kHeaderSize = 16;
inline constexpr size_t kDenseSize = kHeaderSize + (kRegisterCount * 6 + 7) / 8;
inline constexpr size_t kDefaultSparseMaxBytes = 3000;
inline constexpr int kSparseValueMax = 32;

enum class Encoding : uint8_t { kDense = 0, kSparse = 1 };

// One byte per register: the form merges and multi-key counts work in
// (Redis's internal HLL_RAW).
using Registers = std::array<uint8_t, kRegisterCount>;
// How many registers hold each value 0..63.
using Histogram = std::array<int, 64>;

// Where an element lands: its register and the length of the 0...01 run in
// the rest of its hash (1..51).
struct Pattern {
  uint32_t index;
  uint8_t run;
};
Pattern pattern_of(std::string_view element);

// An empty HyperLogLog: sparse, one XZERO opcode, cached cardinality 0.
std::string new_value();

// True if `value` is a HyperLogLog as far as Redis checks before using one:
// magic, known encoding, exact length when dense. Sparse data is checked
// only when walked.
bool is_valid_header(std::string_view value);
// The encoding byte of a value that passed is_valid_header().
Encoding encoding_of(std::string_view value);

enum class Update { kUnchanged, kChanged, kCorrupt };

// Raises register `index` to `run` when lower, promoting sparse to dense
// as Redis does. Does not touch the cardinality cache.
Update set_register(std::string* value, uint32_t index, uint8_t run, size_t sparse_max_bytes);
inline Update add(std::string* value, std::string_view element, size_t sparse_max_bytes) {
  Pattern pattern = pattern_of(element);
  return set_register(value, pattern.index, pattern.run, sparse_max_bytes);
}

// Rewrites a sparse value as dense, keeping the header's other bytes (the
// cache included). No-op for dense values; false if the sparse data is
// corrupt (the value is then left as it was).
bool to_dense(std::string* value);

// max[i] = max(max[i], register i of `value`); false if sparse data is
// corrupt (`max` may then be partly updated, as in Redis).
bool merge_into(std::string_view value, Registers* max);

// The cached cardinality, or false when the stale bit is set.
bool cached_cardinality(std::string_view value, uint64_t* out);
void store_cardinality(std::string* value, uint64_t cardinality);
void invalidate_cache(std::string* value);

// Cardinality estimates (Ertl's improved estimator, as Redis 7 computes it).
// The string form returns false for corrupt sparse data.
bool estimate(std::string_view value, uint64_t* out);
uint64_t estimate(const Registers& registers);
uint64_t estimate(const Histogram& histogram);

// Packed 6-bit registers (the data of a dense value, after the header).
uint8_t get_dense_register(const unsigned char* registers, uint32_t index);
void set_dense_register(unsigned char* registers, uint32_t index, uint8_t value);

// PFDEBUG DECODE's text for sparse data: "Z:8436 v:1,1 z:3 ...".
std::string describe_sparse(std::string_view value);

}  // namespace ringkv::cmd::hll
