// Sparse HyperLogLog opcodes; see hll_sparse.h.
#include "cmd/hll_sparse.h"

#include <optional>

namespace ringkv::cmd::hll {

namespace {

constexpr unsigned char kKindMask = 0xc0;
constexpr unsigned char kXZeroBit = 0x40;
constexpr unsigned char kValueBit = 0x80;
constexpr int kZeroMaxRun = 64;
constexpr int kValueMaxRun = 4;
// Redis looks at most this many opcodes from the one before the change when
// merging equal neighbours; more would produce different bytes.
constexpr int kMergeScanOpcodes = 5;

unsigned char byte_at(std::string_view value, size_t pos) {
  return pos < value.size() ? static_cast<unsigned char>(value[pos]) : 0;
}

char value_opcode(int value, int run) {
  return static_cast<char>(kValueBit | ((value - 1) << 2) | (run - 1));
}

bool is_value_opcode(unsigned char byte) { return (byte & kValueBit) != 0; }

// The opcode covering register `index`, where it starts and what precedes it.
struct Located {
  SparseOpcode opcode;
  size_t pos;
  long first;                  // first register it covers
  std::optional<size_t> prev;  // position of the opcode before it
};

std::optional<Located> locate(std::string_view value, uint32_t index) {
  std::optional<size_t> prev;
  long first = 0;
  for (size_t pos = kHeaderSize; pos < value.size();) {
    SparseOpcode opcode = read_sparse_opcode(value, pos);
    if (index <= first + opcode.run - 1) return Located{opcode, pos, first, prev};
    prev = pos;
    pos += opcode.size;
    first += opcode.run;
  }
  return std::nullopt;
}

// The opcodes replacing `at` once register `index` holds `run`: the part of
// the old run before it, a one-register VAL, the part after it.
std::string split_opcode(const Located& at, uint32_t index, uint8_t run) {
  std::string sequence;
  long last = at.first + at.opcode.run - 1;
  bool zeros = at.opcode.kind != SparseOpcode::kValue;
  auto append_part = [&](long count) {
    if (zeros) {
      append_sparse_zeros(&sequence, count);
    } else {
      sequence.push_back(value_opcode(at.opcode.value, static_cast<int>(count)));
    }
  };
  if (index != at.first) append_part(index - at.first);
  sequence.push_back(value_opcode(run, 1));
  if (index != last) append_part(last - index);
  return sequence;
}

// Joins adjacent VAL opcodes of equal value (up to 4 registers) starting
// from `pos`, exactly as far as Redis looks.
void merge_neighbours(std::string* value, size_t pos) {
  int scan = kMergeScanOpcodes;
  while (pos < value->size() && scan-- > 0) {
    SparseOpcode opcode = read_sparse_opcode(*value, pos);
    if (opcode.kind != SparseOpcode::kValue) {
      pos += opcode.size;
      continue;
    }
    if (pos + 1 < value->size() && is_value_opcode(byte_at(*value, pos + 1))) {
      SparseOpcode next = read_sparse_opcode(*value, pos + 1);
      int run = opcode.run + next.run;
      if (opcode.value == next.value && run <= kValueMaxRun) {
        (*value)[pos + 1] = value_opcode(opcode.value, run);
        value->erase(pos, 1);
        continue;  // the merged opcode may join the one after it too
      }
    }
    ++pos;
  }
}

}  // namespace

SparseOpcode read_sparse_opcode(std::string_view value, size_t pos) {
  unsigned char byte = byte_at(value, pos);
  if ((byte & kKindMask) == 0) return {SparseOpcode::kZero, (byte & 0x3f) + 1, 0, 1};
  if ((byte & kKindMask) == kXZeroBit) {
    int run = (((byte & 0x3f) << 8) | byte_at(value, pos + 1)) + 1;
    return {SparseOpcode::kXZero, run, 0, 2};
  }
  return {SparseOpcode::kValue, (byte & 0x3) + 1, ((byte >> 2) & 0x1f) + 1, 1};
}

void append_sparse_zeros(std::string* out, long count) {
  if (count > kZeroMaxRun) {
    long stored = count - 1;
    out->push_back(static_cast<char>(kXZeroBit | (stored >> 8)));
    out->push_back(static_cast<char>(stored & 0xff));
  } else {
    out->push_back(static_cast<char>(count - 1));
  }
}

SparseSet set_sparse_register(std::string* value, uint32_t index, uint8_t run, size_t max_bytes) {
  if (run > kSparseValueMax) return SparseSet::kNeedsDense;
  std::optional<Located> at = locate(*value, index);
  if (!at) return SparseSet::kCorrupt;
  const SparseOpcode& opcode = at->opcode;
  if (opcode.kind == SparseOpcode::kValue && opcode.value >= run) return SparseSet::kUnchanged;
  if (opcode.run == 1 && opcode.kind != SparseOpcode::kXZero) {
    // A single zero or lower value: rewrite the byte in place.
    (*value)[at->pos] = value_opcode(run, 1);
  } else {
    std::string sequence = split_opcode(*at, index, run);
    long growth = static_cast<long>(sequence.size()) - static_cast<long>(opcode.size);
    if (growth > 0 && value->size() + growth > max_bytes) return SparseSet::kNeedsDense;
    // Sized as Redis sizes it even when a truncated final XZERO makes the
    // replaced range shorter than the opcode.
    size_t new_size = value->size() + growth;
    value->replace(at->pos, opcode.size, sequence);
    value->resize(new_size);
  }
  merge_neighbours(value, at->prev.value_or(kHeaderSize));
  return SparseSet::kChanged;
}

std::string describe_sparse(std::string_view value) {
  std::string text;
  walk_sparse(value, [&](long, const SparseOpcode& opcode) {
    if (!text.empty()) text.push_back(' ');
    switch (opcode.kind) {
      case SparseOpcode::kZero:
        text += "z:" + std::to_string(opcode.run);
        break;
      case SparseOpcode::kXZero:
        text += "Z:" + std::to_string(opcode.run);
        break;
      case SparseOpcode::kValue:
        text += "v:" + std::to_string(opcode.value) + "," + std::to_string(opcode.run);
        break;
    }
    return true;
  });
  return text;
}

}  // namespace ringkv::cmd::hll
