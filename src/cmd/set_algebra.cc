// Set algebra (t_set.c's sinterGenericCommand and sunionDiffGenericCommand):
// SINTER, SINTERCARD, SINTERSTORE, SUNION, SUNIONSTORE, SDIFF, SDIFFSTORE.
//
// Intersection and difference walk one set (the smallest for SINTER, the
// first for SDIFF) and probe the others member by member, so their cost is
// O(walked set × sets) point reads, and SINTERCARD's LIMIT stops the walk
// early. Union gathers every member. The *STORE forms compute the result
// first, then replace the destination (which may be one of the sources)
// with a new version; the old one goes to the sweeper.
#include <algorithm>
#include <deque>
#include <set>
#include <string>
#include <vector>

#include "cmd/args.h"
#include "cmd/collection_key.h"
#include "cmd/hash_set_common.h"
#include "cmd/set_commands.h"
#include "util/numbers.h"

namespace ringkv::cmd {

namespace {

using store::ValueType;

// The source sets of one command; absent keys are empty sets.
class SourceSets {
 public:
  // Opens `keys` in order; false after replying WRONGTYPE for the first key
  // of another type (Redis checks every key before doing any work).
  bool open(CommandContext& ctx, std::span<const std::string_view> keys) {
    for (std::string_view key : keys) {
      sets_.emplace_back(ctx, key, ValueType::kSet);
      if (!check_read(ctx, sets_.back())) return false;
    }
    return true;
  }

  size_t size() const { return sets_.size(); }
  CollectionKey& operator[](size_t i) { return sets_[i]; }
  bool any_missing() const {
    return std::any_of(sets_.begin(), sets_.end(), [](const auto& s) { return !s.exists(); });
  }
  uint64_t count(size_t i) { return sets_[i].exists() ? sets_[i].meta().count : 0; }
  bool contains(size_t i, std::string_view member) {
    std::string unused;
    return sets_[i].exists() && sets_[i].members().get(member, &unused);
  }

