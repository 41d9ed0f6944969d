// Sorted-set algebra: ZUNION, ZINTER, ZDIFF, their *STORE forms and
// ZINTERCARD (Redis's zunionInterDiffGenericCommand). Inputs may be sorted
// sets or plain sets (every member scoring 1). Like Redis, these read their
// inputs whole: O(total members), with the result built in memory and
// ordered by (score, member).
#include <algorithm>
#include <cmath>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "cmd/args.h"
#include "cmd/zset_commands.h"
#include "server/engine.h"
#include "store/collection.h"
#include "util/numbers.h"

namespace ringkv::cmd {

namespace {

using store::Meta;
using store::ValueType;

enum class SetOp { kUnion, kInter, kDiff };
enum class Aggregate { kSum, kMin, kMax };

// One input: a sorted set, a set or a missing key.
struct Source {
  std::string_view key;
  std::optional<Meta> meta;
  double weight = 1.0;

  uint64_t size() const { return meta ? meta->count : 0; }
};

class SourceReader {
 public:
  SourceReader(CommandContext& ctx, const Source& source)
      : source_(source),
        members_(ctx.keyspace(source.key).store(), ctx.db, source.key,
                 source.meta ? source.meta->version : 0) {}

  // Visits every member with its score (1 for a set member) until the
  // visitor returns false.
  template <typename Visit>
  void each(Visit&& visit) {
    if (!source_.meta) return;
    members_.scan({}, [&](std::string_view member, std::string_view value) {
      return visit(member, score_of_value(value));
    });
  }

  std::optional<double> find(std::string_view member) {
    if (!source_.meta) return std::nullopt;
    std::string value;
    if (!members_.get(member, &value)) return std::nullopt;
    return score_of_value(value);
  }

 private:
  double score_of_value(std::string_view value) const {
    if (source_.meta->type == ValueType::kSet) return 1.0;
    double score = 0;
    store::decode_score_value(value, &score);
    return score;
  }

