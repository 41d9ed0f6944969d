// HSCAN and SSCAN; see hash_set_scan.h.
#include "cmd/hash_set_scan.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "cmd/args.h"
#include "cmd/hash_set_common.h"
#include "cmd/scan_cursor.h"
#include "util/glob.h"

namespace ringkv::cmd {

namespace {

using store::ValueType;

// Positions in the table are "shard 0" of a one-shard space: the cursor is
// then the entry's id itself.
constexpr int kCursorSpaces = 1;

ScanCursorTable& member_cursors() {
  // Bounded like SCAN's table: abandoned iterations cost little.
  static ScanCursorTable table(65536, 64 << 20);
  return table;
}

// The table entry for a position: the key (length-prefixed, so no key is a
// prefix of another's entry) followed by the last member returned.
std::string position_token(std::string_view key, std::string_view member) {
  std::string token;
  store::append_u64_be(&token, key.size());
  token.append(key);
  token.append(member);
  return token;
}



struct ScanOptions {
  uint64_t count = 10;
  std::optional<std::string_view> pattern;  // nullopt = every member
};

// scanGenericCommand's option parsing for an object: COUNT and MATCH only.
bool parse_options(CommandContext& ctx, ScanOptions* options) {
  for (size_t i = 3; i < ctx.argc(); i += 2) {
    std::string_view option = ctx.arg(i);
    bool has_value = i + 1 < ctx.argc();
    if (is_option(option, "COUNT") && has_value) {
      int64_t count = 0;
      if (!parse_integer_arg(ctx, ctx.arg(i + 1), &count)) return false;
      if (count < 1) {
        ctx.reply.error(resp::kErrSyntax);
        return false;
      }
      options->count = static_cast<uint64_t>(count);
    } else if (is_option(option, "MATCH") && has_value) {
      options->pattern = ctx.arg(i + 1);
      if (*options->pattern == "*") options->pattern.reset();
    } else {
      ctx.reply.error(resp::kErrSyntax);
      return false;
    }
  }
  return true;
}

// Where `cursor` resumes in `key`: after the returned member, or at the start.
std::optional<std::string> resume_after(CommandContext& ctx, std::string_view key,
                                        uint64_t cursor) {
  if (cursor == 0) return std::nullopt;
  ScanPosition position = member_cursors().resolve(cursor, ctx.db, kCursorSpaces);
  std::string owner = position_token(key, {});
  if (!position.last_key || !position.last_key->starts_with(owner)) return std::nullopt;
  return position.last_key->substr(owner.size());
}

}  // namespace

void scan_members(CommandContext& ctx, ValueType type) {
  uint64_t cursor = 0;
  if (!parse_scan_cursor(ctx.arg(2), &cursor)) {
    ctx.reply.error("ERR invalid cursor");
    return;
  }
  std::string_view key = ctx.arg(1);
  CollectionKey collection(ctx, key, type);
  if (!check_read(ctx, collection)) return;
  if (!collection.exists()) {
    ctx.reply.array(2);
    ctx.reply.bulk("0");
    ctx.reply.array(0);
    return;
  }
  ScanOptions options;
  if (!parse_options(ctx, &options)) return;

  bool whole = collection.meta().count <= kSmallCollection;
  std::optional<std::string> after = whole ? std::nullopt : resume_after(ctx, key, cursor);
  std::string prefix = options.pattern ? glob_literal_prefix(*options.pattern) : std::string();
  std::string start = prefix;
  // The smallest member after the last one returned is that member + "\0".
  if (after && *after + '\0' > start) start = *after + '\0';

  MemberList found;
  std::optional<std::string> last;
  uint64_t examined = 0;
  bool more = false;
  collection.members().scan(start, [&](std::string_view member, std::string_view value) {
    if (!member.starts_with(prefix)) return false;  // no later member can match
    if (!whole && examined == options.count) {
      more = true;
      return false;
    }
    ++examined;
    last.emplace(member);
    if (!options.pattern || glob_match(*options.pattern, member)) found.emplace_back(member, value);
    return true;
  });

  uint64_t next = 0;
  if (more) next = member_cursors().save(ctx.db, {0, position_token(key, *last)}, kCursorSpaces);
  bool pairs = type == ValueType::kHash;
  ctx.reply.array(2);
  ctx.reply.bulk(std::to_string(next));
  ctx.reply.array(found.size() * (pairs ? 2 : 1));
  for (const auto& [member, value] : found) {
    ctx.reply.bulk(member);
    if (pairs) ctx.reply.bulk(value);
  }
}

}  // namespace ringkv::cmd