 private:
  std::deque<CollectionKey> sets_;  // a deque: CollectionKey is not assignable
};

// Walks the smallest set and keeps the members every other set holds, up to
// `limit` of them (0 = all). Calls `keep` for each.
void intersect(SourceSets& sets, uint64_t limit,
               const std::function<void(const std::string&)>& keep) {
  if (sets.any_missing()) return;
  size_t smallest = 0;
  for (size_t i = 1; i < sets.size(); ++i) {
    if (sets.count(i) < sets.count(smallest)) smallest = i;
  }
  uint64_t kept = 0;
  for_each_member(sets[smallest].members(), [&](const std::string& member) {
    for (size_t i = 0; i < sets.size(); ++i) {
      if (i != smallest && !sets.contains(i, member)) return true;
    }
    keep(member);
    return limit == 0 || ++kept < limit;
  });
}

// The members of the first set that no other set holds, in byte order.
std::vector<std::string> difference(SourceSets& sets) {
  std::vector<std::string> result;
  if (!sets[0].exists()) return result;
  for_each_member(sets[0].members(), [&](const std::string& member) {
    for (size_t i = 1; i < sets.size(); ++i) {
      if (sets.contains(i, member)) return true;
    }
    result.push_back(member);
    return true;
  });
  return result;
}

std::vector<std::string> set_union(SourceSets& sets) {
  std::set<std::string, std::less<>> all;
  for (size_t i = 0; i < sets.size(); ++i) {
    if (!sets[i].exists()) continue;
    for_each_member(sets[i].members(), [&](const std::string& member) {
      all.insert(member);
      return true;
    });
  }
  return {all.begin(), all.end()};
}

enum class SetOperation { kInter, kUnion, kDiff };

std::vector<std::string> compute(SourceSets& sets, SetOperation operation) {
  switch (operation) {
    case SetOperation::kInter: {
      std::vector<std::string> result;
      intersect(sets, 0, [&](const std::string& member) { result.push_back(member); });
      return result;
    }
    case SetOperation::kUnion:
      return set_union(sets);
    case SetOperation::kDiff:
      return difference(sets);
  }
  return {};
}

// SINTER, SUNION, SDIFF: the result as a set (an array in RESP2).
void reply_operation(CommandContext& ctx, SetOperation operation) {
  SourceSets sets;
  if (!sets.open(ctx, ctx.args.subspan(1))) return;
  std::vector<std::string> result = compute(sets, operation);
  ctx.reply.set(result.size());
  for (const std::string& member : result) ctx.reply.bulk(member);
}

// The *STORE forms: the destination is replaced by the result, or deleted
// when the result is empty; the reply is the result's size.
void store_operation(CommandContext& ctx, SetOperation operation) {
  std::vector<std::string> result;
  {
    SourceSets sets;
    if (!sets.open(ctx, ctx.args.subspan(2))) return;
    result = compute(sets, operation);
  }
  // Opened after the sources were read: it may be one of them.
  CollectionKey destination(ctx, ctx.arg(1), ValueType::kSet);
  if (result.empty()) {
    destination.remove();
    ctx.reply.integer(0);
    return;
  }
  destination.replace();
  for (const std::string& member : result) destination.members().put(member, {});
  destination.meta().count = result.size();
  destination.save();
  ctx.reply.integer(static_cast<int64_t>(result.size()));
}

}  // namespace

void sinter(CommandContext& ctx) { reply_operation(ctx, SetOperation::kInter); }
void sunion(CommandContext& ctx) { reply_operation(ctx, SetOperation::kUnion); }
void sdiff(CommandContext& ctx) { reply_operation(ctx, SetOperation::kDiff); }
void sinterstore(CommandContext& ctx) { store_operation(ctx, SetOperation::kInter); }
void sunionstore(CommandContext& ctx) { store_operation(ctx, SetOperation::kUnion); }
void sdiffstore(CommandContext& ctx) { store_operation(ctx, SetOperation::kDiff); }

void sintercard_keys(std::span<const std::string_view> args, std::vector<size_t>* positions) {
  int64_t numkeys = 0;
  if (args.size() < 2 || !parse_int64(args[1], &numkeys) || numkeys < 1) return;
  for (size_t i = 2; i < args.size() && i < 2 + static_cast<uint64_t>(numkeys); ++i) {
    positions->push_back(i);
  }
}

void sintercard(CommandContext& ctx) {
  int64_t numkeys = 0;
  if (!parse_integer_arg(ctx, ctx.arg(1), &numkeys, "ERR numkeys should be greater than 0")) return;
  if (numkeys < 1) {
    ctx.reply.error("ERR numkeys should be greater than 0");
    return;
  }
  if (static_cast<uint64_t>(numkeys) > ctx.argc() - 2) {
    ctx.reply.error("ERR Number of keys can't be greater than number of args");
    return;
  }
  auto keys_end = static_cast<size_t>(2 + numkeys);
  int64_t limit = 0;
  for (size_t i = keys_end; i < ctx.argc(); ++i) {
    if (is_option(ctx.arg(i), "LIMIT") && i + 1 < ctx.argc()) {
      if (!parse_integer_arg(ctx, ctx.arg(++i), &limit, "ERR LIMIT can't be negative")) return;
      if (limit < 0) {
        ctx.reply.error("ERR LIMIT can't be negative");
        return;
      }
    } else {
      ctx.reply.error(resp::kErrSyntax);
      return;
    }
  }
  SourceSets sets;
  if (!sets.open(ctx, ctx.args.subspan(2, keys_end - 2))) return;
  int64_t cardinality = 0;
  intersect(sets, static_cast<uint64_t>(limit), [&](const std::string&) { ++cardinality; });
  ctx.reply.integer(cardinality);
}

}  // namespace ringkv::cmd
