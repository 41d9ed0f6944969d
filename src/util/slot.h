// Key → hash slot, exactly as Redis Cluster computes it: CRC16 (XMODEM) of
// the key, or of its {hash tag}, modulo 16384. ringkv maps slots to shards.
#pragma once

#include <cstdint>
#include <string_view>

namespace ringkv {

uint16_t crc16_xmodem(std::string_view data);
// Slot of `key` (0..16383) honouring the first non-empty {hash tag}.
uint16_t key_slot(std::string_view key);

}  // namespace ringkv
