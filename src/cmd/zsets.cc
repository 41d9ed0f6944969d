// Sorted sets: ZADD, ZINCRBY, ZREM, ZCARD, ZSCORE, ZMSCORE, ZRANK and
// ZREVRANK, the helpers every zset file shares, and the family's
// registration (see zset_commands.h for the other files).
#include <cmath>
#include <optional>
#include <vector>

#include "cmd/args.h"
#include "cmd/families.h"
#include "cmd/zset_commands.h"

namespace ringkv::cmd {

using store::ValueType;

ZsetIndex zset_index(CommandContext& ctx, CollectionKey& zset) {
  return ZsetIndex(zset.keyspace().store(), ctx.db, zset.key(), zset.meta().version,
                   zset.meta().count);
}

void write_entry(CollectionKey& zset, std::string_view member, double score,
                 std::optional<double> previous) {
  store::Collection& members = zset.members();
  if (previous) members.del_score(*previous, member);
  members.put(member, store::encode_score_value(score));
  members.put_score(score, member);
}

void erase_entry(CollectionKey& zset, std::string_view member, double score) {
  store::Collection& members = zset.members();
  members.del_score(score, member);
  members.del(member);
}

void store_entries(CommandContext& ctx, std::string_view key,
                   const std::vector<ZsetEntry>& entries) {
  CollectionKey dest(ctx, key, ValueType::kZset);
  if (entries.empty()) {
    dest.remove();
    return ctx.reply.integer(0);
  }
  dest.replace();
  for (const ZsetEntry& entry : entries) {
    write_entry(dest, entry.member, stored_score(entry.score), std::nullopt);
  }
  dest.meta().count = entries.size();
  dest.save();
  ctx.reply.integer(static_cast<int64_t>(entries.size()));
}

void reply_entries(CommandContext& ctx, const std::vector<ZsetEntry>& entries,
                   bool with_scores) {
  bool nested = with_scores && ctx.protocol > 2;
  ctx.reply.array(with_scores && !nested ? entries.size() * 2 : entries.size());
  for (const ZsetEntry& entry : entries) {
    if (nested) ctx.reply.array(2);
    ctx.reply.bulk(entry.member);
    if (with_scores) ctx.reply.double_value(entry.score);
  }
}

namespace {

constexpr std::string_view kErrNan = "ERR resulting score is not a number (NaN)";

struct ZaddFlags {
  bool nx = false;
  bool xx = false;
  bool gt = false;
  bool lt = false;
  bool ch = false;
  bool incr = false;
};

// What one zsetAdd did to one member.
enum class AddOutcome { kAdded, kUpdated, kUnchanged, kSkipped, kNan };

// Redis's zsetAdd for one member; *score becomes the member's new score.
AddOutcome add_member(CollectionKey& zset, const ZaddFlags& flags, std::string_view member,
                      double* score) {
  std::optional<double> current =
      zset.meta().count > 0 ? zset.members().score_of(member) : std::nullopt;
  // *score keeps a -0 for the reply (Redis replies the computed score);
  // the stored one is 0.
  if (!current) {
    if (flags.xx) return AddOutcome::kSkipped;
    write_entry(zset, member, stored_score(*score), std::nullopt);
    zset.meta().count += 1;
    return AddOutcome::kAdded;
  }
  if (flags.nx) return AddOutcome::kSkipped;
  double wanted = *score;
  if (flags.incr) {
    wanted += *current;
    if (std::isnan(wanted)) return AddOutcome::kNan;
  }
  if ((flags.lt && wanted >= *current) || (flags.gt && wanted <= *current)) {
    return AddOutcome::kSkipped;
  }
  *score = wanted;
  if (wanted == *current) return AddOutcome::kUnchanged;
  write_entry(zset, member, stored_score(wanted), current);
  return AddOutcome::kUpdated;
}

// Parses ZADD's leading options; returns the index of the first score.
size_t parse_zadd_flags(CommandContext& ctx, ZaddFlags* flags) {
  size_t i = 2;
  for (; i < ctx.argc(); ++i) {
    std::string_view option = ctx.arg(i);
    if (is_option(option, "NX")) {
      flags->nx = true;
    } else if (is_option(option, "XX")) {
      flags->xx = true;
    } else if (is_option(option, "CH")) {
      flags->ch = true;
    } else if (is_option(option, "INCR")) {
      flags->incr = true;
    } else if (is_option(option, "GT")) {
      flags->gt = true;
    } else if (is_option(option, "LT")) {
      flags->lt = true;
    } else {
      break;
    }
  }
  return i;
}

// Redis's checks of ZADD's option combinations, in its order.
bool check_zadd_flags(CommandContext& ctx, const ZaddFlags& flags, size_t pairs) {
  std::string_view error;
  if (flags.nx && flags.xx) {
    error = "ERR XX and NX options at the same time are not compatible";
  } else if ((flags.gt && flags.nx) || (flags.lt && flags.nx) || (flags.gt && flags.lt)) {
    error = "ERR GT, LT, and/or NX options at the same time are not compatible";
  } else if (flags.incr && pairs > 1) {
    error = "ERR INCR option supports a single increment-element pair";
  }
  if (error.empty()) return true;
  ctx.reply.error(error);
  return false;
}

// Redis's zaddGenericCommand: ZADD, and ZINCRBY as ZADD INCR.
void zadd_generic(CommandContext& ctx, ZaddFlags flags, size_t first) {
  size_t elements = ctx.argc() - first;
  if (elements == 0 || elements % 2 != 0) return ctx.reply.error(resp::kErrSyntax);
  size_t pairs = elements / 2;
  if (!check_zadd_flags(ctx, flags, pairs)) return;
  // Every score is parsed before anything changes: all or nothing.
  std::vector<double> scores(pairs);
  for (size_t j = 0; j < pairs; ++j) {
    if (!parse_double_arg(ctx, ctx.arg(first + 2 * j), &scores[j])) return;
  }
  CollectionKey zset(ctx, ctx.arg(1), ValueType::kZset);
  if (zset.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
  int64_t added = 0;
  int64_t updated = 0;
  bool processed = false;
  double score = 0;
  if (zset.exists() || !flags.xx) {
    for (size_t j = 0; j < pairs; ++j) {
      double candidate = scores[j];
      AddOutcome outcome = add_member(zset, flags, ctx.arg(first + 2 * j + 1), &candidate);
      if (outcome == AddOutcome::kNan) return ctx.reply.error(kErrNan);
      added += outcome == AddOutcome::kAdded;
      updated += outcome == AddOutcome::kUpdated;
      if (outcome != AddOutcome::kSkipped) {
        processed = true;
        score = candidate;
      }
    }
  }
  if (added + updated > 0) zset.save();
  if (flags.incr) {
    processed ? ctx.reply.double_value(score) : ctx.reply.null();
  } else {
    ctx.reply.integer(flags.ch ? added + updated : added);
  }
}

void zadd(CommandContext& ctx) {
  ZaddFlags flags;
  size_t first = parse_zadd_flags(ctx, &flags);
  zadd_generic(ctx, flags, first);
}

void zincrby(CommandContext& ctx) {
  ZaddFlags flags;
  flags.incr = true;
  zadd_generic(ctx, flags, 2);
}

void zrem(CommandContext& ctx) {
  CollectionKey zset(ctx, ctx.arg(1), ValueType::kZset);
  if (zset.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
  if (!zset.exists()) return ctx.reply.integer(0);
  int64_t removed = 0;
  for (size_t i = 2; i < ctx.argc(); ++i) {
    std::optional<double> score = zset.members().score_of(ctx.arg(i));
    if (!score) continue;
    erase_entry(zset, ctx.arg(i), *score);
    zset.meta().count -= 1;
    ++removed;
  }
  if (removed > 0) zset.save();
  ctx.reply.integer(removed);
}

void zcard(CommandContext& ctx) {
  CollectionKey zset(ctx, ctx.arg(1), ValueType::kZset);
  if (zset.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
  ctx.reply.integer(zset.exists() ? static_cast<int64_t>(zset.meta().count) : 0);
}

void zscore(CommandContext& ctx) {
  CollectionKey zset(ctx, ctx.arg(1), ValueType::kZset);
  if (zset.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
  std::optional<double> score;
  if (zset.exists()) score = zset.members().score_of(ctx.arg(2));
  score ? ctx.reply.double_value(*score) : ctx.reply.null();
}

void zmscore(CommandContext& ctx) {
  CollectionKey zset(ctx, ctx.arg(1), ValueType::kZset);
  if (zset.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
  ctx.reply.array(ctx.argc() - 2);
  for (size_t i = 2; i < ctx.argc(); ++i) {
    std::optional<double> score;
    if (zset.exists()) score = zset.members().score_of(ctx.arg(i));
    score ? ctx.reply.double_value(*score) : ctx.reply.null();
  }
}

// ZRANK and ZREVRANK: O(min(rank, count - rank)) index records, see zset_index.h.
void zrank_generic(CommandContext& ctx, bool reverse) {
  CollectionKey zset(ctx, ctx.arg(1), ValueType::kZset);
  if (zset.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
  if (!zset.exists()) return ctx.reply.null();
  std::optional<double> score = zset.members().score_of(ctx.arg(2));
  std::optional<uint64_t> rank;
  if (score) rank = zset_index(ctx, zset).rank_of(*score, ctx.arg(2));
  if (!rank) return ctx.reply.null();
  uint64_t count = zset.meta().count;
  ctx.reply.integer(static_cast<int64_t>(reverse && count > *rank ? count - 1 - *rank : *rank));
}

void zrank(CommandContext& ctx) { zrank_generic(ctx, false); }
void zrevrank(CommandContext& ctx) { zrank_generic(ctx, true); }

}  // namespace

void zadd_command(CommandContext& ctx) { zadd(ctx); }

void add_zset_commands(std::vector<CommandSpec>* table) {
  const char* group = "sorted-set";
  table->push_back({"zadd", -4, kWrite | kDenyOom | kFast, 1, 1, 1, zadd, group,
                    "Add one or more members to a sorted set, or update its score if it already "
                    "exists",
                    "1.2.0"});
  table->push_back({"zincrby", 4, kWrite | kDenyOom | kFast, 1, 1, 1, zincrby, group,
                    "Increment the score of a member in a sorted set", "1.2.0"});
  table->push_back({"zrem", -3, kWrite | kFast, 1, 1, 1, zrem, group,
                    "Remove one or more members from a sorted set", "1.2.0"});
  table->push_back({"zcard", 2, kReadonly | kFast, 1, 1, 1, zcard, group,
                    "Get the number of members in a sorted set", "1.2.0"});
  table->push_back({"zscore", 3, kReadonly | kFast, 1, 1, 1, zscore, group,
                    "Get the score associated with the given member in a sorted set", "1.2.0"});
  table->push_back({"zmscore", -3, kReadonly | kFast, 1, 1, 1, zmscore, group,
                    "Get the score associated with the given members in a sorted set",
                    "6.2.0"});
  table->push_back({"zrank", 3, kReadonly | kFast, 1, 1, 1, zrank, group,
                    "Determine the index of a member in a sorted set", "2.0.0"});
  table->push_back({"zrevrank", 3, kReadonly | kFast, 1, 1, 1, zrevrank, group,
                    "Determine the index of a member in a sorted set, with scores ordered from "
                    "high to low",
                    "2.0.0"});
  add_zset_range_commands(table);
  add_zset_remove_commands(table);
  add_zset_random_commands(table);
  add_zset_setop_commands(table);
  add_zset_scan_commands(table);
}

}  // namespace ringkv::cmd
