// MurmurHash64A (Austin Appleby's MurmurHash2, 64-bit variant) exactly as
// Redis uses it for HyperLogLog: bytes are read little-endian whatever the
// host order, so the same element lands in the same register everywhere.
// Pure function, safe from any thread.
#pragma once

#include <cstdint>
#include <string_view>

namespace ringkv {

uint64_t murmur_hash64a(std::string_view data, uint32_t seed);

}  // namespace ringkv
