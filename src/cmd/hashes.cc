// Hash commands (t_hash.c's counterpart): each field is one member record
// (field → value) of the hash's current version, Meta::count is the number
// of fields. HRANDFIELD lives in hash_random.cc, HSCAN's body in
// hash_set_scan.cc; this file registers them all.
#include <cmath>
#include <string>

#include "cmd/args.h"
#include "cmd/collection_key.h"
#include "cmd/families.h"
#include "cmd/hash_commands.h"
#include "cmd/hash_set_common.h"
#include "cmd/hash_set_scan.h"
#include "util/numbers.h"

namespace ringkv::cmd {

namespace {

using store::ValueType;

// Sets `field` to `value`; true when the field is new (the count grows).
bool set_field(CollectionKey& hash, std::string_view field, std::string_view value) {
  std::string old;
  bool created = !hash.members().get(field, &old);
  hash.members().put(field, value);
  if (created) hash.meta().count += 1;
  return created;
}

// HSET and HMSET: the same work, different replies.
void hset(CommandContext& ctx) {
  if (ctx.argc() % 2 == 1) {
    reply_wrong_arity(ctx.reply, ctx.arg(0));
    return;
  }
  CollectionKey hash(ctx, ctx.arg(1), ValueType::kHash);
  if (!check_write(ctx, hash)) return;
  int64_t created = 0;
  for (size_t i = 2; i < ctx.argc(); i += 2) created += set_field(hash, ctx.arg(i), ctx.arg(i + 1));
  hash.save();
  if (is_option(ctx.arg(0), "HMSET")) {
    ctx.reply.ok();
  } else {
    ctx.reply.integer(created);
  }
}

void hsetnx(CommandContext& ctx) {
  CollectionKey hash(ctx, ctx.arg(1), ValueType::kHash);
  if (!check_write(ctx, hash)) return;
  std::string old;
  if (hash.exists() && hash.members().get(ctx.arg(2), &old)) {
    ctx.reply.integer(0);
    return;
  }
  set_field(hash, ctx.arg(2), ctx.arg(3));
  hash.save();
  ctx.reply.integer(1);
}

// Reads `field` of an existing hash into *value.
bool get_field(CollectionKey& hash, std::string_view field, std::string* value) {
  return hash.exists() && hash.members().get(field, value);
}

void hget(CommandContext& ctx) {
  CollectionKey hash(ctx, ctx.arg(1), ValueType::kHash);
  if (!check_read(ctx, hash)) return;
  std::string value;
  if (get_field(hash, ctx.arg(2), &value)) {
    ctx.reply.bulk(value);
  } else {
    ctx.reply.null();
  }
}

void hmget(CommandContext& ctx) {
  CollectionKey hash(ctx, ctx.arg(1), ValueType::kHash);
  if (!check_read(ctx, hash)) return;
  ctx.reply.array(ctx.argc() - 2);
  std::string value;
  for (size_t i = 2; i < ctx.argc(); ++i) {
    if (get_field(hash, ctx.arg(i), &value)) {
      ctx.reply.bulk(value);
    } else {
      ctx.reply.null();
    }
  }
}

void hdel(CommandContext& ctx) {
  CollectionKey hash(ctx, ctx.arg(1), ValueType::kHash);
  if (!check_write(ctx, hash)) return;
  int64_t deleted = 0;
  std::string old;
  // Redis stops at the last field: further names cannot match anything.
  for (size_t i = 2; i < ctx.argc() && hash.meta().count > 0; ++i) {
    if (!get_field(hash, ctx.arg(i), &old)) continue;
    hash.members().del(ctx.arg(i));
    hash.meta().count -= 1;
    ++deleted;
  }
  if (deleted > 0) hash.save();
  ctx.reply.integer(deleted);
}

void hlen(CommandContext& ctx) {
  CollectionKey hash(ctx, ctx.arg(1), ValueType::kHash);
  if (!check_read(ctx, hash)) return;
  ctx.reply.integer(hash.exists() ? static_cast<int64_t>(hash.meta().count) : 0);
}

void hstrlen(CommandContext& ctx) {
  CollectionKey hash(ctx, ctx.arg(1), ValueType::kHash);
  if (!check_read(ctx, hash)) return;
  std::string value;
  get_field(hash, ctx.arg(2), &value);
  ctx.reply.integer(static_cast<int64_t>(value.size()));
}

void hexists(CommandContext& ctx) {
  CollectionKey hash(ctx, ctx.arg(1), ValueType::kHash);
  if (!check_read(ctx, hash)) return;
  std::string value;
  ctx.reply.integer(get_field(hash, ctx.arg(2), &value) ? 1 : 0);
}

enum class HashPart { kFields, kValues, kBoth };

// HKEYS, HVALS and HGETALL: the whole hash, as Redis does (O(fields)).
void reply_whole(CommandContext& ctx, HashPart part) {
  CollectionKey hash(ctx, ctx.arg(1), ValueType::kHash);
  if (!check_read(ctx, hash)) return;
  MemberList fields;
  if (hash.exists()) fields = read_all_members(hash.members());
  if (part == HashPart::kBoth) {
    ctx.reply.map(fields.size());
  } else {
    ctx.reply.array(fields.size());
  }
  for (const auto& [field, value] : fields) {
    if (part != HashPart::kValues) ctx.reply.bulk(field);
    if (part != HashPart::kFields) ctx.reply.bulk(value);
  }
}

void hkeys(CommandContext& ctx) { reply_whole(ctx, HashPart::kFields); }
void hvals(CommandContext& ctx) { reply_whole(ctx, HashPart::kValues); }
void hgetall(CommandContext& ctx) { reply_whole(ctx, HashPart::kBoth); }

void hincrby(CommandContext& ctx) {
  int64_t increment = 0;
  if (!parse_integer_arg(ctx, ctx.arg(3), &increment)) return;
  CollectionKey hash(ctx, ctx.arg(1), ValueType::kHash);
  if (!check_write(ctx, hash)) return;
  std::string text;
  int64_t value = 0;
  if (get_field(hash, ctx.arg(2), &text) && !parse_int64(text, &value)) {
    ctx.reply.error("ERR hash value is not an integer");
    return;
  }
  if ((increment < 0 && value < 0 && increment < INT64_MIN - value) ||
      (increment > 0 && value > 0 && increment > INT64_MAX - value)) {
    ctx.reply.error(resp::kErrOverflow);
    return;
  }
  value += increment;
  set_field(hash, ctx.arg(2), format_int64(value));
  hash.save();
  ctx.reply.integer(value);
}

void hincrbyfloat(CommandContext& ctx) {
  long double increment = 0;
  if (!parse_long_double(ctx.arg(3), &increment)) {
    ctx.reply.error(resp::kErrNotFloat);
    return;
  }
  if (std::isinf(increment)) {
    ctx.reply.error("ERR value is NaN or Infinity");
    return;
  }
  CollectionKey hash(ctx, ctx.arg(1), ValueType::kHash);
  if (!check_write(ctx, hash)) return;
  std::string text;
  long double value = 0;
  if (get_field(hash, ctx.arg(2), &text) && !parse_long_double(text, &value)) {
    ctx.reply.error("ERR hash value is not a float");
    return;
  }
  value += increment;
  if (std::isnan(value) || std::isinf(value)) {
    ctx.reply.error("ERR increment would produce NaN or Infinity");
    return;
  }
  std::string result = format_long_double(value);
  set_field(hash, ctx.arg(2), result);
  hash.save();
  ctx.reply.bulk(result);
}

void hscan(CommandContext& ctx) { scan_members(ctx, ValueType::kHash); }

}  // namespace

void add_hash_commands(std::vector<CommandSpec>* table) {
  table->push_back({"hset", -4, kWrite | kDenyOom | kFast, 1, 1, 1, hset, "hash",
                    "Set the string value of a hash field", "2.0.0"});
  table->push_back({"hsetnx", 4, kWrite | kDenyOom | kFast, 1, 1, 1, hsetnx, "hash",
                    "Set the value of a hash field, only if the field does not exist", "2.0.0"});
  table->push_back({"hmset", -4, kWrite | kDenyOom | kFast, 1, 1, 1, hset, "hash",
                    "Set multiple hash fields to multiple values", "2.0.0"});
  table->push_back({"hget", 3, kReadonly | kFast, 1, 1, 1, hget, "hash",
                    "Get the value of a hash field", "2.0.0"});
  table->push_back({"hmget", -3, kReadonly | kFast, 1, 1, 1, hmget, "hash",
                    "Get the values of all the given hash fields", "2.0.0"});
  table->push_back({"hdel", -3, kWrite | kFast, 1, 1, 1, hdel, "hash",
                    "Delete one or more hash fields", "2.0.0"});
  table->push_back({"hlen", 2, kReadonly | kFast, 1, 1, 1, hlen, "hash",
                    "Get the number of fields in a hash", "2.0.0"});
  table->push_back({"hstrlen", 3, kReadonly | kFast, 1, 1, 1, hstrlen, "hash",
                    "Get the length of the value of a hash field", "3.2.0"});
  table->push_back({"hexists", 3, kReadonly | kFast, 1, 1, 1, hexists, "hash",
                    "Determine if a hash field exists", "2.0.0"});
  table->push_back(
      {"hkeys", 2, kReadonly, 1, 1, 1, hkeys, "hash", "Get all the fields in a hash", "2.0.0"});
  table->push_back(
      {"hvals", 2, kReadonly, 1, 1, 1, hvals, "hash", "Get all the values in a hash", "2.0.0"});
  table->push_back({"hgetall", 2, kReadonly, 1, 1, 1, hgetall, "hash",
                    "Get all the fields and values in a hash", "2.0.0"});
  table->push_back({"hincrby", 4, kWrite | kDenyOom | kFast, 1, 1, 1, hincrby, "hash",
                    "Increment the integer value of a hash field by the given number", "2.0.0"});
  table->push_back({"hincrbyfloat", 4, kWrite | kDenyOom | kFast, 1, 1, 1, hincrbyfloat, "hash",
                    "Increment the float value of a hash field by the given amount", "2.6.0"});
  table->push_back({"hrandfield", -2, kReadonly, 1, 1, 1, hrandfield, "hash",
                    "Get one or multiple random fields from a hash", "6.2.0"});
  table->push_back({"hscan", -3, kReadonly, 1, 1, 1, hscan, "hash",
                    "Incrementally iterate hash fields and associated values", "2.8.0"});
}

}  // namespace ringkv::cmd
