// KeyFilter: blocked Bloom filter; see the header.
#include "store/key_filter.h"

#include <algorithm>
#include <functional>

namespace ringkv::store {

namespace {
// A final mix (from splitmix64) so that db and key bits reach every bit used.
uint64_t mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}
}  // namespace

KeyFilter::KeyFilter(size_t capacity) : capacity_(std::max<size_t>(capacity, 1024)) {
  size_t bits = capacity_ * kBitsPerKey;
  blocks_.resize((bits + 511) / 512, Block{});
}

uint64_t KeyFilter::hash(int db, std::string_view key) {
  return mix(std::hash<std::string_view>()(key) + static_cast<uint64_t>(db) * 0x9e3779b97f4a7c15ull);
}

size_t KeyFilter::block_index(uint64_t hash) const {
  // The high half picks the block (multiply-shift instead of a division),
  // the low half the bits inside it.
  return static_cast<size_t>(((hash >> 32) * blocks_.size()) >> 32);
}

void KeyFilter::add(uint64_t hash) {
  Block& block = blocks_[block_index(hash)];
  auto h1 = static_cast<uint32_t>(hash);
  uint32_t h2 = (h1 >> 17) | (h1 << 15) | 1;
  for (int i = 0; i < kProbes; ++i) {
    uint32_t bit = (h1 + static_cast<uint32_t>(i) * h2) & 511;
    block.words[bit >> 6] |= uint64_t{1} << (bit & 63);
  }
  ++added_;
}

bool KeyFilter::may_contain(uint64_t hash) const {
  const Block& block = blocks_[block_index(hash)];
  auto h1 = static_cast<uint32_t>(hash);
  uint32_t h2 = (h1 >> 17) | (h1 << 15) | 1;
  for (int i = 0; i < kProbes; ++i) {
    uint32_t bit = (h1 + static_cast<uint32_t>(i) * h2) & 511;
    if ((block.words[bit >> 6] & (uint64_t{1} << (bit & 63))) == 0) return false;
  }
  return true;
}

}  // namespace ringkv::store
