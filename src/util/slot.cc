// CRC16-XMODEM (poly 0x1021, init 0) and the hash tag rule.
#include "util/slot.h"

#include <array>

namespace ringkv {

namespace {
constexpr std::array<uint16_t, 256> make_table() {
  std::array<uint16_t, 256> table{};
  for (int byte = 0; byte < 256; ++byte) {
    auto crc = static_cast<uint16_t>(byte << 8);
    for (int bit = 0; bit < 8; ++bit) {
      crc = (crc & 0x8000) ? static_cast<uint16_t>((crc << 1) ^ 0x1021)
                           : static_cast<uint16_t>(crc << 1);
    }
    table[static_cast<size_t>(byte)] = crc;
  }
  return table;
}
constexpr auto kTable = make_table();
}  // namespace

uint16_t crc16_xmodem(std::string_view data) {
  uint16_t crc = 0;
  for (char c : data) {
    crc = static_cast<uint16_t>((crc << 8) ^
                                kTable[((crc >> 8) ^ static_cast<unsigned char>(c)) & 0xff]);
  }
  return crc;
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
