// Expiry commands (Redis's expire.c counterpart): setting, reading and
// removing a key's deadline. A deadline is Meta::expire_at_ms, absolute unix
// milliseconds (0 = none); the keyspace deletes a key lazily when a lookup
// finds it past due, and the loop's sweep deletes it actively.
#include <cstdint>
#include <string>

#include "cmd/args.h"
#include "cmd/families.h"
#include "server/engine.h"

namespace ringkv::cmd {

namespace {

using store::Meta;

enum ExpireCondition : unsigned {
  kNx = 1u << 0,  // only if the key has no deadline
  kXx = 1u << 1,  // only if it has one
  kGt = 1u << 2,  // only if later than the current one (none = infinite)
  kLt = 1u << 3,  // only if earlier than the current one
};

// EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT: `unit_ms` is 1000 for seconds;
// `relative` adds the current time. Follows expireGenericCommand's order:
// options first, then the number, then overflow, then the key.
void expire_generic(CommandContext& ctx, const char* name, int64_t unit_ms, bool relative) {
  unsigned conditions = 0;
  for (size_t i = 3; i < ctx.argc(); ++i) {
    std::string_view option = ctx.arg(i);
    if (is_option(option, "NX")) {
      conditions |= kNx;
    } else if (is_option(option, "XX")) {
      conditions |= kXx;
    } else if (is_option(option, "GT")) {
      conditions |= kGt;
    } else if (is_option(option, "LT")) {
      conditions |= kLt;
    } else {
      ctx.reply.error("ERR Unsupported option " + std::string(option));
      return;
    }
  }
  if ((conditions & kNx) && (conditions & (kXx | kGt | kLt))) {
    ctx.reply.error("ERR NX and XX, GT or LT options at the same time are not compatible");
    return;
  }
  if ((conditions & kGt) && (conditions & kLt)) {
    ctx.reply.error("ERR GT and LT options at the same time are not compatible");
    return;
  }
  int64_t when = 0;
  if (!parse_integer_arg(ctx, ctx.arg(2), &when)) return;
  std::string invalid = std::string("ERR invalid expire time in '") + name + "' command";
  if (when > INT64_MAX / unit_ms || when < INT64_MIN / unit_ms) {
    ctx.reply.error(invalid);
    return;
  }
  when *= unit_ms;
  if (relative) {
    auto now = static_cast<int64_t>(ctx.now_ms);
    if (when > INT64_MAX - now) {
      ctx.reply.error(invalid);
      return;
    }
    when += now;
  }

  std::string_view key = ctx.arg(1);
  store::Keyspace& keyspace = ctx.keyspace(key);
  auto old = keyspace.lookup(ctx.db, key, ctx.now_ms);
  if (!old) {
    ctx.reply.integer(0);
    return;
  }
  bool has_deadline = old->expire_at_ms != 0;
  auto current = static_cast<int64_t>(old->expire_at_ms);
  if (((conditions & kNx) && has_deadline) || ((conditions & kXx) && !has_deadline) ||
      ((conditions & kGt) && (!has_deadline || when <= current)) ||
      ((conditions & kLt) && has_deadline && when >= current)) {
    ctx.reply.integer(0);
    return;
  }
  if (when <= static_cast<int64_t>(ctx.now_ms)) {
    // A deadline already past deletes the key now, as Redis does.
    keyspace.remove(ctx.db, key, *old);
  } else {
    Meta meta = *old;
    meta.expire_at_ms = static_cast<uint64_t>(when);
    keyspace.write(ctx.db, key, meta, old);
  }
  ctx.reply.integer(1);
}

void expire(CommandContext& ctx) { expire_generic(ctx, "expire", 1000, true); }
void pexpire(CommandContext& ctx) { expire_generic(ctx, "pexpire", 1, true); }
void expireat(CommandContext& ctx) { expire_generic(ctx, "expireat", 1000, false); }
void pexpireat(CommandContext& ctx) { expire_generic(ctx, "pexpireat", 1, false); }

// TTL, PTTL, EXPIRETIME, PEXPIRETIME: -2 for a missing key, -1 without a
// deadline; seconds are rounded to the nearest, as Redis does.
void ttl_generic(CommandContext& ctx, bool milliseconds, bool absolute) {
  // Reading a deadline is not an access of the key (OBJECT IDLETIME).
  auto meta = ctx.keyspace(ctx.arg(1)).peek(ctx.db, ctx.arg(1), ctx.now_ms);
  if (!meta) {
    ctx.reply.integer(-2);
    return;
  }
  if (meta->expire_at_ms == 0) {
    ctx.reply.integer(-1);
    return;
  }
  auto deadline = static_cast<int64_t>(meta->expire_at_ms);
  int64_t value = absolute ? deadline : deadline - static_cast<int64_t>(ctx.now_ms);
  if (value < 0) value = 0;
  ctx.reply.integer(milliseconds ? value : (value + 500) / 1000);
}

void ttl(CommandContext& ctx) { ttl_generic(ctx, false, false); }
void pttl(CommandContext& ctx) { ttl_generic(ctx, true, false); }
void expiretime(CommandContext& ctx) { ttl_generic(ctx, false, true); }
void pexpiretime(CommandContext& ctx) { ttl_generic(ctx, true, true); }

void persist(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  store::Keyspace& keyspace = ctx.keyspace(key);
  auto old = keyspace.lookup(ctx.db, key, ctx.now_ms);
  if (!old || old->expire_at_ms == 0) {
    ctx.reply.integer(0);
    return;
  }
  Meta meta = *old;
  meta.expire_at_ms = 0;
  keyspace.write(ctx.db, key, meta, old);
  ctx.reply.integer(1);
}

}  // namespace

void add_expire_commands(std::vector<CommandSpec>* table) {
  table->push_back({"expire", -3, kWrite | kFast, 1, 1, 1, expire, "generic",
                    "Set a key's time to live in seconds", "1.0.0"});
  table->push_back({"pexpire", -3, kWrite | kFast, 1, 1, 1, pexpire, "generic",
                    "Set a key's time to live in milliseconds", "2.6.0"});
  table->push_back({"expireat", -3, kWrite | kFast, 1, 1, 1, expireat, "generic",
                    "Set the expiration for a key as a UNIX timestamp", "1.2.0"});
  table->push_back({"pexpireat", -3, kWrite | kFast, 1, 1, 1, pexpireat, "generic",
                    "Set the expiration for a key as a UNIX timestamp specified in milliseconds",
                    "2.6.0"});
  table->push_back({"ttl", 2, kReadonly | kFast, 1, 1, 1, ttl, "generic",
                    "Get the time to live for a key in seconds", "1.0.0"});
  table->push_back({"pttl", 2, kReadonly | kFast, 1, 1, 1, pttl, "generic",
                    "Get the time to live for a key in milliseconds", "2.6.0"});
  table->push_back({"expiretime", 2, kReadonly | kFast, 1, 1, 1, expiretime, "generic",
                    "Get the expiration Unix timestamp for a key", "7.0.0"});
  table->push_back({"pexpiretime", 2, kReadonly | kFast, 1, 1, 1, pexpiretime, "generic",
                    "Get the expiration Unix timestamp for a key in milliseconds", "7.0.0"});
  table->push_back({"persist", 2, kWrite | kFast, 1, 1, 1, persist, "generic",
                    "Remove the expiration from a key", "2.2.0"});
}

}  // namespace ringkv::cmd
