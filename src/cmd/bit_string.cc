// Bit command helpers; see bit_string.h.
#include "cmd/bit_string.h"

#include "cmd/string_value.h"
#include "server/engine.h"
#include "util/numbers.h"

namespace ringkv::cmd {

bool parse_bit_offset(CommandContext& ctx, std::string_view text, int bits, uint64_t* offset) {
  bool per_field = bits > 0 && !text.empty() && text[0] == '#';
  int64_t value = 0;
  if (parse_int64(per_field ? text.substr(1) : text, &value)) {
    // Redis multiplies in a signed 64-bit integer; a product that wraps
    // negative is then rejected like any negative offset.
    if (per_field) {
      value = static_cast<int64_t>(static_cast<uint64_t>(value) * static_cast<uint64_t>(bits));
    }
    if (value >= 0 &&
        (value >> 3) < ctx.engine.proto_max_bulk_len.load(std::memory_order_relaxed)) {
      *offset = static_cast<uint64_t>(value);
      return true;
    }
  }
  ctx.reply.error("ERR bit offset is not an integer or out of range");
  return false;
}

bool lookup_bit_target(CommandContext& ctx, uint64_t max_bit, BitTarget* target) {
  if (!lookup_string(ctx, ctx.arg(1), StringAccess::kWrite, &target->old)) return false;
  if (target->old) target->value = std::move(target->old->value);
  size_t needed = static_cast<size_t>(max_bit >> 3) + 1;
  target->grown = !target->old || target->value.size() < needed;
  if (target->value.size() < needed) target->value.resize(needed, '\0');
  return true;
}

void store_bit_target(CommandContext& ctx, BitTarget* target) {
  update_string(ctx, ctx.arg(1), std::move(target->value), target->old);
}

}  // namespace ringkv::cmd
