// MurmurHash64A; see murmur64.h.
#include "util/murmur64.h"

namespace ringkv {

namespace {

uint64_t load_le64(const unsigned char* bytes) {
  uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | bytes[i];
  return value;
}

}  // namespace

uint64_t murmur_hash64a(std::string_view data, uint32_t seed) {
  constexpr uint64_t kMultiplier = 0xc6a4a7935bd1e995ULL;
  constexpr int kShift = 47;
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  // Redis passes the length as an int; the product wraps the same way.
  uint64_t hash = seed ^ (static_cast<uint64_t>(static_cast<int>(data.size())) * kMultiplier);
  size_t whole = data.size() - data.size() % 8;
  for (size_t i = 0; i < whole; i += 8) {
    uint64_t k = load_le64(bytes + i);
    k *= kMultiplier;
    k ^= k >> kShift;
    k *= kMultiplier;
    hash ^= k;
    hash *= kMultiplier;
  }
  size_t tail = data.size() % 8;
  if (tail != 0) {
    for (size_t i = tail; i-- > 0;) hash ^= static_cast<uint64_t>(bytes[whole + i]) << (8 * i);
    hash *= kMultiplier;
  }
  hash ^= hash >> kShift;
  hash *= kMultiplier;
  hash ^= hash >> kShift;
  return hash;
}

}  // namespace ringkv
