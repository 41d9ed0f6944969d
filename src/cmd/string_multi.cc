// Multi-key string commands: MGET, MSET, MSETNX. Their keys may live in
// several shards; the dispatcher runs them exclusively when the shards
// belong to different loops, so each is atomic as in Redis.
#include <optional>

#include "cmd/string_commands.h"
#include "cmd/string_value.h"
#include "server/engine.h"

namespace ringkv::cmd {

namespace {

using store::Meta;
using store::ValueType;

void mget(CommandContext& ctx) {
  ctx.reply.array(ctx.argc() - 1);
  for (size_t i = 1; i < ctx.argc(); ++i) {
    std::string_view key = ctx.arg(i);
    auto meta = lookup_for_read(ctx, key);
    // MGET never fails: a key of another type reads as nil.
    if (meta && meta->type == ValueType::kString) {
      ctx.reply.bulk(meta->value);
    } else {
      ctx.reply.null();
    }
  }
}

// MSET and MSETNX: key/value pairs, all written or (MSETNX) none.
void mset_generic(CommandContext& ctx, bool only_if_none_exists) {
  if (ctx.argc() % 2 == 0) {
    reply_wrong_arity(ctx.reply, ctx.arg(0));
    return;
  }
  if (only_if_none_exists) {
    for (size_t i = 1; i < ctx.argc(); i += 2) {
      if (ctx.keyspace(ctx.arg(i)).exists(ctx.db, ctx.arg(i), ctx.now_ms)) {
        ctx.reply.integer(0);
        return;
      }
    }
  }
  // Each pair is looked up just before its write, so a key repeated in the
  // command sees its earlier value replaced (the last one wins).
  for (size_t i = 1; i < ctx.argc(); i += 2) {
    std::string_view key = ctx.arg(i);
    auto old = ctx.keyspace(key).lookup(ctx.db, key, ctx.now_ms);
    store_string(ctx, key, std::string(ctx.arg(i + 1)), old);
  }
  if (only_if_none_exists) {
    ctx.reply.integer(1);
  } else {
    ctx.reply.ok();
  }
}

void mset(CommandContext& ctx) { mset_generic(ctx, false); }

void msetnx(CommandContext& ctx) { mset_generic(ctx, true); }

}  // namespace

void add_string_multi_commands(std::vector<CommandSpec>* table) {
  table->push_back({"mget", -2, kReadonly | kFast, 1, -1, 1, mget, "string",
                    "Get the values of all the given keys", "1.0.0"});
  table->push_back({"mset", -3, kWrite | kDenyOom, 1, -1, 2, mset, "string",
                    "Set multiple keys to multiple values", "1.0.1"});
  table->push_back({"msetnx", -3, kWrite | kDenyOom, 1, -1, 2, msetnx, "string",
                    "Set multiple keys to multiple values, only if none of the keys exist",
                    "1.0.1"});
}

}  // namespace ringkv::cmd
