// The sparse HyperLogLog code (see hll_encoding.h for the opcodes): reading
// opcodes, walking them and raising one register in place the way Redis's
// hllSparseSet does, so the resulting bytes match Redis's. Internal to the
// hll_* files. Pure code, safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cmd/hll_encoding.h"

namespace ringkv::cmd::hll {

struct SparseOpcode {
  enum Kind { kZero, kXZero, kValue } kind;
  int run;     // registers covered
  int value;   // register value (kValue only)
  size_t size; // bytes
};

// The opcode at `pos` (< value.size()).
SparseOpcode read_sparse_opcode(std::string_view value, size_t pos);

// Visits the opcodes of a sparse value in order as visit(first register,
// opcode) until the visitor returns false; returns the index of the first
// register not visited (kRegisterCount for well-formed data).
template <typename Visit>
long walk_sparse(std::string_view value, Visit&& visit) {
  long reached = 0;
  for (size_t pos = kHeaderSize; pos < value.size();) {
    SparseOpcode opcode = read_sparse_opcode(value, pos);
    if (!visit(reached, opcode)) break;
    reached += opcode.run;
    pos += opcode.size;
  }
  return reached;
}

// Visits the opcodes of a sparse value as visit(first register, opcode),
// stopping before one that would reach past the last register. True if the
// opcodes cover exactly kRegisterCount registers. (An opcode after all
// registers are covered makes the value corrupt, as in Redis since the fix
// for CVE-2025-32023.)
template <typename Visit>
bool walk_registers(std::string_view value, Visit&& visit) {
  bool overflow = false;
  long reached = walk_sparse(value, [&](long first, const SparseOpcode& opcode) {
    overflow = first + opcode.run > kRegisterCount;
    if (!overflow) visit(first, opcode);
    return !overflow;
  });
  return !overflow && reached == kRegisterCount;
}

// Appends opcodes for `count` (1..16384) zero registers: ZERO up to 64,
// XZERO above, as Redis writes them.
void append_sparse_zeros(std::string* out, long count);

enum class SparseSet { kUnchanged, kChanged, kCorrupt, kNeedsDense };

// Raises register `index` of a sparse value to `run` if lower. kNeedsDense
// (value untouched) when `run` is above what VAL holds or the value would
// grow past `max_bytes`.
SparseSet set_sparse_register(std::string* value, uint32_t index, uint8_t run, size_t max_bytes);

}  // namespace ringkv::cmd::hll
