// CRC16-XMODEM (poly 0x1021, init 0) and the hash tag rule.
#include "util/slot.h"

#include <array>

namespace ringkv {

namespace {
// kTables[n][b]: the CRC register after byte b followed by n zero bytes,
// starting from 0. Eight bytes then fold in with eight independent lookups
// instead of a chain of eight dependent ones (routing hashes every key).
using Tables = std::array<std::array<uint16_t, 256>, 8>;
constexpr Tables make_tables() {
  Tables tables{};
  for (int byte = 0; byte < 256; ++byte) {
    auto crc = static_cast<uint16_t>(byte << 8);
    for (int bit = 0; bit < 8; ++bit) {
      crc = (crc & 0x8000) ? static_cast<uint16_t>((crc << 1) ^ 0x1021)
                           : static_cast<uint16_t>(crc << 1);
    }
    tables[0][static_cast<size_t>(byte)] = crc;
  }
  for (size_t n = 1; n < tables.size(); ++n) {
    for (size_t byte = 0; byte < 256; ++byte) {
      uint16_t previous = tables[n - 1][byte];
      tables[n][byte] = static_cast<uint16_t>((previous << 8) ^ tables[0][previous >> 8]);
    }
  }
  return tables;
}
constexpr Tables kTables = make_tables();

uint16_t crc16_bytewise(uint16_t crc, const unsigned char* data, size_t size) {
  for (size_t i = 0; i < size; ++i) {
    crc = static_cast<uint16_t>((crc << 8) ^ kTables[0][((crc >> 8) ^ data[i]) & 0xff]);
  }
  return crc;
}
}  // namespace

uint16_t crc16_xmodem(std::string_view data) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  size_t size = data.size();
  uint16_t crc = 0;
  for (; size >= 8; bytes += 8, size -= 8) {
    // The register meets the first two bytes; the other six only shift in.
    auto first = static_cast<uint16_t>(crc ^ (bytes[0] << 8 | bytes[1]));
    crc = static_cast<uint16_t>(kTables[7][first >> 8] ^ kTables[6][first & 0xff] ^
                                kTables[5][bytes[2]] ^ kTables[4][bytes[3]] ^
                                kTables[3][bytes[4]] ^ kTables[2][bytes[5]] ^
                                kTables[1][bytes[6]] ^ kTables[0][bytes[7]]);
  }
  return crc16_bytewise(crc, bytes, size);
}

uint16_t key_slot(std::string_view key) {
  size_t open = key.find('{');
  if (open != std::string_view::npos) {
    size_t close = key.find('}', open + 1);
    // An empty tag "{}" does not count: the whole key is hashed.
    if (close != std::string_view::npos && close > open + 1) {
      return crc16_xmodem(key.substr(open + 1, close - open - 1)) & 16383;
    }
  }
  return crc16_xmodem(key) & 16383;
}

}  // namespace ringkv
