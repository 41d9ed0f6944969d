// String commands (t_string.c's counterpart): GET SET and friends over the
// inline string value of a key's metadata.
#include "cmd/args.h"
#include "cmd/families.h"
#include "server/engine.h"

namespace ringkv::cmd {

namespace {

using store::Meta;
using store::ValueType;

void get(CommandContext& ctx) {
  auto meta = ctx.keyspace(ctx.arg(1)).lookup(ctx.db, ctx.arg(1), ctx.now_ms);
  if (!meta) {
    ctx.engine.stats.keyspace_misses.fetch_add(1, std::memory_order_relaxed);
    ctx.reply.null();
    return;
  }
  ctx.engine.stats.keyspace_hits.fetch_add(1, std::memory_order_relaxed);
  if (meta->type != ValueType::kString) {
    ctx.reply.error(resp::kErrWrongType);
    return;
  }
  ctx.reply.bulk(meta->value);
}

void set(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  bool nx = false, xx = false, keep_ttl = false, want_get = false;
  uint64_t expire_at = 0;
  bool has_expire = false;
  for (size_t i = 3; i < ctx.argc(); ++i) {
    std::string_view option = ctx.arg(i);
    bool has_next = i + 1 < ctx.argc();
    if (is_option(option, "NX") && !xx) {
      nx = true;
    } else if (is_option(option, "XX") && !nx) {
      xx = true;
    } else if (is_option(option, "GET")) {
      want_get = true;
    } else if (is_option(option, "KEEPTTL") && !has_expire) {
      keep_ttl = true;
    } else if ((is_option(option, "EX") || is_option(option, "PX") || is_option(option, "EXAT") ||
                is_option(option, "PXAT")) &&
               !keep_ttl && !has_expire && has_next) {
      int64_t amount = 0;
      if (!parse_integer_arg(ctx, ctx.arg(i + 1), &amount)) return;
      bool seconds = is_option(option, "EX") || is_option(option, "EXAT");
      bool absolute = is_option(option, "EXAT") || is_option(option, "PXAT");
      if (amount <= 0 || (seconds && amount > INT64_MAX / 1000)) {
        ctx.reply.error("ERR invalid expire time in 'set' command");
        return;
      }
      int64_t ms = seconds ? amount * 1000 : amount;
      if (!absolute) {
        if (ms > INT64_MAX - static_cast<int64_t>(ctx.now_ms)) {
          ctx.reply.error("ERR invalid expire time in 'set' command");
          return;
        }
        ms += static_cast<int64_t>(ctx.now_ms);
      }
      expire_at = static_cast<uint64_t>(ms);
      has_expire = true;
      ++i;
    } else {
      ctx.reply.error(resp::kErrSyntax);
      return;
    }
  }
  store::Keyspace& keyspace = ctx.keyspace(key);
  auto old = keyspace.lookup(ctx.db, key, ctx.now_ms);
  if (want_get && old && old->type != ValueType::kString) {
    ctx.reply.error(resp::kErrWrongType);
    return;
  }
  bool write = !(nx && old) && !(xx && !old);
  if (write) {
    Meta meta;
    meta.type = ValueType::kString;
    meta.value = std::string(ctx.arg(2));
    meta.expire_at_ms = has_expire ? expire_at : (keep_ttl && old ? old->expire_at_ms : 0);
    if (has_expire && expire_at <= ctx.now_ms) {
      // A deadline already in the past deletes the key, as Redis does.
      if (old) keyspace.remove(ctx.db, key, *old);
    } else {
      keyspace.write(ctx.db, key, meta, old);
    }
  }
  if (want_get) {
    if (old) {
      ctx.reply.bulk(old->value);
    } else {
      ctx.reply.null();
    }
  } else if (write) {
    ctx.reply.ok();
  } else {
    ctx.reply.null();
  }
}

}  // namespace

void add_string_commands(std::vector<CommandSpec>* table) {
  table->push_back({"get", 2, kReadonly | kFast, 1, 1, 1, get, "string",
                    "Get the value of a key", "1.0.0"});
  table->push_back({"set", -3, kWrite | kDenyOom, 1, 1, 1, set, "string",
                    "Set the string value of a key", "1.0.0"});
}

}  // namespace ringkv::cmd
