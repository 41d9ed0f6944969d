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
//   - when the first and the last member under the prefix share a longer
//     prefix, every member between them does too: the descent jumps there
//     (members such as "user:000123" skip their common "user:000" at once);
//   - a prefix shared by at most 64 members ends the descent: one of them
//     is drawn uniformly;
//   - otherwise the next bytes in use under the prefix (at most 32 of them)
//     are enumerated, each weighted by its member count capped at 16, and
//     one is drawn by weight (a member equal to the prefix counts as one);
//   - a level with more than 32 next bytes in use is dense: a random byte
//     is drawn and snapped to the next one in use.
// A draw thus reads O(member length x 32 x 16) records at worst, whatever
// the collection's size. The trade-off is the distribution: subtrees of more
// than 16 members weigh the same whatever their size, so members of sparse
// regions are favoured (e.g. with members f0..f2999, f300..f999 are drawn
// about ten times as often as f1000..f2999), and on dense levels a byte that
// follows a run of unused values is favoured. Every member can be drawn.
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
  static constexpr uint64_t kWeightCap = 16;
  // What a draw needs to know about one prefix: the members under it when
  // they are at most kLeafMembers, else its children, or that it is dense
  // (more than kMaxChildren children). All empty: no member at all.
  struct Level {
    std::string common;  // what every member under the prefix starts with
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
  // The longest prefix shared by every member starting with `prefix`
  // (`prefix` itself when there is none).
  std::string common_prefix(const std::string& prefix);
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
