// Helpers shared by the hash and set handlers; see hash_set_common.h.
#include "cmd/hash_set_common.h"

#include "server/engine.h"

namespace ringkv::cmd {

bool check_read(CommandContext& ctx, const CollectionKey& key) {
  bool found = key.old_meta().has_value();
  auto& counter = found ? ctx.engine.stats.keyspace_hits : ctx.engine.stats.keyspace_misses;
  counter.fetch_add(1, std::memory_order_relaxed);
  return check_write(ctx, key);
}

bool check_write(CommandContext& ctx, const CollectionKey& key) {
  if (!key.wrong_type()) return true;
  ctx.reply.error(resp::kErrWrongType);
  return false;
}

MemberList read_all_members(store::Collection& members) {
  MemberList all;
  members.scan({}, [&](std::string_view member, std::string_view value) {
    all.emplace_back(member, value);
    return true;
  });
  return all;
}

void for_each_member(store::Collection& members,
                     const std::function<bool(const std::string& member)>& visit) {
  constexpr size_t kChunk = 1024;
  std::vector<std::string> chunk;
  std::string start;
  for (;;) {
    chunk.clear();
    members.scan(start, [&](std::string_view member, std::string_view) {
      chunk.emplace_back(member);
      return chunk.size() < kChunk;
    });
    for (const std::string& member : chunk) {
      if (!visit(member)) return;
    }
    if (chunk.size() < kChunk) return;
    start = chunk.back() + '\0';  // the smallest member after the chunk's last
  }
}

}  // namespace ringkv::cmd
