// ListKey: the list stored at one key, as list handlers see it — elements
// by position (0 = head) over the absolute indexes [Meta::list_head,
// Meta::list_tail) of the collection encoding.
//
// Costs, which the handlers rely on:
//   - push/pop at either end, get/set by position: O(1) record accesses;
//   - visit(): a seek, then one record per element visited;
//   - insert()/remove(): shift the shorter side of the list (as a
//     doubly-linked list cannot, we move records instead);
//   - trim(): O(min(removed, kept)) — deletes the removed records, or when
//     fewer elements stay, copies those into a new collection version and
//     leaves the old one to the garbage sweeper.
// Every record of the working version lies inside [list_head, list_tail):
// operations delete what they move out of the range, so nothing stale is
// ever read, copied (COPY/RENAME) or left behind.
//
// Changes are written to the store at once (the shard batch); save()
// writes the metadata, or removes the key once the list is empty.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cmd/collection_key.h"

namespace ringkv::cmd {

enum class ListEnd { kHead, kTail };

// "LEFT"/"RIGHT" (any case) as LMOVE and LMPOP take them; replies
// "ERR syntax error" and returns false otherwise.
bool parse_list_end(CommandContext& ctx, std::string_view text, ListEnd* end);

// Redis's getPositiveLongFromObjectOrReply: replies `error` for both a
// non-integer and a negative value (LPOP's count, LPOS's COUNT/MAXLEN).
bool parse_non_negative(CommandContext& ctx, std::string_view text, int64_t* out,
                        std::string_view error);

class ListKey {
 public:
  // Visitor over (position, element); returns false to stop.
  using Visitor = std::function<bool(uint64_t position, std::string_view element)>;

  ListKey(CommandContext& ctx, std::string_view key);

  bool wrong_type() const { return key_.wrong_type(); }
  bool exists() const { return key_.exists(); }
  uint64_t length() { return key_.meta().count; }
  std::string_view name() const { return key_.key(); }

  void push(ListEnd end, std::string_view element);
  // Removes up to `count` elements from `end`, handing each to `take` in
  // the order they leave the list.
  void pop(ListEnd end, uint64_t count, const std::function<void(std::string&&)>& take);
  std::string pop(ListEnd end);

  // Position must be < length().
  std::string get(uint64_t position);
  void set(uint64_t position, std::string_view element);

  // Elements from `position` towards the tail (visit) or towards the head
  // (visit_reverse), until the visitor returns false.
  void visit(uint64_t position, const Visitor& visitor);
  void visit_reverse(uint64_t position, const Visitor& visitor);

  // Makes `element` the one at `position` (<= length()), shifting the
  // shorter side by one.
  void insert(uint64_t position, std::string_view element);
  // Removes the elements at `positions` (ascending, distinct, < length()).
  void remove(const std::vector<uint64_t>& positions);
  // Keeps `count` elements from position `first` (first + count <= length()).
  void trim(uint64_t first, uint64_t count);

  // Writes the metadata (or removes the key once empty). Call once, last.
  void save() { key_.save(); }

 private:
  store::Collection& elements();
  uint64_t& head() { return key_.meta().list_head; }
  uint64_t& tail() { return key_.meta().list_tail; }
  // Moves the records at absolute [from, to) by `delta` (-1 or +1) in
  // bounded chunks, in the order that never overwrites an unread record.
  void shift(uint64_t from, uint64_t to, int delta);
  void compact_towards_head(const std::vector<uint64_t>& removed);
  void compact_towards_tail(const std::vector<uint64_t>& removed);
  void copy_to_new_version(uint64_t first, uint64_t count);

  CommandContext& ctx_;
  CollectionKey key_;
  // Set once trim() moved the list to a new version.
  std::optional<store::Collection> moved_;
};

}  // namespace ringkv::cmd
