// ZsetIndex: ordered walks over one sorted set's score index, the
// (score, member) records that sort exactly like Redis's skiplist (by score,
// then by member bytes; -0 and 0 are one score). Every walk seeks straight
// to its start, so a bounded request touches O(answer) records.
//
// Ranks are not stored. A rank is found by walking from the nearer end of
// the index: O(min(rank, count - rank)) records where Redis's skiplist
// takes O(log N). ZRANGE 0 9 and ZRANGE -10 -1 stay O(answer) on any size.
//
// Threading: like the ShardStore it reads, only the shard's owner calls in.
// Visitors return false to stop and must not write to the store (collect,
// then change).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cmd/zset_range.h"
#include "store/shard_store.h"

namespace ringkv::cmd {

struct ZsetEntry {
  double score;
  std::string member;
};

class ZsetIndex {
 public:
  using Visitor = std::function<bool(double score, std::string_view member)>;

  ZsetIndex(store::ShardStore& store, int db, std::string_view key, uint64_t version,
            uint64_t count);

  uint64_t count() const { return count_; }

  // Positions order like entries: position(s, m) is entry (s, m) itself.
  static std::string position(double score, std::string_view member);
  // The first position after every entry with `score`.
  static std::string after_score(double score);
  // The first position after entry (score, member).
  static std::string after(double score, std::string_view member);

  // Ascending from position `from` (inclusive; empty = the lowest entry).
  void ascend(std::string_view from, const Visitor& visit);
  // Descending from below position `below` (exclusive; empty = the highest).
  void descend(std::string_view below, const Visitor& visit);

  // Ascending from rank `rank` (0 = lowest); with `reverse`, descending
  // from reverse rank `rank` (0 = highest). Starts from the nearer end.
  void from_rank(uint64_t rank, bool reverse, const Visitor& visit);
  // Ascending rank of entry (score, member), nullopt if absent.
  std::optional<uint64_t> rank_of(double score, std::string_view member);

  // The entries within `range`, ascending from its min (or descending from
  // its max with `reverse`), until the range ends or the visitor stops.
  // The first `skip` entries from the start are passed over unchecked, as
  // Redis's LIMIT offset loop does.
  void in_score_range(const ScoreRange& range, bool reverse, const Visitor& visit,
                      uint64_t skip = 0);
  // The same for a lexicographic range, with Redis's semantics when scores
  // differ (the listpack walk: the first entry in score order whose member
  // is within the min, then on while members stay below the max); each
  // distinct score before the start costs one seek.
  void in_lex_range(const LexRange& range, bool reverse, const Visitor& visit,
                    uint64_t skip = 0);

  // Up to `limit` entries from a walk (helpers for commands that change
  // the set: collect a chunk, change it, continue after its last entry).
  static Visitor collect(std::vector<ZsetEntry>* out, size_t limit);

 private:
  // First or last entry of the whole index.
  std::optional<ZsetEntry> first();
  std::optional<ZsetEntry> last();
  // Where an ascending lex walk starts / a descending one starts below.
  std::optional<std::string> lex_start(const LexRange& range);
  std::optional<std::string> lex_start_reverse(const LexRange& range);

  store::ShardStore& store_;
  std::string prefix_;
  uint64_t count_;
};

}  // namespace ringkv::cmd
