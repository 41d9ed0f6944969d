// Collection: member-level access to one version of a hash, set, sorted set
// or list in a shard. The key's Meta (type, version, count, list bounds) is
// the caller's business: handlers look the key up in the Keyspace, create a
// Collection for its version, change members here and write the updated
// Meta back. Deleting or overwriting the key never walks its members: the
// Keyspace records the dead version and the garbage sweeper removes them.
//
// Member layouts (see encoding.h):
//   hash  field  → value        set  member → ""
//   zset  member → encode_score_value(score), plus score index entries
//   list  index  → element (indexes between Meta::list_head and list_tail)
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "store/encoding.h"
#include "store/shard_store.h"

namespace ringkv::store {

class Collection {
 public:
  // The visitor returns false to stop. It must not write to the collection
  // (collect first, then change).
  using MemberVisitor = std::function<bool(std::string_view member, std::string_view value)>;
  using ElementVisitor = std::function<bool(uint64_t index, std::string_view element)>;
  using ScoreVisitor = std::function<bool(double score, std::string_view member)>;

  Collection(ShardStore& store, int db, std::string_view key, uint64_t version);

  // Hash fields, set members, sorted-set members (value = encoded score).
  bool get(std::string_view member, std::string* value);
  void put(std::string_view member, std::string_view value);
  void del(std::string_view member);
  // Members in byte order, from `from` (inclusive; empty = first).
  void scan(std::string_view from, const MemberVisitor& visit);
  // Members in descending byte order, below `below` (exclusive; empty =
  // from the last).
  void scan_reverse(std::string_view below, const MemberVisitor& visit);

  // List elements by absolute index.
  bool get_element(uint64_t index, std::string* element);
  void put_element(uint64_t index, std::string_view element);
  void del_element(uint64_t index);
  // Elements with index >= from, ascending; or index < below, descending.
  void scan_elements(uint64_t from, const ElementVisitor& visit);
  void scan_elements_reverse(uint64_t below, const ElementVisitor& visit);

  // Sorted-set score index (kept beside the member → score entries).
  void put_score(double score, std::string_view member);
  void del_score(double score, std::string_view member);
  // Ascending from the first entry with score >= min (nullopt = from -inf).
  void scan_scores(std::optional<double> min, const ScoreVisitor& visit);
  // Descending from the last entry with score <= max (nullopt = from +inf).
  void scan_scores_reverse(std::optional<double> max, const ScoreVisitor& visit);

  // Typed conveniences for sorted sets: member → score.
  std::optional<double> score_of(std::string_view member);
  // Sets the score, keeping the index in step; returns the previous score.
  std::optional<double> set_score(std::string_view member, double score);
  // Removes the member and its index entry; false if it was absent.
  bool remove_scored(std::string_view member);

 private:
  ShardStore& store_;
  std::string member_prefix_;
  std::string list_prefix_;
  std::string score_prefix_;
};

// Copies every member record of collection `meta` (key `key` of `db` in
// `from`) to version `to_version` of `to_key` in `to_db` of `to` (which may
// be the same store): COPY, RENAME and MOVE of collections. O(members), in
// bounded chunks so the scan never sees its own writes.
void copy_members(ShardStore& from, int db, std::string_view key, const Meta& meta,
                  ShardStore& to, int to_db, std::string_view to_key, uint64_t to_version);

}  // namespace ringkv::store
