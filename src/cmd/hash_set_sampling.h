// MemberSampler: random members of one hash or set version, for HRANDFIELD,
// SRANDMEMBER and SPOP.
//
// A collection of at most kExactSampleLimit members is read whole (once, on
// first use) and sampled exactly uniformly, which is what Redis's own tests
// check with chi-square tests on small sets.
//
// A bigger collection is never read whole for a bounded request. Members are
// only reachable in byte order, so a draw descends the byte tree of the
// members from the empty prefix:
//   - a prefix shared by at most 32 members ends the descent: one of them
//     is drawn uniformly;
//   - when the first and the last member under the prefix share a longer
//     prefix, every member between them does too: the descent jumps there
//     (members such as "user:000123" skip their common "user:000" at once);
//   - when the next bytes of the first and the last member span fewer than
//     64 values (digits, letters), a byte in that span is drawn uniformly
//     and snapped to the next one in use: one seek per level;
//   - otherwise the next bytes in use under the prefix (at most 32 of them)
//     are enumerated, each weighted by its member count capped at 16, and
//     one is drawn by weight (a member equal to the prefix counts as one);
//   - a level with more than 32 next bytes in use is dense: a random byte
//     is drawn and snapped to the next one in use.
// A draw thus reads O(member length x 32 x 16) records at worst, whatever
// the collection's size, and typically a few seeks per level (about 130 us
// for a member of a 180 000-member set of "element:NNNNNNNNNNNN"). The
// trade-off is the distribution: a draw chooses among next bytes, not by how
// many members lie under each (beyond 16), so members of small subtrees are
// favoured: with members f0..f2999, f0 (alone under "f0") is drawn one time
// in ten, and on dense levels a byte that follows a run of unused values is
// favoured.
// Every member can be drawn.
// Redis's own dictGetFairRandomKey is not exactly uniform either.
//
// Threading: the thread that owns the collection's shard, like every handler.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cmd/hash_set_common.h"
#include "store/collection.h"

namespace ringkv::cmd {

struct SampledMember {
  std::string name;
  std::string value;  // a hash field's value; empty for set members
};

class MemberSampler {
 public:
  static constexpr uint64_t kExactSampleLimit = 1024;

  // `size` is the collection's member count (Meta::count), at least 1.
  MemberSampler(store::Collection& members, uint64_t size);

  // One member at random; successive draws are independent (repeats allowed).
  SampledMember draw();
  // `count` distinct members at random, count < size, in no particular order.
  // Work is O(count) member reads when count is small next to size, and
  // O(size) otherwise (as in Redis, which copies the collection then).
  std::vector<SampledMember> distinct(uint64_t count);

 private:
  // One next byte under a prefix: kPrefixItself stands for a member equal
  // to the prefix; weight is the members under it, capped at kWeightCap.
  struct Child {
    static constexpr int kPrefixItself = -1;
    int byte;
    uint64_t weight;
  };
  static constexpr size_t kMaxChildren = 32;
  static constexpr int kRangeBytes = 64;
  static constexpr uint64_t kWeightCap = 16;
  // What a draw needs to know about one prefix: the members under it when
  // they are at most kLeafMembers, else its children, or that it is dense
  // (more than kMaxChildren children). All empty: no member at all.
  struct Level {
    std::string common;  // longer than the prefix: every member starts so
    int low_byte = -1;   // >= 0: draw the next byte in [low_byte, high_byte]
    int high_byte = -1;
    std::vector<std::string> leaf;
    std::vector<Child> children;
    bool dense = false;
  };
  static constexpr size_t kMaxMemoizedLevels = 4096;

  const MemberList& everything();
  SampledMember draw_by_descent();
  const Level& level(const std::string& prefix);
  // Fills *children from `sample` (the first members under `prefix`, more
  // than kLeafMembers) and further seeks; false when the level is dense.
  bool enumerate_children(const std::string& prefix, const std::vector<std::string>& sample,
                          std::vector<Child>* children);
  // The last member starting with `prefix` (empty if none).
  std::string last_member(const std::string& prefix);
  // A byte drawn in [low, high] snapped to the next one in use under prefix.
  int probe_in_range(const std::string& prefix, int low, int high);
  // A random byte value snapped to the next one in use under `prefix`.
  int probe_next_byte(const std::string& prefix);
  std::vector<SampledMember> distinct_by_draws(uint64_t count);

  store::Collection& members_;
  uint64_t size_;
  std::optional<MemberList> all_;        // read on first use, small collections only
  std::map<std::string, Level> levels_;  // memoized levels of the descent
  Level scratch_;                        // a level computed past the memo's bound
};

// A uniformly random integer in [0, bound), bound > 0 (per-thread generator).
uint64_t random_index(uint64_t bound);

}  // namespace ringkv::cmd
