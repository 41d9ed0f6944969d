// ZSCAN key cursor [MATCH pattern] [COUNT count].
//
// A sorted set of up to kSmallZset members answers whole in one call, in
// score order with cursor 0, as Redis does for its small (listpack) sets.
// A bigger one is walked in member byte order: COUNT bounds the members
// examined per call and the cursor names the last member returned, through
// the server-wide ScanCursorTable (scan_cursor.h) — so every member present
// for the whole iteration is returned at least once, and a lost cursor
// restarts the walk rather than skipping members.
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "cmd/args.h"
#include "cmd/scan_cursor.h"
#include "cmd/zset_commands.h"
#include "store/encoding.h"
#include "util/glob.h"
#include "util/numbers.h"

namespace ringkv::cmd {

namespace {

using store::ValueType;

// Redis's zset-max-listpack-entries default.
constexpr uint64_t kSmallZset = 128;


struct ZscanOptions {
  uint64_t count = 10;
  std::optional<std::string_view> pattern;
};

bool parse_zscan_options(CommandContext& ctx, ZscanOptions* options) {
  for (size_t i = 3; i < ctx.argc(); i += 2) {
    if (i + 1 >= ctx.argc()) {
      ctx.reply.error(resp::kErrSyntax);
      return false;
    }
    std::string_view option = ctx.arg(i);
    std::string_view value = ctx.arg(i + 1);
    if (is_option(option, "COUNT")) {
      int64_t count = 0;
      if (!parse_integer_arg(ctx, value, &count)) return false;
      if (count < 1) {
        ctx.reply.error(resp::kErrSyntax);
        return false;
      }
      options->count = static_cast<uint64_t>(count);
    } else if (is_option(option, "MATCH")) {
      options->pattern = value;
      if (value == "*") options->pattern.reset();
    } else {
      ctx.reply.error(resp::kErrSyntax);
      return false;
    }
  }
  return true;
}

void reply_page(CommandContext& ctx, uint64_t cursor, const std::vector<ZsetEntry>& found) {
  ctx.reply.array(2);
  ctx.reply.bulk(std::to_string(cursor));
  ctx.reply.array(found.size() * 2);
  for (const ZsetEntry& entry : found) {
    ctx.reply.bulk(entry.member);
    ctx.reply.bulk(format_double(entry.score));
  }
}

// One page of a big set's walk in member order.
void scan_members(CommandContext& ctx, CollectionKey& zset, uint64_t cursor,
                  const ZscanOptions& options) {
  ScanPosition position;
  if (cursor != 0) position = scan_cursors().resolve(cursor, ctx.db, 1);
  std::string prefix = store::member_key_prefix(static_cast<uint8_t>(ctx.db), zset.key(),
                                                zset.meta().version);
  std::string start;
  if (position.last_key) start = prefix + *position.last_key + '\0';
  std::vector<ZsetEntry> found;
  uint64_t examined = 0;
  bool more = false;
  zset.keyspace().store().scan(prefix, start, [&](std::string_view key, std::string_view value) {
    if (examined == options.count) {
      more = true;
      return false;
    }
    ++examined;
    std::string_view member = key.substr(prefix.size());
    position.last_key.emplace(member);
    if (!options.pattern || glob_match(*options.pattern, member)) {
      double score = 0;
      store::decode_score_value(value, &score);
      found.push_back(ZsetEntry{score, std::string(member)});
    }
    return true;
  });
  position.shard = 0;
  reply_page(ctx, more ? scan_cursors().save(ctx.db, position, 1) : 0, found);
}

void zscan(CommandContext& ctx) {
  uint64_t cursor = 0;
  if (!parse_scan_cursor(ctx.arg(2), &cursor)) return ctx.reply.error("ERR invalid cursor");
  CollectionKey zset(ctx, ctx.arg(1), ValueType::kZset);
  if (zset.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
  if (!zset.exists()) return reply_page(ctx, 0, {});
  ZscanOptions options;
  if (!parse_zscan_options(ctx, &options)) return;
  if (zset.meta().count > kSmallZset) return scan_members(ctx, zset, cursor, options);
  std::vector<ZsetEntry> found;
  zset_index(ctx, zset).ascend({}, [&](double score, std::string_view member) {
    if (!options.pattern || glob_match(*options.pattern, member)) {
      found.push_back(ZsetEntry{score, std::string(member)});
    }
    return true;
  });
  reply_page(ctx, 0, found);
}

}  // namespace

void add_zset_scan_commands(std::vector<CommandSpec>* table) {
  table->push_back({"zscan", -3, kReadonly, 1, 1, 1, zscan, "sorted-set",
                    "Incrementally iterate sorted sets elements and associated scores",
                    "2.8.0"});
}

}  // namespace ringkv::cmd
