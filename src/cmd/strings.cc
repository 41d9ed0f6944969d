// String commands (t_string.c's counterpart): GET and the SET family — SET,
// SETNX, SETEX, PSETEX, GETSET, GETDEL, GETEX — over the inline string value
// of a key's metadata. The other string commands live in string_*.cc and
// lcs.cc; this file registers them all.
#include <optional>

#include "cmd/args.h"
#include "cmd/families.h"
#include "cmd/string_commands.h"
#include "cmd/string_value.h"
#include "server/engine.h"

namespace ringkv::cmd {

namespace {

using store::Meta;

enum class ExpireKind { kNone, kEx, kPx, kExat, kPxat };

// The options of SET and GETEX, parsed like Redis's
// parseExtendedStringArgumentsOrReply: every combination it accepts is
// accepted here (a repeated EX is fine, EX with PX is not).
struct StringOptions {
  bool nx = false;
  bool xx = false;
  bool get = false;
  bool keep_ttl = false;
  bool persist = false;
  ExpireKind expire = ExpireKind::kNone;
  std::string_view expire_text;
};

enum class OptionsFor { kGetex, kSet };

// True when `option` may follow the options already seen: each expire kind
// excludes the other kinds, KEEPTTL and PERSIST but not itself.
bool expire_allowed(const StringOptions& options, ExpireKind kind) {
  return !options.keep_ttl && !options.persist &&
         (options.expire == ExpireKind::kNone || options.expire == kind);
}

ExpireKind expire_kind(std::string_view option) {
  if (is_option(option, "EX")) return ExpireKind::kEx;
  if (is_option(option, "PX")) return ExpireKind::kPx;
  if (is_option(option, "EXAT")) return ExpireKind::kExat;
  if (is_option(option, "PXAT")) return ExpireKind::kPxat;
  return ExpireKind::kNone;
}

// Parses options from argument `first`; replies "syntax error" on failure.
// Only the syntax is checked here: the expire value is read later, after
// the key lookup, exactly where Redis reads it.
bool parse_string_options(CommandContext& ctx, size_t first, OptionsFor command,
                          StringOptions* options) {
  bool set = command == OptionsFor::kSet;
  for (size_t i = first; i < ctx.argc(); ++i) {
    std::string_view option = ctx.arg(i);
    bool has_next = i + 1 < ctx.argc();
    ExpireKind kind = expire_kind(option);
    if (set && is_option(option, "NX") && !options->xx) {
      options->nx = true;
    } else if (set && is_option(option, "XX") && !options->nx) {
      options->xx = true;
    } else if (set && is_option(option, "GET")) {
      options->get = true;
    } else if (set && is_option(option, "KEEPTTL") && options->expire == ExpireKind::kNone) {
      options->keep_ttl = true;
    } else if (!set && is_option(option, "PERSIST") && options->expire == ExpireKind::kNone) {
      options->persist = true;
    } else if (kind != ExpireKind::kNone && expire_allowed(*options, kind) && has_next) {
      options->expire = kind;
      options->expire_text = ctx.arg(++i);
    } else {
      ctx.reply.error(resp::kErrSyntax);
      return false;
    }
  }
  return true;
}

// Redis's getExpireMillisecondsOrReply: the absolute deadline in ms of an
// EX/PX/EXAT/PXAT value, or false after replying the error.
bool expire_deadline(CommandContext& ctx, ExpireKind kind, std::string_view text,
                     uint64_t* deadline) {
  int64_t amount = 0;
  if (!parse_integer_arg(ctx, text, &amount)) return false;
  bool seconds = kind == ExpireKind::kEx || kind == ExpireKind::kExat;
  bool relative = kind == ExpireKind::kEx || kind == ExpireKind::kPx;
  bool valid = amount > 0 && !(seconds && amount > INT64_MAX / 1000);
  int64_t ms = valid && seconds ? amount * 1000 : amount;
  if (valid && relative) {
    valid = ms <= INT64_MAX - static_cast<int64_t>(ctx.now_ms);
    if (valid) ms += static_cast<int64_t>(ctx.now_ms);
  }
  if (!valid) {
    ctx.reply.error("ERR invalid expire time in '" + lower(ctx.arg(0)) + "' command");
    return false;
  }
  *deadline = static_cast<uint64_t>(ms);
  return true;
}

// Replies the string value of `meta` (GET's reply); false after WRONGTYPE.
bool reply_string(CommandContext& ctx, std::string_view key, std::optional<Meta>* meta) {
  if (!lookup_string(ctx, key, StringAccess::kRead, meta)) return false;
  if (*meta) {
    ctx.reply.bulk((*meta)->value);
  } else {
    ctx.reply.null();
  }
  return true;
}

// How SET's variants reply when they do (or, with NX/XX, do not) write.
enum class SetReply { kOkOrNull, kOneOrZero };

// Redis's setGenericCommand, shared by SET, SETNX, SETEX and PSETEX.
void set_generic(CommandContext& ctx, std::string_view key, std::string_view value,
                 const StringOptions& options, SetReply style) {
  uint64_t deadline = 0;
  if (options.expire != ExpireKind::kNone &&
      !expire_deadline(ctx, options.expire, options.expire_text, &deadline)) {
    return;
  }
  std::optional<Meta> old;
  if (options.get) {
    if (!reply_string(ctx, key, &old)) return;
  } else {
    old = ctx.keyspace(key).lookup(ctx.db, key, ctx.now_ms);
  }
  if ((options.nx && old) || (options.xx && !old)) {
    if (options.get) return;
    if (style == SetReply::kOneOrZero) {
      ctx.reply.integer(0);
    } else {
      ctx.reply.null();
    }
    return;
  }
  if (deadline != 0 && deadline <= ctx.now_ms) {
    // A deadline already in the past: the key is gone at once, as the
    // lazily expired key is in Redis.
    if (old) ctx.keyspace(key).remove(ctx.db, key, *old);
  } else {
    uint64_t expire_at = deadline != 0 ? deadline : (options.keep_ttl && old ? old->expire_at_ms : 0);
    store_string(ctx, key, std::string(value), old, expire_at);
  }
  if (options.get) return;
  if (style == SetReply::kOneOrZero) {
    ctx.reply.integer(1);
  } else {
    ctx.reply.ok();
  }
}

void get(CommandContext& ctx) {
  std::optional<Meta> meta;
  reply_string(ctx, ctx.arg(1), &meta);
}

void set(CommandContext& ctx) {
  StringOptions options;
  if (!parse_string_options(ctx, 3, OptionsFor::kSet, &options)) return;
  set_generic(ctx, ctx.arg(1), ctx.arg(2), options, SetReply::kOkOrNull);
}

void setnx(CommandContext& ctx) {
  StringOptions options;
  options.nx = true;
  set_generic(ctx, ctx.arg(1), ctx.arg(2), options, SetReply::kOneOrZero);
}

void setex(CommandContext& ctx) {
  StringOptions options;
  options.expire = is_option(ctx.arg(0), "PSETEX") ? ExpireKind::kPx : ExpireKind::kEx;
  options.expire_text = ctx.arg(2);
  set_generic(ctx, ctx.arg(1), ctx.arg(3), options, SetReply::kOkOrNull);
}

void getset(CommandContext& ctx) {
  std::optional<Meta> old;
  if (!reply_string(ctx, ctx.arg(1), &old)) return;
  store_string(ctx, ctx.arg(1), std::string(ctx.arg(2)), old);
}

void getdel(CommandContext& ctx) {
  std::optional<Meta> old;
  if (!reply_string(ctx, ctx.arg(1), &old)) return;
  if (old) ctx.keyspace(ctx.arg(1)).remove(ctx.db, ctx.arg(1), *old);
}

void getex(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  StringOptions options;
  if (!parse_string_options(ctx, 2, OptionsFor::kGetex, &options)) return;
  std::optional<Meta> meta;
  if (!lookup_string(ctx, key, StringAccess::kRead, &meta)) return;
  if (!meta) {
    ctx.reply.null();
    return;
  }
  uint64_t deadline = 0;
  if (options.expire != ExpireKind::kNone &&
      !expire_deadline(ctx, options.expire, options.expire_text, &deadline)) {
    return;
  }
  ctx.reply.bulk(meta->value);
  store::Keyspace& keyspace = ctx.keyspace(key);
  if (options.expire != ExpireKind::kNone && deadline <= ctx.now_ms) {
    keyspace.remove(ctx.db, key, *meta);  // EXAT/PXAT in the past
  } else if (options.expire != ExpireKind::kNone ||
             (options.persist && meta->expire_at_ms != 0)) {
    Meta updated = *meta;
    updated.expire_at_ms = deadline;  // 0 for PERSIST
    keyspace.write(ctx.db, key, updated, meta);
  }
}

}  // namespace

void add_string_commands(std::vector<CommandSpec>* table) {
  table->push_back({"get", 2, kReadonly | kFast, 1, 1, 1, get, "string",
                    "Get the value of a key", "1.0.0"});
  table->push_back({"set", -3, kWrite | kDenyOom, 1, 1, 1, set, "string",
                    "Set the string value of a key", "1.0.0"});
  table->push_back({"setnx", 3, kWrite | kDenyOom | kFast, 1, 1, 1, setnx, "string",
                    "Set the value of a key, only if the key does not exist", "1.0.0"});
  table->push_back({"setex", 4, kWrite | kDenyOom, 1, 1, 1, setex, "string",
                    "Set the value and expiration of a key", "2.0.0"});
  table->push_back({"psetex", 4, kWrite | kDenyOom, 1, 1, 1, setex, "string",
                    "Set the value and expiration in milliseconds of a key", "2.6.0"});
  table->push_back({"getset", 3, kWrite | kDenyOom | kFast, 1, 1, 1, getset, "string",
                    "Set the string value of a key and return its old value", "1.0.0"});
  table->push_back({"getdel", 2, kWrite | kFast, 1, 1, 1, getdel, "string",
                    "Get the value of a key and delete the key", "6.2.0"});
  table->push_back({"getex", -2, kWrite | kFast, 1, 1, 1, getex, "string",
                    "Get the value of a key and optionally set its expiration", "6.2.0"});
  add_string_multi_commands(table);
  add_string_counter_commands(table);
  add_string_range_commands(table);
  add_lcs_command(table);
}

}  // namespace ringkv::cmd
