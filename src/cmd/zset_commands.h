// The sorted-set family (t_zset.c's counterpart), split by concern:
//   zsets.cc               ZADD ZINCRBY ZREM ZCARD ZSCORE ZMSCORE ZRANK ZREVRANK;
//                          registers the whole family
//   zset_range_commands.cc ZRANGE and its variants, ZRANGESTORE, ZCOUNT, ZLEXCOUNT
//   zset_remove.cc         ZREMRANGEBY{RANK,SCORE,LEX}, ZPOPMIN, ZPOPMAX, ZMPOP
//   zset_random.cc         ZRANDMEMBER
//   zset_setops.cc         ZUNION ZINTER ZDIFF (and *STORE), ZINTERCARD
//   zset_scan.cc           ZSCAN
// Storage: each member has a member record (member → score bits) and an
// index record ordered by (score, member), see zset_index.h.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "cmd/collection_key.h"
#include "cmd/command.h"
#include "cmd/zset_index.h"

namespace ringkv::cmd {

// A score as stored. Redis's small sorted sets (listpack) keep -0 as the
// integer 0, so ZSCORE answers "0"; storing 0 keeps every encoding agreeing.
inline double stored_score(double score) { return score == 0 ? 0.0 : score; }

// The score index of the sorted set `zset` holds. Only for existing keys
// (or after members() created the working version).
ZsetIndex zset_index(CommandContext& ctx, CollectionKey& zset);

// Sets `member`'s score to `score`, whose previous score was `previous`
// (nullopt: a new member). Does not change the count.
void write_entry(CollectionKey& zset, std::string_view member, double score,
                 std::optional<double> previous);
// Removes `member` whose score is `score`. Does not change the count.
void erase_entry(CollectionKey& zset, std::string_view member, double score);

// Replaces whatever `key` holds by a sorted set of `entries` (distinct
// members), or deletes it when there are none; replies the new size (the
// *STORE commands).
void store_entries(CommandContext& ctx, std::string_view key,
                   const std::vector<ZsetEntry>& entries);

// ZRANGE's reply: members, or with scores member/score pairs (a flat array
// in RESP2, an array of [member, double] arrays in RESP3).
void reply_entries(CommandContext& ctx, const std::vector<ZsetEntry>& entries, bool with_scores);

// ZADD's handler, for GEOADD, which rewrites its arguments into a ZADD.
void zadd_command(CommandContext& ctx);

// Registration of the commands each file implements.
void add_zset_range_commands(std::vector<CommandSpec>* table);   // zset_range_commands.cc
void add_zset_remove_commands(std::vector<CommandSpec>* table);  // zset_remove.cc
void add_zset_random_commands(std::vector<CommandSpec>* table);  // zset_random.cc
void add_zset_setop_commands(std::vector<CommandSpec>* table);   // zset_setops.cc
void add_zset_scan_commands(std::vector<CommandSpec>* table);    // zset_scan.cc

}  // namespace ringkv::cmd
