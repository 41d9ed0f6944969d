// HyperLogLog registers and their dense and sparse codecs; see
// hll_encoding.h. The estimator lives in hll_estimator.cc.
#include "cmd/hll_encoding.h"

#include <algorithm>
#include <bit>

#include "cmd/hll_sparse.h"
#include "util/murmur64.h"

namespace ringkv::cmd::hll {

namespace {

constexpr uint32_t kHashSeed = 0xadc83b19;
constexpr size_t kEncodingByte = 4;
constexpr size_t kCacheByte = 8;  // first byte of the cached cardinality
constexpr unsigned char kStaleBit = 0x80;

unsigned char* dense_registers(std::string* value) {
  return reinterpret_cast<unsigned char*>(value->data()) + kHeaderSize;
}

const unsigned char* dense_registers(std::string_view value) {
  return reinterpret_cast<const unsigned char*>(value.data()) + kHeaderSize;
}

Update set_dense(std::string* value, uint32_t index, uint8_t run) {
  unsigned char* registers = dense_registers(value);
  if (get_dense_register(registers, index) >= run) return Update::kUnchanged;
  set_dense_register(registers, index, run);
  return Update::kChanged;
}

}  // namespace

Pattern pattern_of(std::string_view element) {
  uint64_t hash = murmur_hash64a(element, kHashSeed);
  auto index = static_cast<uint32_t>(hash & (kRegisterCount - 1));
  // The run is counted in the bits above the index; a sentinel bit caps it
  // at kRunBits + 1.
  hash >>= kPrecision;
  hash |= uint64_t{1} << kRunBits;
  return Pattern{index, static_cast<uint8_t>(1 + std::countr_zero(hash))};
}

std::string new_value() {
  std::string value("HYLL", 4);
  value.push_back(static_cast<char>(Encoding::kSparse));
  value.append(kHeaderSize - value.size(), '\0');
  append_sparse_zeros(&value, kRegisterCount);
  return value;
}

bool is_valid_header(std::string_view value) {
  if (value.size() < kHeaderSize || value.substr(0, 4) != "HYLL") return false;
  auto encoding = static_cast<uint8_t>(value[kEncodingByte]);
  if (encoding == static_cast<uint8_t>(Encoding::kDense)) return value.size() == kDenseSize;
  return encoding == static_cast<uint8_t>(Encoding::kSparse);
}

Encoding encoding_of(std::string_view value) {
  return static_cast<Encoding>(value[kEncodingByte]);
}

Update set_register(std::string* value, uint32_t index, uint8_t run, size_t sparse_max_bytes) {
  if (encoding_of(*value) == Encoding::kDense) return set_dense(value, index, run);
  switch (set_sparse_register(value, index, run, sparse_max_bytes)) {
    case SparseSet::kUnchanged:
      return Update::kUnchanged;
    case SparseSet::kChanged:
      return Update::kChanged;
    case SparseSet::kCorrupt:
      return Update::kCorrupt;
    case SparseSet::kNeedsDense:
      break;
  }
  if (!to_dense(value)) return Update::kCorrupt;
  // Promotion happens only for a register that must grow, so this changes.
  return set_dense(value, index, run);
}

bool to_dense(std::string* value) {
  if (encoding_of(*value) == Encoding::kDense) return true;
  std::string dense(kDenseSize, '\0');
  dense.replace(0, kHeaderSize, *value, 0, kHeaderSize);
  dense[kEncodingByte] = static_cast<char>(Encoding::kDense);
  unsigned char* registers = dense_registers(&dense);
  bool valid = walk_registers(*value, [&](long first, const SparseOpcode& opcode) {
    if (opcode.kind != SparseOpcode::kValue) return;
    for (long i = first; i < first + opcode.run; ++i) {
      set_dense_register(registers, static_cast<uint32_t>(i), static_cast<uint8_t>(opcode.value));
    }
  });
  if (!valid) return false;
  *value = std::move(dense);
  return true;
}

bool merge_into(std::string_view value, Registers* max) {
  if (encoding_of(value) == Encoding::kDense) {
    const unsigned char* registers = dense_registers(value);
    for (uint32_t i = 0; i < kRegisterCount; ++i) {
      (*max)[i] = std::max((*max)[i], get_dense_register(registers, i));
    }
    return true;
  }
  return walk_registers(value, [&](long first, const SparseOpcode& opcode) {
    if (opcode.kind != SparseOpcode::kValue) return;
    for (long i = first; i < first + opcode.run; ++i) {
      (*max)[i] = std::max((*max)[i], static_cast<uint8_t>(opcode.value));
    }
  });
}

bool cached_cardinality(std::string_view value, uint64_t* out) {
  if (static_cast<unsigned char>(value[kCacheByte + 7]) & kStaleBit) return false;
  uint64_t cardinality = 0;
  for (int i = 7; i >= 0; --i) {
    cardinality = (cardinality << 8) | static_cast<unsigned char>(value[kCacheByte + i]);
  }
  *out = cardinality;
  return true;
}

void store_cardinality(std::string* value, uint64_t cardinality) {
  for (size_t i = 0; i < 8; ++i) {
    (*value)[kCacheByte + i] = static_cast<char>((cardinality >> (8 * i)) & 0xff);
  }
}

void invalidate_cache(std::string* value) {
  (*value)[kCacheByte + 7] = static_cast<char>((*value)[kCacheByte + 7] | kStaleBit);
}

// Register i starts at bit 6*i; it spills into the next byte only when it
// starts above bit 2, so the byte after the last register is never touched.
uint8_t get_dense_register(const unsigned char* registers, uint32_t index) {
  size_t byte = index * 6 / 8;
  unsigned shift = index * 6 % 8;
  unsigned bits = registers[byte] >> shift;
  if (shift > 2) bits |= static_cast<unsigned>(registers[byte + 1]) << (8 - shift);
  return static_cast<uint8_t>(bits & kRegisterMax);
}

void set_dense_register(unsigned char* registers, uint32_t index, uint8_t value) {
  size_t byte = index * 6 / 8;
  unsigned shift = index * 6 % 8;
  unsigned bits = value & kRegisterMax;
  registers[byte] = static_cast<unsigned char>((registers[byte] & ~(kRegisterMax << shift)) |
                                               (bits << shift));
  if (shift > 2) {
    unsigned high = 8 - shift;
    registers[byte + 1] = static_cast<unsigned char>(
        (registers[byte + 1] & ~(kRegisterMax >> high)) | (bits >> high));
  }
}

}  // namespace ringkv::cmd::hll
