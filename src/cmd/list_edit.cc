// List commands that search or reshape the middle of a list: LINSERT,
// LREM, LTRIM and LPOS. Searches stream through the list in order (they
// are O(N) in Redis too); changes go through ListKey, which moves the
// shorter side of the list.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "cmd/args.h"
#include "cmd/list_commands.h"
#include "cmd/list_key.h"

namespace ringkv::cmd {

namespace {

void linsert(CommandContext& ctx) {
  bool after = false;
  if (is_option(ctx.arg(2), "AFTER")) {
    after = true;
  } else if (!is_option(ctx.arg(2), "BEFORE")) {
    return ctx.reply.error(resp::kErrSyntax);
  }
  ListKey list(ctx, ctx.arg(1));
  if (list.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
  if (!list.exists()) return ctx.reply.integer(0);
  std::string_view pivot = ctx.arg(3);
  std::optional<uint64_t> found;
  list.visit(0, [&](uint64_t position, std::string_view element) {
    if (element != pivot) return true;
    found = position;
    return false;
  });
  if (!found) return ctx.reply.integer(-1);
  list.insert(after ? *found + 1 : *found, ctx.arg(4));
  uint64_t length = list.length();
  list.save();
  ctx.reply.integer(static_cast<int64_t>(length));
}

void lrem(CommandContext& ctx) {
  int64_t count = 0;
  if (!parse_integer_arg(ctx, ctx.arg(2), &count)) return;
  ListKey list(ctx, ctx.arg(1));
  if (list.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
  if (!list.exists()) return ctx.reply.integer(0);
  std::string_view wanted = ctx.arg(3);
  // 0 removes every match; otherwise |count| of them from the head
  // (count > 0) or from the tail (count < 0).
  uint64_t limit = count < 0 ? 0 - static_cast<uint64_t>(count) : static_cast<uint64_t>(count);
  std::vector<uint64_t> positions;
  auto collect = [&](uint64_t position, std::string_view element) {
    if (element == wanted) positions.push_back(position);
    return limit == 0 || positions.size() < limit;
  };
  if (count >= 0) {
    list.visit(0, collect);
  } else {
    list.visit_reverse(list.length() - 1, collect);
    std::reverse(positions.begin(), positions.end());
  }
  if (positions.empty()) return ctx.reply.integer(0);
  list.remove(positions);
  list.save();
  ctx.reply.integer(static_cast<int64_t>(positions.size()));
}

void ltrim(CommandContext& ctx) {
  int64_t start = 0;
  int64_t stop = 0;
  if (!parse_integer_arg(ctx, ctx.arg(2), &start) || !parse_integer_arg(ctx, ctx.arg(3), &stop)) {
    return;
  }
  ListKey list(ctx, ctx.arg(1));
  if (list.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
  if (!list.exists()) return ctx.reply.ok();
  auto length = static_cast<int64_t>(list.length());
  // The same index rules as LRANGE: an empty range empties the list.
  if (start < 0) start += length;
  if (stop < 0) stop += length;
  if (start < 0) start = 0;
  if (start > stop || start >= length) {
    list.trim(0, 0);
  } else {
    if (stop >= length) stop = length - 1;
    list.trim(static_cast<uint64_t>(start), static_cast<uint64_t>(stop - start + 1));
  }
  list.save();
  ctx.reply.ok();
}

struct LposOptions {
  int64_t rank = 1;
  int64_t count = -1;  // -1: no COUNT, reply a single position
  int64_t maxlen = 0;  // 0: no limit
};

bool parse_lpos_options(CommandContext& ctx, LposOptions* options) {
  for (size_t i = 3; i < ctx.argc(); ++i) {
    std::string_view option = ctx.arg(i);
    bool has_value = i + 1 < ctx.argc();
    if (is_option(option, "RANK") && has_value) {
      if (!parse_integer_arg(ctx, ctx.arg(++i), &options->rank)) return false;
      if (options->rank == 0) {
        ctx.reply.error(
            "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... "
            "or use negative to start from the end of the list");
        return false;
      }
    } else if (is_option(option, "COUNT") && has_value) {
      if (!parse_non_negative(ctx, ctx.arg(++i), &options->count, "ERR COUNT can't be negative")) {
        return false;
      }
    } else if (is_option(option, "MAXLEN") && has_value) {
      if (!parse_non_negative(ctx, ctx.arg(++i), &options->maxlen,
                              "ERR MAXLEN can't be negative")) {
        return false;
      }
    } else {
      ctx.reply.error(resp::kErrSyntax);
      return false;
    }
  }
  return true;
}

void lpos(CommandContext& ctx) {
  LposOptions options;
  if (!parse_lpos_options(ctx, &options)) return;
  bool with_count = options.count != -1;
  ListKey list(ctx, ctx.arg(1));
  if (list.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
  if (!list.exists()) return with_count ? ctx.reply.array(0) : ctx.reply.null();
  // A negative rank searches from the tail. Redis negates it as a long:
  // RANK -9223372036854775808 stays negative there, so every match
  // qualifies and COUNT never stops the search; kept as is.
  bool from_tail = options.rank < 0;
  bool any_rank = options.rank == INT64_MIN;
  uint64_t rank = any_rank ? 1
                  : from_tail ? static_cast<uint64_t>(-options.rank)
                              : static_cast<uint64_t>(options.rank);
  auto wanted_count = static_cast<uint64_t>(std::max<int64_t>(options.count, 0));
  auto maxlen = static_cast<uint64_t>(options.maxlen);
  std::string_view wanted = ctx.arg(2);
  std::vector<uint64_t> found;
  uint64_t examined = 0;
  uint64_t matches = 0;
  auto check = [&](uint64_t position, std::string_view element) {
    if (maxlen != 0 && examined == maxlen) return false;
    ++examined;
    if (element != wanted || ++matches < rank) return true;
    found.push_back(position);
    if (!with_count) return false;
    return any_rank || wanted_count == 0 || matches - rank + 1 < wanted_count;
  };
  if (from_tail) {
    list.visit_reverse(list.length() - 1, check);
  } else {
    list.visit(0, check);
  }
  if (!with_count) {
    return found.empty() ? ctx.reply.null() : ctx.reply.integer(static_cast<int64_t>(found[0]));
  }
  ctx.reply.array(found.size());
  for (uint64_t position : found) ctx.reply.integer(static_cast<int64_t>(position));
}

}  // namespace

void add_list_edit_commands(std::vector<CommandSpec>* table) {
  table->push_back({"linsert", 5, kWrite | kDenyOom, 1, 1, 1, linsert, "list",
                    "Insert an element before or after another element in a list", "2.2.0"});
  table->push_back({"lrem", 4, kWrite, 1, 1, 1, lrem, "list", "Remove elements from a list",
                    "1.0.0"});
  table->push_back({"ltrim", 4, kWrite, 1, 1, 1, ltrim, "list",
                    "Trim a list to the specified range", "1.0.0"});
  table->push_back({"lpos", -3, kReadonly, 1, 1, 1, lpos, "list",
                    "Return the index of matching elements on a list", "6.0.6"});
}

}  // namespace ringkv::cmd
