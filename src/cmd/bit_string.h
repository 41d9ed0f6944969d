// Helpers shared by the bitmap commands (bitmaps.cc) and BITFIELD
// (bitfield.cc): bit offset arguments and the string a bit write works on.
// Bit 0 is the most significant bit of the first byte, as in Redis.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cmd/command.h"

namespace ringkv::cmd {

// Redis's getBitOffsetFromArgument: a non-negative bit offset whose byte
// lies below proto-max-bulk-len. With `bits` > 0 the "#N" form is accepted
// and means N * bits (BITFIELD). Replies "bit offset is not an integer or
// out of range" and returns false on failure.
bool parse_bit_offset(CommandContext& ctx, std::string_view text, int bits, uint64_t* offset);

// The string value a bit write (SETBIT, BITFIELD) modifies: the key's
// current metadata (`old`, nullopt when absent) and its value zero-padded so
// that bit `max_bit` exists. `grown` tells whether that created the key or
// lengthened it — a change to store even if no bit flips.
struct BitTarget {
  std::optional<store::Meta> old;
  std::string value;
  bool grown = false;
};

// Fills *target for the string at argument 1; replies WRONGTYPE and returns
// false when the key holds another type.
bool lookup_bit_target(CommandContext& ctx, uint64_t max_bit, BitTarget* target);

// Stores the modified value, keeping the key's TTL.
void store_bit_target(CommandContext& ctx, BitTarget* target);

}  // namespace ringkv::cmd