  const Source& source_;
  store::Collection members_;
};

// Redis's zunionInterAggregate: a NaN sum (inf + -inf) counts as 0.
void aggregate(double* target, double value, Aggregate how) {
  switch (how) {
    case Aggregate::kSum:
      *target += value;
      if (std::isnan(*target)) *target = 0.0;
      break;
    case Aggregate::kMin:
      *target = value < *target ? value : *target;
      break;
    case Aggregate::kMax:
      *target = value > *target ? value : *target;
      break;
  }
}

struct SetOpRequest {
  SetOp op;
  bool cardinality_only = false;
  bool store = false;
  bool with_scores = false;
  Aggregate how = Aggregate::kSum;
  uint64_t limit = 0;  // ZINTERCARD: stop at this many (0 = no limit)
  std::vector<Source> sources;
};

// Redis's order: numkeys, the keys' types, then the options.
bool parse_sources(CommandContext& ctx, size_t numkeys_index, SetOpRequest* request) {
  int64_t numkeys = 0;
  if (!parse_integer_arg(ctx, ctx.arg(numkeys_index), &numkeys)) return false;
  if (numkeys < 1) {
    ctx.reply.error("ERR at least 1 input key is needed for '" + lower(ctx.arg(0)) +
                    "' command");
    return false;
  }
  if (static_cast<uint64_t>(numkeys) > ctx.argc() - numkeys_index - 1) {
    ctx.reply.error(resp::kErrSyntax);
    return false;
  }
  for (size_t i = 0; i < static_cast<size_t>(numkeys); ++i) {
    Source source;
    source.key = ctx.arg(numkeys_index + 1 + i);
    source.meta = ctx.keyspace(source.key).lookup(ctx.db, source.key, ctx.now_ms);
    if (source.meta && source.meta->type != ValueType::kZset &&
        source.meta->type != ValueType::kSet) {
      ctx.reply.error(resp::kErrWrongType);
      return false;
    }
    request->sources.push_back(source);
  }
  return true;
}

bool parse_setop_options(CommandContext& ctx, size_t first, SetOpRequest* request) {
  size_t j = first;
  size_t setnum = request->sources.size();
  bool scored = request->op != SetOp::kDiff && !request->cardinality_only;
  while (j < ctx.argc()) {
    size_t remaining = ctx.argc() - j;
    std::string_view option = ctx.arg(j);
    if (scored && remaining >= setnum + 1 && is_option(option, "WEIGHTS")) {
      for (size_t i = 0; i < setnum; ++i) {
        if (!parse_double(ctx.arg(j + 1 + i), &request->sources[i].weight)) {
          ctx.reply.error("ERR weight value is not a float");
          return false;
        }
      }
      j += setnum + 1;
    } else if (scored && remaining >= 2 && is_option(option, "AGGREGATE")) {
      std::string_view how = ctx.arg(j + 1);
      if (is_option(how, "SUM")) {
        request->how = Aggregate::kSum;
      } else if (is_option(how, "MIN")) {
        request->how = Aggregate::kMin;
      } else if (is_option(how, "MAX")) {
        request->how = Aggregate::kMax;
      } else {
        ctx.reply.error(resp::kErrSyntax);
        return false;
      }
      j += 2;
    } else if (!request->store && !request->cardinality_only && is_option(option, "WITHSCORES")) {
      request->with_scores = true;
      j += 1;
    } else if (request->cardinality_only && remaining >= 2 && is_option(option, "LIMIT")) {
      constexpr std::string_view kError = "ERR LIMIT can't be negative";
      int64_t limit = 0;
      if (!parse_integer_arg(ctx, ctx.arg(j + 1), &limit, kError)) return false;
      if (limit < 0) {
        ctx.reply.error(kError);
        return false;
      }
      request->limit = static_cast<uint64_t>(limit);
      j += 2;
    } else {
      ctx.reply.error(resp::kErrSyntax);
      return false;
    }
  }
  return true;
}

using Accumulator = std::unordered_map<std::string, double>;

void run_union(CommandContext& ctx, const SetOpRequest& request, Accumulator* result) {
  for (const Source& source : request.sources) {
    SourceReader reader(ctx, source);
    reader.each([&](std::string_view member, double score) {
      double weighted = source.weight * score;
      if (std::isnan(weighted)) weighted = 0;
      auto [it, inserted] = result->try_emplace(std::string(member), weighted);
      if (!inserted) aggregate(&it->second, weighted, request.how);
      return true;
    });
  }
}

// Members of the smallest input found in every other one. Returns the
// count of such members (ZINTERCARD stops at its limit).
uint64_t run_inter(CommandContext& ctx, const SetOpRequest& request, Accumulator* result) {
  const std::vector<Source>& sources = request.sources;
  if (sources[0].size() == 0) return 0;
  std::vector<SourceReader> readers;
  readers.reserve(sources.size());
  for (const Source& source : sources) readers.emplace_back(ctx, source);
  uint64_t cardinality = 0;
  readers[0].each([&](std::string_view member, double score) {
    double total = sources[0].weight * score;
    if (std::isnan(total)) total = 0;
    for (size_t j = 1; j < sources.size(); ++j) {
      std::optional<double> other = readers[j].find(member);
      if (!other) return true;
      aggregate(&total, *other * sources[j].weight, request.how);
    }
    ++cardinality;
    if (request.cardinality_only) return request.limit == 0 || cardinality < request.limit;
    result->emplace(std::string(member), total);
    return true;
  });
  return cardinality;
}

// Members of the first input found in no other one, with their own scores.
void run_diff(CommandContext& ctx, const SetOpRequest& request, Accumulator* result) {
  const std::vector<Source>& sources = request.sources;
  std::vector<SourceReader> readers;
  readers.reserve(sources.size());
  for (const Source& source : sources) readers.emplace_back(ctx, source);
  readers[0].each([&](std::string_view member, double score) {
    for (size_t j = 1; j < sources.size(); ++j) {
      if (readers[j].find(member)) return true;
    }
    result->emplace(std::string(member), score);
    return true;
  });
}

std::vector<ZsetEntry> sorted_entries(Accumulator&& result) {
  std::vector<ZsetEntry> entries;
  entries.reserve(result.size());
  for (auto& [member, score] : result) entries.push_back(ZsetEntry{score, member});
  std::sort(entries.begin(), entries.end(), [](const ZsetEntry& a, const ZsetEntry& b) {
    return a.score < b.score || (a.score == b.score && a.member < b.member);
  });
  return entries;
}

void setop_generic(CommandContext& ctx, SetOp op, size_t numkeys_index, bool store,
                   bool cardinality_only) {
  SetOpRequest request;
  request.op = op;
  request.store = store;
  request.cardinality_only = cardinality_only;
  if (!parse_sources(ctx, numkeys_index, &request)) return;
  if (!parse_setop_options(ctx, numkeys_index + 1 + request.sources.size(), &request)) return;
  // Smallest first, as Redis orders them (its merge sort is stable too):
  // fewer lookups for ZINTER, and the same summation order.
  if (op != SetOp::kDiff) {
    std::stable_sort(request.sources.begin(), request.sources.end(),
                     [](const Source& a, const Source& b) { return a.size() < b.size(); });
  }
  Accumulator result;
  uint64_t cardinality = 0;
  switch (op) {
    case SetOp::kUnion:
      run_union(ctx, request, &result);
      break;
    case SetOp::kInter:
      cardinality = run_inter(ctx, request, &result);
      break;
    case SetOp::kDiff:
      run_diff(ctx, request, &result);
      break;
  }
  if (cardinality_only) return ctx.reply.integer(static_cast<int64_t>(cardinality));
  std::vector<ZsetEntry> entries = sorted_entries(std::move(result));
  if (store) return store_entries(ctx, ctx.arg(1), entries);
  reply_entries(ctx, entries, request.with_scores);
}

void zunion(CommandContext& ctx) { setop_generic(ctx, SetOp::kUnion, 1, false, false); }
void zinter(CommandContext& ctx) { setop_generic(ctx, SetOp::kInter, 1, false, false); }
void zdiff(CommandContext& ctx) { setop_generic(ctx, SetOp::kDiff, 1, false, false); }
void zintercard(CommandContext& ctx) { setop_generic(ctx, SetOp::kInter, 1, false, true); }
void zunionstore(CommandContext& ctx) { setop_generic(ctx, SetOp::kUnion, 2, true, false); }
void zinterstore(CommandContext& ctx) { setop_generic(ctx, SetOp::kInter, 2, true, false); }
void zdiffstore(CommandContext& ctx) { setop_generic(ctx, SetOp::kDiff, 2, true, false); }

// Keys named by a numkeys argument at `numkeys_index` (none when it is
// unusable: the handler then fails before touching any key).
void numkeys_keys(std::span<const std::string_view> args, size_t numkeys_index,
                  std::vector<size_t>* positions) {
  int64_t numkeys = 0;
  if (args.size() <= numkeys_index || !parse_int64(args[numkeys_index], &numkeys)) return;
  if (numkeys < 1 || static_cast<uint64_t>(numkeys) > args.size() - numkeys_index - 1) return;
  for (size_t i = 0; i < static_cast<size_t>(numkeys); ++i) {
    positions->push_back(numkeys_index + 1 + i);
  }
}

void source_keys(std::span<const std::string_view> args, std::vector<size_t>* positions) {
  numkeys_keys(args, 1, positions);
}

void store_keys(std::span<const std::string_view> args, std::vector<size_t>* positions) {
  positions->push_back(1);
  numkeys_keys(args, 2, positions);
}

CommandSpec setop_spec(const char* name, int arity, uint32_t flags, Handler handler,
                       const char* summary, const char* since, bool store) {
  CommandSpec spec{name, arity,   flags,       store ? 1 : 0, store ? 1 : 0, store ? 1 : 0,
                   handler, "sorted-set", summary, since};
  spec.key_finder = store ? store_keys : source_keys;
  return spec;
}

}  // namespace

void add_zset_setop_commands(std::vector<CommandSpec>* table) {
  table->push_back(setop_spec("zunion", -3, kReadonly, zunion, "Add multiple sorted sets",
                              "6.2.0", false));
  table->push_back(setop_spec("zinter", -3, kReadonly, zinter, "Intersect multiple sorted sets",
                              "6.2.0", false));
  table->push_back(setop_spec("zdiff", -3, kReadonly, zdiff, "Subtract multiple sorted sets",
                              "6.2.0", false));
  table->push_back(setop_spec("zintercard", -3, kReadonly, zintercard,
                              "Intersect multiple sorted sets and return the cardinality of the "
                              "result",
                              "7.0.0", false));
  table->push_back(setop_spec("zunionstore", -4, kWrite | kDenyOom, zunionstore,
                              "Add multiple sorted sets and store the resulting sorted set in a "
                              "new key",
                              "2.0.0", true));
  table->push_back(setop_spec("zinterstore", -4, kWrite | kDenyOom, zinterstore,
                              "Intersect multiple sorted sets and store the resulting sorted set "
                              "in a new key",
                              "2.0.0", true));
  table->push_back(setop_spec("zdiffstore", -4, kWrite | kDenyOom, zdiffstore,
                              "Subtract multiple sorted sets and store the resulting sorted set "
                              "in a new key",
                              "6.2.0", true));
}

}  // namespace ringkv::cmd
