// Bitmap commands (bitops.c's counterpart): SETBIT, GETBIT, BITCOUNT,
// BITPOS and BITOP over string values; BITFIELD lives in bitfield.cc and is
// registered from here.
#include <algorithm>
#include <bit>
#include <optional>
#include <vector>

#include "cmd/args.h"
#include "cmd/bit_string.h"
#include "cmd/families.h"
#include "cmd/string_commands.h"
#include "cmd/string_value.h"

namespace ringkv::cmd {

namespace {

using store::Meta;

unsigned char byte_at(std::string_view value, size_t index) {
  return static_cast<unsigned char>(value[index]);
}

int64_t popcount(std::string_view bytes) {
  int64_t count = 0;
  for (char c : bytes) count += std::popcount(static_cast<unsigned char>(c));
  return count;
}

// Redis's redisBitpos: the position of the first `bit` in `bytes`. When no
// 0 is found the bytes count as zero-padded on the right (size * 8); when
// no 1 is found the answer is -1.
int64_t first_bit(std::string_view bytes, int bit) {
  unsigned char skip = bit ? 0x00 : 0xff;
  for (size_t i = 0; i < bytes.size(); ++i) {
    auto byte = static_cast<unsigned char>(bytes[i]);
    if (byte == skip) continue;
    auto wanted = static_cast<unsigned char>(bit ? byte : ~byte);
    return static_cast<int64_t>(i * 8) + std::countl_zero(wanted);
  }
  return bit ? -1 : static_cast<int64_t>(bytes.size() * 8);
}

// A BITCOUNT/BITPOS range after Redis's normalisation: inclusive byte
// indexes, and for BIT ranges masks of the bits of the edge bytes that lie
// outside the range.
struct ByteRange {
  int64_t start = 0;
  int64_t end = 0;
  unsigned char first_outside = 0;  // bits of byte `start` before the range
  unsigned char last_outside = 0;   // bits of byte `end` after the range
};

ByteRange normalize_range(int64_t start, int64_t end, int64_t length, bool in_bits) {
  int64_t total = in_bits ? length << 3 : length;
  if (start < 0) start += total;
  if (end < 0) end += total;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= total) end = total - 1;
  ByteRange range{start, end};
  if (in_bits && start <= end) {
    range.first_outside = static_cast<unsigned char>(~((1u << (8 - (start & 7))) - 1) & 0xff);
    range.last_outside = static_cast<unsigned char>((1u << (7 - (end & 7))) - 1);
    range.start = start >> 3;
    range.end = end >> 3;
  }
  return range;
}

// Parses BIT|BYTE at argument `index`; replies "syntax error" if neither.
bool parse_range_unit(CommandContext& ctx, size_t index, bool* in_bits) {
  if (is_option(ctx.arg(index), "BIT")) {
    *in_bits = true;
  } else if (is_option(ctx.arg(index), "BYTE")) {
    *in_bits = false;
  } else {
    ctx.reply.error(resp::kErrSyntax);
    return false;
  }
  return true;
}

void setbit(CommandContext& ctx) {
  uint64_t offset = 0;
  if (!parse_bit_offset(ctx, ctx.arg(2), 0, &offset)) return;
  int64_t on = 0;
  constexpr std::string_view kErrBit = "ERR bit is not an integer or out of range";
  if (!parse_integer_arg(ctx, ctx.arg(3), &on, kErrBit)) return;
  if (on & ~int64_t{1}) {
    ctx.reply.error(kErrBit);
    return;
  }
  BitTarget target;
  if (!lookup_bit_target(ctx, offset, &target)) return;
  auto mask = static_cast<unsigned char>(1u << (7 - (offset & 7)));
  char& byte = target.value[offset >> 3];
  bool was_set = (static_cast<unsigned char>(byte) & mask) != 0;
  if (target.grown || was_set != (on == 1)) {
    byte = static_cast<char>(on ? (byte | mask) : (byte & ~mask));
    store_bit_target(ctx, &target);
  }
  ctx.reply.integer(was_set ? 1 : 0);
}

void getbit(CommandContext& ctx) {
  uint64_t offset = 0;
  if (!parse_bit_offset(ctx, ctx.arg(2), 0, &offset)) return;
  std::optional<Meta> meta;
  if (!lookup_string(ctx, ctx.arg(1), StringAccess::kRead, &meta)) return;
  uint64_t index = offset >> 3;
  bool set = meta && index < meta->value.size() &&
             (byte_at(meta->value, index) & (1u << (7 - (offset & 7)))) != 0;
  ctx.reply.integer(set ? 1 : 0);
}

void bitcount(CommandContext& ctx) {
  std::optional<Meta> meta;
  if (!lookup_string(ctx, ctx.arg(1), StringAccess::kRead, &meta)) return;
  // Redis answers 0 for a missing key before looking at the arguments.
  if (!meta) {
    ctx.reply.integer(0);
    return;
  }
  std::string_view value = meta->value;
  auto length = static_cast<int64_t>(value.size());
  ByteRange range{0, length - 1};
  if (ctx.argc() == 4 || ctx.argc() == 5) {
    int64_t start = 0, end = 0;
    if (!parse_integer_arg(ctx, ctx.arg(2), &start) ||
        !parse_integer_arg(ctx, ctx.arg(3), &end)) {
      return;
    }
    // This early answer comes before the unit is read, as in Redis 7.0.
    if (start < 0 && end < 0 && start > end) {
      ctx.reply.integer(0);
      return;
    }
    bool in_bits = false;
    if (ctx.argc() == 5 && !parse_range_unit(ctx, 4, &in_bits)) return;
    range = normalize_range(start, end, length, in_bits);
  } else if (ctx.argc() != 2) {
    ctx.reply.error(resp::kErrSyntax);
    return;
  }
  if (range.start > range.end) {
    ctx.reply.integer(0);
    return;
  }
  auto start = static_cast<size_t>(range.start);
  auto end = static_cast<size_t>(range.end);
  int64_t count = popcount(value.substr(start, end - start + 1));
  count -= std::popcount(static_cast<unsigned char>(byte_at(value, start) & range.first_outside));
  count -= std::popcount(static_cast<unsigned char>(byte_at(value, end) & range.last_outside));
  ctx.reply.integer(count);
}

// The position of the first `bit` in byte `index` of `value` with the bits
// in `outside` forced to the opposite value, relative to that byte.
int64_t first_bit_in_byte(std::string_view value, int64_t index, unsigned char outside, int bit) {
  unsigned char byte = byte_at(value, static_cast<size_t>(index));
  auto masked = static_cast<char>(bit ? (byte & ~outside) : (byte | outside));
  return first_bit(std::string_view(&masked, 1), bit);
}

// Where BITPOS's search inside a normalised range ended: `position` is
// relative to byte `start`, and `bytes` bytes were left from there.
struct BitSearch {
  int64_t position = -1;
  int64_t start = 0;
  int64_t bytes = 0;
};

// Redis's bitposCommand search: the first byte (bits before the range
// masked), then the whole bytes, then the last byte (bits after the range
// masked), stopping as soon as a part answers.
BitSearch search_range(std::string_view value, const ByteRange& range, int bit) {
  BitSearch search{-1, range.start, range.end - range.start + 1};
  if (range.first_outside != 0) {
    unsigned char outside = range.first_outside;
    if (range.last_outside != 0 && search.bytes == 1) outside |= range.last_outside;
    search.position = first_bit_in_byte(value, search.start, outside, bit);
    if (search.bytes == 1 || (search.position != -1 && search.position != 8)) return search;
    ++search.start;
    --search.bytes;
  }
  int64_t whole = search.bytes - (range.last_outside != 0 ? 1 : 0);
  if (whole > 0) {
    search.position = first_bit(
        value.substr(static_cast<size_t>(search.start), static_cast<size_t>(whole)), bit);
    if (search.bytes == whole || (search.position != -1 && search.position != whole * 8)) {
      return search;
    }
    search.start += whole;
    search.bytes -= whole;
  }
  search.position = first_bit_in_byte(value, range.end, range.last_outside, bit);
  return search;
}

void bitpos(CommandContext& ctx) {
  int64_t bit = 0;
  if (!parse_integer_arg(ctx, ctx.arg(2), &bit)) return;
  if (bit != 0 && bit != 1) {
    ctx.reply.error("ERR The bit argument must be 1 or 0.");
    return;
  }
  std::optional<Meta> meta;
  if (!lookup_string(ctx, ctx.arg(1), StringAccess::kRead, &meta)) return;
  // A missing key is an infinite run of zeros.
  if (!meta) {
    ctx.reply.integer(bit ? -1 : 0);
    return;
  }
  std::string_view value = meta->value;
  auto length = static_cast<int64_t>(value.size());
  ByteRange range{0, length - 1};
  bool end_given = false;
  if (ctx.argc() >= 4 && ctx.argc() <= 6) {
    int64_t start = 0;
    if (!parse_integer_arg(ctx, ctx.arg(3), &start)) return;
    bool in_bits = false;
    if (ctx.argc() == 6 && !parse_range_unit(ctx, 5, &in_bits)) return;
    int64_t end = in_bits ? (length << 3) + 7 : length - 1;
    if (ctx.argc() >= 5) {
      if (!parse_integer_arg(ctx, ctx.arg(4), &end)) return;
      end_given = true;
    }
    range = normalize_range(start, end, length, in_bits);
  } else if (ctx.argc() != 3) {
    ctx.reply.error(resp::kErrSyntax);
    return;
  }
  // An empty range holds neither a 0 nor a 1.
  if (range.start > range.end) {
    ctx.reply.integer(-1);
    return;
  }
  BitSearch search = search_range(value, range, static_cast<int>(bit));
  // With an explicit end the bytes right of the range are not zero padding:
  // "first 0 just past the range" means there is no 0 in it.
  if (end_given && bit == 0 && search.position == search.bytes * 8) {
    ctx.reply.integer(-1);
    return;
  }
  int64_t position = search.position;
  if (position != -1) position += search.start * 8;
  ctx.reply.integer(position);
}

enum class BitOperation { kAnd, kOr, kXor, kNot };

bool parse_bit_operation(std::string_view name, BitOperation* operation) {
  if (is_option(name, "AND")) {
    *operation = BitOperation::kAnd;
  } else if (is_option(name, "OR")) {
    *operation = BitOperation::kOr;
  } else if (is_option(name, "XOR")) {
    *operation = BitOperation::kXor;
  } else if (is_option(name, "NOT")) {
    *operation = BitOperation::kNot;
  } else {
    return false;
  }
  return true;
}

// Combines the sources byte by byte; a source shorter than the longest
// reads as zero-padded.
std::string combine(BitOperation operation, const std::vector<std::string>& sources,
                    size_t length) {
  std::string result(length, '\0');
  for (size_t i = 0; i < length; ++i) {
    auto byte_of = [i](const std::string& source) -> unsigned char {
      return i < source.size() ? static_cast<unsigned char>(source[i]) : 0;
    };
    unsigned char output = byte_of(sources[0]);
    if (operation == BitOperation::kNot) output = static_cast<unsigned char>(~output);
    for (size_t s = 1; s < sources.size(); ++s) {
      if (operation == BitOperation::kAnd) output &= byte_of(sources[s]);
      if (operation == BitOperation::kOr) output |= byte_of(sources[s]);
      if (operation == BitOperation::kXor) output ^= byte_of(sources[s]);
    }
    result[i] = static_cast<char>(output);
  }
  return result;
}

// BITOP operation destkey key [key ...]: the destination is replaced
// whatever its type (and loses its TTL), or deleted when every source is
// empty or missing. Replies the destination's length.
void bitop(CommandContext& ctx) {
  BitOperation operation{};
  if (!parse_bit_operation(ctx.arg(1), &operation)) {
    ctx.reply.error(resp::kErrSyntax);
    return;
  }
  if (operation == BitOperation::kNot && ctx.argc() != 4) {
    ctx.reply.error("ERR BITOP NOT must be called with a single source key.");
    return;
  }
  std::vector<std::string> sources;
  size_t longest = 0;
  for (size_t i = 3; i < ctx.argc(); ++i) {
    std::optional<Meta> meta;
    if (!lookup_string(ctx, ctx.arg(i), StringAccess::kRead, &meta)) return;
    sources.push_back(meta ? std::move(meta->value) : std::string());
    longest = std::max(longest, sources.back().size());
  }
  std::string_view destination = ctx.arg(2);
  store::Keyspace& keyspace = ctx.keyspace(destination);
  auto old = keyspace.lookup(ctx.db, destination, ctx.now_ms);
  if (longest > 0) {
    store_string(ctx, destination, combine(operation, sources, longest), old);
  } else if (old) {
    keyspace.remove(ctx.db, destination, *old);
  }
  ctx.reply.integer(static_cast<int64_t>(longest));
}

}  // namespace

void add_bitmap_commands(std::vector<CommandSpec>* table) {
  table->push_back({"setbit", 4, kWrite | kDenyOom, 1, 1, 1, setbit, "bitmap",
                    "Sets or clears the bit at offset in the string value stored at key",
                    "2.2.0"});
  table->push_back({"getbit", 3, kReadonly | kFast, 1, 1, 1, getbit, "bitmap",
                    "Returns the bit value at offset in the string value stored at key",
                    "2.2.0"});
  table->push_back({"bitcount", -2, kReadonly, 1, 1, 1, bitcount, "bitmap",
                    "Count set bits in a string", "2.6.0"});
  table->push_back({"bitpos", -3, kReadonly, 1, 1, 1, bitpos, "bitmap",
                    "Find first bit set or clear in a string", "2.8.7"});
  table->push_back({"bitop", -4, kWrite | kDenyOom, 2, -1, 1, bitop, "bitmap",
                    "Perform bitwise operations between strings", "2.6.0"});
  add_bitfield_commands(table);
}

}  // namespace ringkv::cmd
