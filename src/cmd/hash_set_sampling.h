// MemberSampler: random members of one hash or set version, for HRANDFIELD,
// SRANDMEMBER and SPOP.
//
// A collection of at most kExactSampleLimit members is read whole (once, on
// first use) and sampled exactly uniformly, which is what Redis's own tests
// check with chi-square tests on small sets.
//
// A bigger collection is never read whole for a bounded request. Members are
// only reachable in byte order, so a draw descends byte by byte towards a
// random region (RANDOMKEY's method, see key_scan.cc): at each level it seeks
// to a random next byte and takes the member at or after it, until at most
// kLeafMembers members share the chosen prefix, then draws uniformly among
// those. That costs O(member length) short seeks per draw instead of a walk
// over the collection. The trade-off is the distribution: a region whose
// next byte follows a wide gap of unused byte values is favoured, so members
// are not equally likely (Redis's own dictGetFairRandomKey is not exactly
// uniform either), but every member can be drawn, including one that is a
// prefix of others.
//
// Threading: the thread that owns the collection's shard, like every handler.
#pragma once

#include <cstdint>
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
  const MemberList& everything();
  SampledMember draw_by_descent();
  std::vector<SampledMember> distinct_by_draws(uint64_t count);

  store::Collection& members_;
  uint64_t size_;
  std::optional<MemberList> all_;  // read on first use, small collections only
};

// A uniformly random integer in [0, bound), bound > 0 (per-thread generator).
uint64_t random_index(uint64_t bound);

}  // namespace ringkv::cmd
