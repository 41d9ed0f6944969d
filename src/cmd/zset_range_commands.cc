// Sorted-set range reads: ZRANGE (by rank, BYSCORE, BYLEX, REV, LIMIT,
// WITHSCORES), its older forms ZREVRANGE, Z[REV]RANGEBYSCORE and
// Z[REV]RANGEBYLEX, ZRANGESTORE, ZCOUNT and ZLEXCOUNT. One parser and one
// walk serve them all, as zrangeGenericCommand does in Redis, so options
// and errors are checked in the same order.
#include <type_traits>
#include <utility>
#include <vector>

#include "cmd/args.h"
#include "cmd/zset_commands.h"

namespace ringkv::cmd {

namespace {

using store::ValueType;

enum class RangeType { kAuto, kRank, kScore, kLex };
enum class Direction { kAuto, kForward, kReverse };

struct RangeRequest {
  RangeType type = RangeType::kAuto;
  bool reverse = false;
  bool with_scores = false;
  int64_t offset = 0;
  int64_t limit = -1;  // negative = no limit
  int64_t start = 0;   // ranks
  int64_t end = 0;
  ScoreRange score;
  LexRange lex;
};

// The options after "<key> <min> <max>" (from argument `first`).
bool parse_range_options(CommandContext& ctx, size_t first, bool store, Direction* direction,
                         RangeRequest* request) {
  for (size_t j = first; j < ctx.argc(); ++j) {
    std::string_view option = ctx.arg(j);
    size_t left = ctx.argc() - j - 1;
    if (!store && is_option(option, "WITHSCORES")) {
      request->with_scores = true;
    } else if (is_option(option, "LIMIT") && left >= 2) {
      if (!parse_integer_arg(ctx, ctx.arg(j + 1), &request->offset) ||
          !parse_integer_arg(ctx, ctx.arg(j + 2), &request->limit)) {
        return false;
      }
      j += 2;
    } else if (*direction == Direction::kAuto && is_option(option, "REV")) {
      *direction = Direction::kReverse;
    } else if (request->type == RangeType::kAuto && is_option(option, "BYLEX")) {
      request->type = RangeType::kLex;
    } else if (request->type == RangeType::kAuto && is_option(option, "BYSCORE")) {
      request->type = RangeType::kScore;
    } else {
      ctx.reply.error(resp::kErrSyntax);
      return false;
    }
  }
  return true;
}

// Redis's zrangeGenericCommand steps 1 and 2: options, conflicts, bounds.
// `key_index` is the source key's argument; min and max follow it.
bool parse_range_request(CommandContext& ctx, size_t key_index, bool store, RangeType type,
                         Direction direction, RangeRequest* request) {
  request->type = type;
  if (!parse_range_options(ctx, key_index + 3, store, &direction, request)) return false;
  // Like Redis, "LIMIT x -1" counts as no LIMIT.
  bool limit_given = request->limit != -1;
  request->reverse = direction == Direction::kReverse;
  if (request->type == RangeType::kAuto) request->type = RangeType::kRank;
  if (limit_given && request->type == RangeType::kRank) {
    ctx.reply.error(
        "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
    return false;
  }
  if (request->with_scores && request->type == RangeType::kLex) {
    ctx.reply.error("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
    return false;
  }
  std::string_view min = ctx.arg(key_index + 1);
  std::string_view max = ctx.arg(key_index + 2);
  // Score and lex ranges are given as max, min when reversed.
  if (request->reverse && request->type != RangeType::kRank) std::swap(min, max);
  switch (request->type) {
    case RangeType::kScore:
      if (parse_score_range(min, max, &request->score)) return true;
      ctx.reply.error(kErrScoreRange);
      return false;
    case RangeType::kLex:
      if (parse_lex_range(min, max, &request->lex)) return true;
      ctx.reply.error(kErrLexRange);
      return false;
    default:
      return parse_integer_arg(ctx, min, &request->start) &&
             parse_integer_arg(ctx, max, &request->end);
  }
}

std::vector<ZsetEntry> range_by_rank(ZsetIndex& index, const RangeRequest& request) {
  auto length = static_cast<int64_t>(index.count());
  int64_t start = request.start < 0 ? length + request.start : request.start;
  int64_t end = request.end < 0 ? length + request.end : request.end;
  if (start < 0) start = 0;
  std::vector<ZsetEntry> entries;
  if (start > end || start >= length) return entries;
  if (end >= length) end = length - 1;
  auto wanted = static_cast<size_t>(end - start + 1);
  entries.reserve(wanted);
  index.from_rank(static_cast<uint64_t>(start), request.reverse,
                  ZsetIndex::collect(&entries, wanted));
  return entries;
}

// BYSCORE and BYLEX: skip `offset` entries of the range, then take up to
// `limit` (a negative offset skips everything, as Redis's loop does).
std::vector<ZsetEntry> range_by_bounds(ZsetIndex& index, const RangeRequest& request) {
  std::vector<ZsetEntry> entries;
  if (request.offset < 0 || request.limit == 0) return entries;
  if (request.offset > 0 && static_cast<uint64_t>(request.offset) >= index.count()) {
    return entries;
  }
  ZsetIndex::Visitor visit = [&](double score, std::string_view member) {
    entries.push_back(ZsetEntry{score, std::string(member)});
    return request.limit < 0 || static_cast<int64_t>(entries.size()) < request.limit;
  };
  auto skip = static_cast<uint64_t>(request.offset);
  if (request.type == RangeType::kScore) {
    index.in_score_range(request.score, request.reverse, visit, skip);
  } else {
    index.in_lex_range(request.lex, request.reverse, visit, skip);
  }
  return entries;
}

// Step 3: look the source up and walk it. Replies only on WRONGTYPE.
bool collect_range(CommandContext& ctx, std::string_view key, const RangeRequest& request,
                   std::vector<ZsetEntry>* entries) {
  CollectionKey zset(ctx, key, ValueType::kZset);
  if (zset.wrong_type()) {
    ctx.reply.error(resp::kErrWrongType);
    return false;
  }
  if (!zset.exists()) return true;
  ZsetIndex index = zset_index(ctx, zset);
  *entries = request.type == RangeType::kRank ? range_by_rank(index, request)
                                              : range_by_bounds(index, request);
  return true;
}

void range_generic(CommandContext& ctx, RangeType type, Direction direction) {
  RangeRequest request;
  if (!parse_range_request(ctx, 1, false, type, direction, &request)) return;
  std::vector<ZsetEntry> entries;
  if (!collect_range(ctx, ctx.arg(1), request, &entries)) return;
  reply_entries(ctx, entries, request.with_scores);
}

void zrange(CommandContext& ctx) { range_generic(ctx, RangeType::kAuto, Direction::kAuto); }
void zrevrange(CommandContext& ctx) { range_generic(ctx, RangeType::kRank, Direction::kReverse); }
void zrangebyscore(CommandContext& ctx) {
  range_generic(ctx, RangeType::kScore, Direction::kForward);
}
void zrevrangebyscore(CommandContext& ctx) {
  range_generic(ctx, RangeType::kScore, Direction::kReverse);
}
void zrangebylex(CommandContext& ctx) { range_generic(ctx, RangeType::kLex, Direction::kForward); }
void zrevrangebylex(CommandContext& ctx) {
  range_generic(ctx, RangeType::kLex, Direction::kReverse);
}

void zrangestore(CommandContext& ctx) {
  RangeRequest request;
  if (!parse_range_request(ctx, 2, true, RangeType::kAuto, Direction::kAuto, &request)) return;
  std::vector<ZsetEntry> entries;
  if (!collect_range(ctx, ctx.arg(2), request, &entries)) return;
  store_entries(ctx, ctx.arg(1), entries);
}

// ZCOUNT and ZLEXCOUNT: O(matches) index records (Redis: O(log N)).
template <typename Range>
void count_generic(CommandContext& ctx, bool (*parse)(std::string_view, std::string_view, Range*),
                   std::string_view parse_error) {
  Range range;
  if (!parse(ctx.arg(2), ctx.arg(3), &range)) return ctx.reply.error(parse_error);
  CollectionKey zset(ctx, ctx.arg(1), ValueType::kZset);
  if (zset.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
  int64_t count = 0;
  if (zset.exists()) {
    ZsetIndex index = zset_index(ctx, zset);
    ZsetIndex::Visitor visit = [&](double, std::string_view) {
      ++count;
      return true;
    };
    if constexpr (std::is_same_v<Range, ScoreRange>) {
      index.in_score_range(range, false, visit);
    } else {
      index.in_lex_range(range, false, visit);
    }
  }
  ctx.reply.integer(count);
}

void zcount(CommandContext& ctx) {
  count_generic<ScoreRange>(ctx, parse_score_range, kErrScoreRange);
}
void zlexcount(CommandContext& ctx) {
  count_generic<LexRange>(ctx, parse_lex_range, kErrLexRange);
}

}  // namespace

void add_zset_range_commands(std::vector<CommandSpec>* table) {
  const char* group = "sorted-set";
  table->push_back({"zrange", -4, kReadonly, 1, 1, 1, zrange, group,
                    "Return a range of members in a sorted set", "1.2.0"});
  table->push_back({"zrangestore", -5, kWrite | kDenyOom, 1, 2, 1, zrangestore, group,
                    "Store a range of members from sorted set into another key", "6.2.0"});
  table->push_back({"zrevrange", -4, kReadonly, 1, 1, 1, zrevrange, group,
                    "Return a range of members in a sorted set, by index, with scores ordered "
                    "from high to low",
                    "1.2.0"});
  table->push_back({"zrangebyscore", -4, kReadonly, 1, 1, 1, zrangebyscore, group,
                    "Return a range of members in a sorted set, by score", "1.0.5"});
  table->push_back({"zrevrangebyscore", -4, kReadonly, 1, 1, 1, zrevrangebyscore, group,
                    "Return a range of members in a sorted set, by score, with scores ordered "
                    "from high to low",
                    "2.2.0"});
  table->push_back({"zrangebylex", -4, kReadonly, 1, 1, 1, zrangebylex, group,
                    "Return a range of members in a sorted set, by lexicographical range",
                    "2.8.9"});
  table->push_back({"zrevrangebylex", -4, kReadonly, 1, 1, 1, zrevrangebylex, group,
                    "Return a range of members in a sorted set, by lexicographical range, "
                    "ordered from higher to lower strings.",
                    "2.8.9"});
  table->push_back({"zcount", 4, kReadonly | kFast, 1, 1, 1, zcount, group,
                    "Count the members in a sorted set with scores within the given values",
                    "2.0.0"});
  table->push_back({"zlexcount", 4, kReadonly | kFast, 1, 1, 1, zlexcount, group,
                    "Count the number of members in a sorted set between a given "
                    "lexicographical range",
                    "2.8.9"});
}

}  // namespace ringkv::cmd
