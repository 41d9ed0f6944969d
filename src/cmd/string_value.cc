// String value helpers; see string_value.h.
#include "cmd/string_value.h"

#include "server/engine.h"

namespace ringkv::cmd {

using store::Meta;
using store::ValueType;

std::optional<Meta> lookup_for_read(CommandContext& ctx, std::string_view key) {
  auto meta = ctx.keyspace(key).lookup(ctx.db, key, ctx.now_ms);
  auto& counter = meta ? ctx.engine.stats.keyspace_hits : ctx.engine.stats.keyspace_misses;
  counter.fetch_add(1, std::memory_order_relaxed);
  return meta;
}

bool lookup_string(CommandContext& ctx, std::string_view key, StringAccess access,
                   std::optional<Meta>* meta) {
  *meta = access == StringAccess::kRead ? lookup_for_read(ctx, key)
                                        : ctx.keyspace(key).lookup(ctx.db, key, ctx.now_ms);
  if (*meta && (*meta)->type != ValueType::kString) {
    ctx.reply.error(resp::kErrWrongType);
    return false;
  }
  return true;
}

void store_string(CommandContext& ctx, std::string_view key, std::string value,
                  const std::optional<Meta>& old, uint64_t expire_at_ms) {
  Meta meta;
  meta.type = ValueType::kString;
  meta.value = std::move(value);
  meta.expire_at_ms = expire_at_ms;
  ctx.keyspace(key).write(ctx.db, key, meta, old);
}

void update_string(CommandContext& ctx, std::string_view key, std::string value,
                   const std::optional<Meta>& old) {
  store_string(ctx, key, std::move(value), old, old ? old->expire_at_ms : 0);
}

bool check_string_length(CommandContext& ctx, int64_t size, int64_t append) {
  // Unsigned addition so that an overflow wraps instead of being undefined;
  // the wrapped total is then smaller than either operand.
  auto total = static_cast<int64_t>(static_cast<uint64_t>(size) + static_cast<uint64_t>(append));
  if (total > ctx.engine.proto_max_bulk_len.load(std::memory_order_relaxed) || total < size ||
      total < append) {
    ctx.reply.error("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
    return false;
  }
  return true;
}

}  // namespace ringkv::cmd
