// Counter commands over string values: INCR, DECR, INCRBY, DECRBY and
// INCRBYFLOAT. A missing key counts as 0; the key's TTL is kept, as Redis
// overwrites the value without touching the expiry.
#include <cmath>
#include <optional>

#include "cmd/args.h"
#include "cmd/string_commands.h"
#include "cmd/string_value.h"
#include "util/numbers.h"

namespace ringkv::cmd {

namespace {

using store::Meta;

// Redis's incrDecrCommand: adds `increment` to the integer at argument 1.
void add_to_integer(CommandContext& ctx, int64_t increment) {
  std::string_view key = ctx.arg(1);
  std::optional<Meta> old;
  if (!lookup_string(ctx, key, StringAccess::kWrite, &old)) return;
  int64_t value = 0;
  if (old && !parse_int64(old->value, &value)) {
    ctx.reply.error(resp::kErrNotInteger);
    return;
  }
  if ((increment < 0 && value < 0 && increment < INT64_MIN - value) ||
      (increment > 0 && value > 0 && increment > INT64_MAX - value)) {
    ctx.reply.error(resp::kErrOverflow);
    return;
  }
  value += increment;
  update_string(ctx, key, format_int64(value), old);
  ctx.reply.integer(value);
}

void incr(CommandContext& ctx) { add_to_integer(ctx, 1); }

void decr(CommandContext& ctx) { add_to_integer(ctx, -1); }

void incrby(CommandContext& ctx) {
  int64_t increment = 0;
  if (!parse_integer_arg(ctx, ctx.arg(2), &increment)) return;
  add_to_integer(ctx, increment);
}

void decrby(CommandContext& ctx) {
  int64_t decrement = 0;
  if (!parse_integer_arg(ctx, ctx.arg(2), &decrement)) return;
  // Negating INT64_MIN would overflow before the addition is checked.
  if (decrement == INT64_MIN) {
    ctx.reply.error("ERR decrement would overflow");
    return;
  }
  add_to_integer(ctx, -decrement);
}

void incrbyfloat(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  std::optional<Meta> old;
  if (!lookup_string(ctx, key, StringAccess::kWrite, &old)) return;
  long double value = 0;
  long double increment = 0;
  // The stored value is checked before the increment, as in Redis.
  if ((old && !parse_long_double(old->value, &value)) ||
      !parse_long_double(ctx.arg(2), &increment)) {
    ctx.reply.error(resp::kErrNotFloat);
    return;
  }
  value += increment;
  if (std::isnan(value) || std::isinf(value)) {
    ctx.reply.error("ERR increment would produce NaN or Infinity");
    return;
  }
  std::string text = format_long_double(value);
  ctx.reply.bulk(text);
  update_string(ctx, key, std::move(text), old);
}

}  // namespace

void add_string_counter_commands(std::vector<CommandSpec>* table) {
  uint32_t flags = kWrite | kDenyOom | kFast;
  table->push_back({"incr", 2, flags, 1, 1, 1, incr, "string",
                    "Increment the integer value of a key by one", "1.0.0"});
  table->push_back({"decr", 2, flags, 1, 1, 1, decr, "string",
                    "Decrement the integer value of a key by one", "1.0.0"});
  table->push_back({"incrby", 3, flags, 1, 1, 1, incrby, "string",
                    "Increment the integer value of a key by the given amount", "1.0.0"});
  table->push_back({"decrby", 3, flags, 1, 1, 1, decrby, "string",
                    "Decrement the integer value of a key by the given number", "1.0.0"});
  table->push_back({"incrbyfloat", 3, flags, 1, 1, 1, incrbyfloat, "string",
                    "Increment the float value of a key by the given amount", "2.6.0"});
}

}  // namespace ringkv::cmd
