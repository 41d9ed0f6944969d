// Sorted-set removals by position: ZREMRANGEBYRANK, ZREMRANGEBYSCORE,
// ZREMRANGEBYLEX, ZPOPMIN, ZPOPMAX and ZMPOP. Large removals go in chunks
// (walk a chunk, remove it, resume after it), so memory stays bounded
// whatever the range covers.
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <vector>

#include "cmd/args.h"
#include "cmd/zset_commands.h"
#include "util/numbers.h"

namespace ringkv::cmd {

namespace {

using store::ValueType;

constexpr size_t kChunk = 1024;

enum class RemoveBy { kRank, kScore, kLex };

// Removes the entries of `chunk` and returns how many.
uint64_t erase_chunk(CollectionKey& zset, const std::vector<ZsetEntry>& chunk) {
  for (const ZsetEntry& entry : chunk) erase_entry(zset, entry.member, entry.score);
  zset.meta().count -= chunk.size();
  return chunk.size();
}

// Removes up to `limit` entries: the first chunk from `walk_first`, later
// ones ascending after the last removed entry while `in_range` holds.
using FirstWalk = std::function<void(const ZsetIndex::Visitor&, ZsetIndex&)>;
using InRange = std::function<bool(double, std::string_view)>;

uint64_t remove_ascending(CommandContext& ctx, CollectionKey& zset, uint64_t limit,
                          const FirstWalk& walk_first, const InRange& in_range) {
  uint64_t removed = 0;
  std::vector<ZsetEntry> chunk;
  bool first = true;
  std::string resume;
  while (removed < limit) {
    chunk.clear();
    size_t wanted = static_cast<size_t>(std::min<uint64_t>(kChunk, limit - removed));
    ZsetIndex index = zset_index(ctx, zset);
    ZsetIndex::Visitor take = ZsetIndex::collect(&chunk, wanted);
    if (first) {
      walk_first(take, index);
      first = false;
    } else {
      index.ascend(resume, [&](double score, std::string_view member) {
        return in_range(score, member) && take(score, member);
      });
    }
    if (chunk.empty()) break;
    resume = ZsetIndex::after(chunk.back().score, chunk.back().member);
    removed += erase_chunk(zset, chunk);
    if (chunk.size() < wanted) break;
  }
  return removed;
}

bool parse_remove_range(CommandContext& ctx, RemoveBy by, int64_t* start, int64_t* end,
                        ScoreRange* score, LexRange* lex) {
  switch (by) {
    case RemoveBy::kRank:
      return parse_integer_arg(ctx, ctx.arg(2), start) && parse_integer_arg(ctx, ctx.arg(3), end);
    case RemoveBy::kScore:
      if (parse_score_range(ctx.arg(2), ctx.arg(3), score)) return true;
      ctx.reply.error(kErrScoreRange);
      return false;
    case RemoveBy::kLex:
      if (parse_lex_range(ctx.arg(2), ctx.arg(3), lex)) return true;
      ctx.reply.error(kErrLexRange);
      return false;
  }
  return false;
}

// Redis's zremrangeGenericCommand.
void zremrange_generic(CommandContext& ctx, RemoveBy by) {
  int64_t start = 0;
  int64_t end = 0;
  ScoreRange score;
  LexRange lex;
  if (!parse_remove_range(ctx, by, &start, &end, &score, &lex)) return;
  CollectionKey zset(ctx, ctx.arg(1), ValueType::kZset);
  if (zset.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
  if (!zset.exists()) return ctx.reply.integer(0);
  uint64_t limit = std::numeric_limits<uint64_t>::max();
  FirstWalk walk_first;
  InRange in_range;
  if (by == RemoveBy::kRank) {
    auto length = static_cast<int64_t>(zset.meta().count);
    if (start < 0) start += length;
    if (end < 0) end += length;
    if (start < 0) start = 0;
    if (start > end || start >= length) return ctx.reply.integer(0);
    if (end >= length) end = length - 1;
    limit = static_cast<uint64_t>(end - start + 1);
    walk_first = [start](const ZsetIndex::Visitor& visit, ZsetIndex& index) {
      index.from_rank(static_cast<uint64_t>(start), false, visit);
    };
    in_range = [](double, std::string_view) { return true; };
  } else if (by == RemoveBy::kScore) {
    walk_first = [&score](const ZsetIndex::Visitor& visit, ZsetIndex& index) {
      index.in_score_range(score, false, visit);
    };
    in_range = [&score](double s, std::string_view) { return score.below_max(s); };
  } else {
    walk_first = [&lex](const ZsetIndex::Visitor& visit, ZsetIndex& index) {
      index.in_lex_range(lex, false, visit);
    };
    in_range = [&lex](double, std::string_view member) { return lex.below_max(member); };
  }
  uint64_t removed = remove_ascending(ctx, zset, limit, walk_first, in_range);
  if (removed > 0) zset.save();
  ctx.reply.integer(static_cast<int64_t>(removed));
}

void zremrangebyrank(CommandContext& ctx) { zremrange_generic(ctx, RemoveBy::kRank); }
void zremrangebyscore(CommandContext& ctx) { zremrange_generic(ctx, RemoveBy::kScore); }
void zremrangebylex(CommandContext& ctx) { zremrange_generic(ctx, RemoveBy::kLex); }

// ---- ZPOPMIN, ZPOPMAX, ZMPOP ----

// Pops up to `count` lowest (or highest) entries of an existing zset.
std::vector<ZsetEntry> pop_entries(CommandContext& ctx, CollectionKey& zset, bool max,
                                   uint64_t count) {
  std::vector<ZsetEntry> popped;
  uint64_t wanted = std::min<uint64_t>(count, zset.meta().count);
  popped.reserve(static_cast<size_t>(wanted));
  ZsetIndex index = zset_index(ctx, zset);
  ZsetIndex::Visitor take = ZsetIndex::collect(&popped, static_cast<size_t>(wanted));
  max ? index.descend({}, take) : index.ascend({}, take);
  erase_chunk(zset, popped);
  if (!popped.empty()) zset.save();
  return popped;
}

// ZPOPMIN/ZPOPMAX key [count]: a flat array, except in RESP3 with a count
// given, where each pair is an array of its own.
void zpop_generic(CommandContext& ctx, bool max) {
  if (ctx.argc() > 3) return ctx.reply.error(resp::kErrSyntax);
  int64_t count = -1;
  if (ctx.argc() == 3) {
    constexpr std::string_view kError = "ERR value is out of range, must be positive";
    if (!parse_integer_arg(ctx, ctx.arg(2), &count, kError)) return;
    if (count < 0) return ctx.reply.error(kError);
  }
  CollectionKey zset(ctx, ctx.arg(1), ValueType::kZset);
  if (zset.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
  if (!zset.exists() || count == 0) return ctx.reply.array(0);
  bool nested = ctx.protocol > 2 && count != -1;
  std::vector<ZsetEntry> popped =
      pop_entries(ctx, zset, max, count == -1 ? 1 : static_cast<uint64_t>(count));
  ctx.reply.array(nested ? popped.size() : popped.size() * 2);
  for (const ZsetEntry& entry : popped) {
    if (nested) ctx.reply.array(2);
    ctx.reply.bulk(entry.member);
    ctx.reply.double_value(entry.score);
  }
}

void zpopmin(CommandContext& ctx) { zpop_generic(ctx, false); }
void zpopmax(CommandContext& ctx) { zpop_generic(ctx, true); }

// ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]: pops from the first
// non-empty key; [key, [[member, score]...]] or a null array.
void zmpop(CommandContext& ctx) {
  int64_t numkeys = 0;
  constexpr std::string_view kNumkeysError = "ERR numkeys should be greater than 0";
  if (!parse_integer_arg(ctx, ctx.arg(1), &numkeys, kNumkeysError)) return;
  if (numkeys < 1) return ctx.reply.error(kNumkeysError);
  if (static_cast<uint64_t>(numkeys) >= ctx.argc() - 2) return ctx.reply.error(resp::kErrSyntax);
  size_t where = 2 + static_cast<size_t>(numkeys);
  bool max = is_option(ctx.arg(where), "MAX");
  if (!max && !is_option(ctx.arg(where), "MIN")) return ctx.reply.error(resp::kErrSyntax);
  int64_t count = -1;
  for (size_t j = where + 1; j < ctx.argc(); ++j) {
    if (count == -1 && is_option(ctx.arg(j), "COUNT") && j + 1 < ctx.argc()) {
      constexpr std::string_view kCountError = "ERR count should be greater than 0";
      if (!parse_integer_arg(ctx, ctx.arg(++j), &count, kCountError)) return;
      if (count < 1) return ctx.reply.error(kCountError);
    } else {
      return ctx.reply.error(resp::kErrSyntax);
    }
  }
  if (count == -1) count = 1;
  for (size_t k = 2; k < where; ++k) {
    CollectionKey zset(ctx, ctx.arg(k), ValueType::kZset);
    if (zset.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
    if (!zset.exists()) continue;
    std::vector<ZsetEntry> popped = pop_entries(ctx, zset, max, static_cast<uint64_t>(count));
    ctx.reply.array(2);
    ctx.reply.bulk(ctx.arg(k));
    ctx.reply.array(popped.size());
    for (const ZsetEntry& entry : popped) {
      ctx.reply.array(2);
      ctx.reply.bulk(entry.member);
      ctx.reply.double_value(entry.score);
    }
    return;
  }
  ctx.reply.null_array();
}

// ZMPOP's keys: numkeys of them after it, when numkeys is usable (the
// handler rejects the command otherwise, before touching any key).
void zmpop_keys(std::span<const std::string_view> args, std::vector<size_t>* positions) {
  int64_t numkeys = 0;
  if (args.size() < 2 || !parse_int64(args[1], &numkeys) || numkeys < 1) return;
  if (static_cast<uint64_t>(numkeys) > args.size() - 2) return;
  for (size_t i = 0; i < static_cast<size_t>(numkeys); ++i) positions->push_back(2 + i);
}

}  // namespace

void add_zset_remove_commands(std::vector<CommandSpec>* table) {
  const char* group = "sorted-set";
  table->push_back({"zremrangebyrank", 4, kWrite, 1, 1, 1, zremrangebyrank, group,
                    "Remove all members in a sorted set within the given indexes", "2.0.0"});
  table->push_back({"zremrangebyscore", 4, kWrite, 1, 1, 1, zremrangebyscore, group,
                    "Remove all members in a sorted set within the given scores", "1.2.0"});
  table->push_back({"zremrangebylex", 4, kWrite, 1, 1, 1, zremrangebylex, group,
                    "Remove all members in a sorted set between the given lexicographical range",
                    "2.8.9"});
  table->push_back({"zpopmin", -2, kWrite | kFast, 1, 1, 1, zpopmin, group,
                    "Remove and return members with the lowest scores in a sorted set", "5.0.0"});
  table->push_back({"zpopmax", -2, kWrite | kFast, 1, 1, 1, zpopmax, group,
                    "Remove and return members with the highest scores in a sorted set",
                    "5.0.0"});
  CommandSpec mpop{"zmpop", -4, kWrite, 0, 0, 0, zmpop, group,
                   "Remove and return members with scores in a sorted set", "7.0.0"};
  mpop.key_finder = zmpop_keys;
  table->push_back(std::move(mpop));
}

}  // namespace ringkv::cmd
