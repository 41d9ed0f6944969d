// BITFIELD and BITFIELD_RO: signed and unsigned integers of 1..64 bits
// (unsigned up to 63, as replies are signed 64-bit) at any bit offset of a
// string, with Redis's WRAP/SAT/FAIL overflow rules. All operations are
// parsed before any runs, so a bad argument changes nothing.
#include <algorithm>
#include <optional>
#include <vector>

#include "cmd/args.h"
#include "cmd/bit_string.h"
#include "cmd/string_commands.h"
#include "cmd/string_value.h"
#include "util/numbers.h"

namespace ringkv::cmd {

namespace {

using store::Meta;

enum class Overflow { kWrap, kSat, kFail };
enum class FieldOpcode { kGet, kSet, kIncrby };

struct FieldOperation {
  FieldOpcode opcode;
  Overflow overflow;
  uint64_t offset;
  int bits;
  bool is_signed;
  int64_t operand;  // SET's value or INCRBY's increment
};

// Reads `bits` bits at bit `offset` of `bytes` (which must hold them).
uint64_t get_unsigned(std::string_view bytes, uint64_t offset, int bits) {
  uint64_t value = 0;
  for (int j = 0; j < bits; ++j, ++offset) {
    auto byte = static_cast<unsigned char>(bytes[offset >> 3]);
    value = (value << 1) | ((byte >> (7 - (offset & 7))) & 1u);
  }
  return value;
}

int64_t get_signed(std::string_view bytes, uint64_t offset, int bits) {
  uint64_t value = get_unsigned(bytes, offset, bits);
  // Two's complement: propagate the field's sign bit to the high bits.
  if (bits < 64 && (value & (uint64_t{1} << (bits - 1)))) value |= ~uint64_t{0} << bits;
  return static_cast<int64_t>(value);
}

void set_unsigned(std::string* bytes, uint64_t offset, int bits, uint64_t value) {
  for (int j = 0; j < bits; ++j, ++offset) {
    bool bit = (value >> (bits - 1 - j)) & 1u;
    auto mask = static_cast<unsigned char>(1u << (7 - (offset & 7)));
    char& byte = (*bytes)[offset >> 3];
    byte = static_cast<char>(bit ? (byte | mask) : (byte & ~mask));
  }
}

// Redis's checkUnsignedBitfieldOverflow: 0 if value + increment fits in
// `bits`, else 1 (overflow) or -1 (underflow) with *limit the WRAP or SAT
// result.
int unsigned_overflow(uint64_t value, int64_t increment, int bits, Overflow mode,
                      uint64_t* limit) {
  uint64_t max = bits == 64 ? UINT64_MAX : (uint64_t{1} << bits) - 1;
  auto max_increment = static_cast<int64_t>(max - value);
  auto min_increment = static_cast<int64_t>(0 - value);
  int result = 0;
  if (value > max || (increment > 0 && increment > max_increment)) {
    result = 1;
    *limit = max;
  } else if (increment < 0 && increment < min_increment) {
    result = -1;
    *limit = 0;
  }
  if (result != 0 && mode == Overflow::kWrap) {
    uint64_t mask = bits == 64 ? 0 : ~uint64_t{0} << bits;
    *limit = (value + static_cast<uint64_t>(increment)) & ~mask;
    result = 1;  // Redis reports every wrap as an overflow
  }
  return result;
}

// Redis's checkSignedBitfieldOverflow, same contract for signed fields.
int signed_overflow(int64_t value, int64_t increment, int bits, Overflow mode, int64_t* limit) {
  int64_t max = bits == 64 ? INT64_MAX : (int64_t{1} << (bits - 1)) - 1;
  int64_t min = -max - 1;
  // Computed unsigned: they may wrap, but are only used where they do not.
  auto max_increment = static_cast<int64_t>(static_cast<uint64_t>(max) - static_cast<uint64_t>(value));
  auto min_increment = static_cast<int64_t>(static_cast<uint64_t>(min) - static_cast<uint64_t>(value));
  int result = 0;
  if (value > max || (bits != 64 && increment > max_increment) ||
      (value >= 0 && increment > 0 && increment > max_increment)) {
    result = 1;
    *limit = max;
  } else if (value < min || (bits != 64 && increment < min_increment) ||
             (value < 0 && increment < 0 && increment < min_increment)) {
    result = -1;
    *limit = min;
  }
  if (result != 0 && mode == Overflow::kWrap) {
    uint64_t sum = static_cast<uint64_t>(value) + static_cast<uint64_t>(increment);
    if (bits < 64) {
      uint64_t mask = ~uint64_t{0} << bits;
      sum = (sum & (uint64_t{1} << (bits - 1))) ? (sum | mask) : (sum & ~mask);
    }
    *limit = static_cast<int64_t>(sum);
    result = 1;
  }
  return result;
}

// Redis's getBitfieldTypeFromArgument: "i1".."i64" or "u1".."u63".
bool parse_field_type(CommandContext& ctx, std::string_view text, bool* is_signed, int* bits) {
  int64_t width = 0;
  bool valid = !text.empty() && (text[0] == 'i' || text[0] == 'u') &&
               parse_int64(text.substr(1), &width) && width >= 1 &&
               width <= (text[0] == 'i' ? 64 : 63);
  if (!valid) {
    ctx.reply.error(
        "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported "
        "but i64 is.");
    return false;
  }
  *is_signed = text[0] == 'i';
  *bits = static_cast<int>(width);
  return true;
}

bool parse_overflow(CommandContext& ctx, std::string_view text, Overflow* overflow) {
  if (is_option(text, "WRAP")) {
    *overflow = Overflow::kWrap;
  } else if (is_option(text, "SAT")) {
    *overflow = Overflow::kSat;
  } else if (is_option(text, "FAIL")) {
    *overflow = Overflow::kFail;
  } else {
    ctx.reply.error("ERR Invalid OVERFLOW type specified");
    return false;
  }
  return true;
}

// Parses every subcommand; *highest_bit is the last bit a write touches.
bool parse_operations(CommandContext& ctx, std::vector<FieldOperation>* operations,
                      uint64_t* highest_bit) {
  Overflow overflow = Overflow::kWrap;
  for (size_t j = 2; j < ctx.argc(); ++j) {
    size_t remaining = ctx.argc() - j - 1;
    std::string_view name = ctx.arg(j);
    FieldOperation operation{FieldOpcode::kGet, overflow, 0, 0, false, 0};
    if (is_option(name, "GET") && remaining >= 2) {
      operation.opcode = FieldOpcode::kGet;
    } else if (is_option(name, "SET") && remaining >= 3) {
      operation.opcode = FieldOpcode::kSet;
    } else if (is_option(name, "INCRBY") && remaining >= 3) {
      operation.opcode = FieldOpcode::kIncrby;
    } else if (is_option(name, "OVERFLOW") && remaining >= 1) {
      if (!parse_overflow(ctx, ctx.arg(++j), &overflow)) return false;
      continue;
    } else {
      ctx.reply.error(resp::kErrSyntax);
      return false;
    }
    if (!parse_field_type(ctx, ctx.arg(j + 1), &operation.is_signed, &operation.bits) ||
        !parse_bit_offset(ctx, ctx.arg(j + 2), operation.bits, &operation.offset)) {
      return false;
    }
    if (operation.opcode != FieldOpcode::kGet) {
      *highest_bit = std::max(*highest_bit, operation.offset + operation.bits - 1);
      if (!parse_integer_arg(ctx, ctx.arg(j + 3), &operation.operand)) return false;
    }
    operations->push_back(operation);
    j += operation.opcode == FieldOpcode::kGet ? 2 : 3;
  }
  return true;
}

// Runs a SET or INCRBY on `value`; replies the old (SET) or new (INCRBY)
// field, or nil when FAIL refuses an overflow. True when the field changed.
bool apply_write(CommandContext& ctx, const FieldOperation& operation, std::string* value) {
  bool incr = operation.opcode == FieldOpcode::kIncrby;
  uint64_t old_bits = get_unsigned(*value, operation.offset, operation.bits);
  uint64_t new_bits = 0;
  int overflow = 0;
  int64_t reply = 0;
  if (operation.is_signed) {
    int64_t old_value = get_signed(*value, operation.offset, operation.bits);
    int64_t limit = 0;
    int64_t wanted = incr ? old_value : operation.operand;
    overflow = signed_overflow(wanted, incr ? operation.operand : 0, operation.bits,
                               operation.overflow, &limit);
    int64_t new_value = overflow ? limit
                                 : static_cast<int64_t>(static_cast<uint64_t>(wanted) +
                                                        static_cast<uint64_t>(incr ? operation.operand : 0));
    new_bits = static_cast<uint64_t>(new_value);
    reply = incr ? new_value : old_value;
  } else {
    uint64_t limit = 0;
    uint64_t wanted = incr ? old_bits : static_cast<uint64_t>(operation.operand);
    overflow = unsigned_overflow(wanted, incr ? operation.operand : 0, operation.bits,
                                 operation.overflow, &limit);
    new_bits = overflow ? limit : wanted + static_cast<uint64_t>(incr ? operation.operand : 0);
    reply = static_cast<int64_t>(incr ? new_bits : old_bits);
  }
  if (overflow != 0 && operation.overflow == Overflow::kFail) {
    ctx.reply.null();
    return false;
  }
  ctx.reply.integer(reply);
  set_unsigned(value, operation.offset, operation.bits, new_bits);
  uint64_t field_mask = operation.bits == 64 ? UINT64_MAX : (uint64_t{1} << operation.bits) - 1;
  return (old_bits & field_mask) != (new_bits & field_mask);
}

// GET reads past the end of the string as zeros.
void reply_get(CommandContext& ctx, const FieldOperation& operation, std::string_view value) {
  uint64_t first_byte = operation.offset >> 3;
  std::string window(9, '\0');  // a 64-bit field spans at most 9 bytes
  for (uint64_t i = 0; i < 9 && first_byte + i < value.size(); ++i) {
    window[i] = value[first_byte + i];
  }
  uint64_t offset = operation.offset - first_byte * 8;
  if (operation.is_signed) {
    ctx.reply.integer(get_signed(window, offset, operation.bits));
  } else {
    ctx.reply.integer(static_cast<int64_t>(get_unsigned(window, offset, operation.bits)));
  }
}

void bitfield_generic(CommandContext& ctx, bool read_only_command) {
  std::vector<FieldOperation> operations;
  uint64_t highest_bit = 0;
  if (!parse_operations(ctx, &operations, &highest_bit)) return;
  bool writes = std::any_of(operations.begin(), operations.end(),
                            [](const auto& op) { return op.opcode != FieldOpcode::kGet; });
  BitTarget target;
  if (!writes) {
    if (!lookup_string(ctx, ctx.arg(1), StringAccess::kRead, &target.old)) return;
    if (target.old) target.value = std::move(target.old->value);
  } else if (read_only_command) {
    ctx.reply.error("ERR BITFIELD_RO only supports the GET subcommand");
    return;
  } else if (!lookup_bit_target(ctx, highest_bit, &target)) {
    return;
  }
  ctx.reply.array(operations.size());
  bool changed = target.grown;
  for (const FieldOperation& operation : operations) {
    if (operation.opcode == FieldOpcode::kGet) {
      reply_get(ctx, operation, target.value);
    } else if (apply_write(ctx, operation, &target.value)) {
      changed = true;
    }
  }
  if (writes && changed) store_bit_target(ctx, &target);
}

void bitfield(CommandContext& ctx) { bitfield_generic(ctx, false); }

void bitfield_ro(CommandContext& ctx) { bitfield_generic(ctx, true); }

}  // namespace

void add_bitfield_commands(std::vector<CommandSpec>* table) {
  table->push_back({"bitfield", -2, kWrite | kDenyOom, 1, 1, 1, bitfield, "bitmap",
                    "Perform arbitrary bitfield integer operations on strings", "3.2.0"});
  table->push_back({"bitfield_ro", -2, kReadonly | kFast, 1, 1, 1, bitfield_ro, "bitmap",
                    "Perform arbitrary bitfield integer operations on strings. Read-only "
                    "variant of BITFIELD",
                    "6.0.0"});
}

}  // namespace ringkv::cmd
