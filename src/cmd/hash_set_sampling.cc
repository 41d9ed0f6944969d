// Random members of a hash or set; see hash_set_sampling.h.
#include "cmd/hash_set_sampling.h"

#include <random>
#include <set>
#include <utility>

namespace ringkv::cmd {

namespace {

// A prefix shared by at most this many members ends the descent.
constexpr size_t kLeafMembers = 64;
// How many draws distinct() tries per wanted member before it completes the
// answer with a run of members from a random point: draws from a small,
// heavily favoured region could otherwise repeat for a long time.
constexpr uint64_t kDrawsPerMember = 4;

SampledMember take(MemberList::value_type entry) {
  return SampledMember{std::move(entry.first), std::move(entry.second)};
}

}  // namespace

uint64_t random_index(uint64_t bound) {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_int_distribution<uint64_t>(0, bound - 1)(engine);
}

MemberSampler::MemberSampler(store::Collection& members, uint64_t size)
    : members_(members), size_(size) {}

const MemberList& MemberSampler::everything() {
  if (!all_) all_ = read_all_members(members_);
  return *all_;
}

SampledMember MemberSampler::draw() {
  if (size_ > kExactSampleLimit) return draw_by_descent();
  const MemberList& all = everything();
  if (all.empty()) return {};
  return take(all[random_index(all.size())]);
}

std::vector<SampledMember> MemberSampler::distinct(uint64_t count) {
  // Redis copies the collection when the answer is a third of it or more
  // (SRANDMEMBER_SUB_STRATEGY_MUL); reading it whole then costs O(answer).
  if (size_ > kExactSampleLimit && count * 3 <= size_) return distinct_by_draws(count);
  MemberList all = everything();
  // A partial Fisher-Yates shuffle: the first `count` slots end up a
  // uniformly random subset.
  std::vector<SampledMember> chosen;
  count = std::min<uint64_t>(count, all.size());
  for (uint64_t i = 0; i < count; ++i) {
    std::swap(all[i], all[i + random_index(all.size() - i)]);
    chosen.push_back(take(std::move(all[i])));
  }
  return chosen;
}

SampledMember MemberSampler::draw_by_descent() {
  std::string prefix;
  for (;;) {
    // Names only: values (possibly large) are read for the chosen one.
    std::vector<std::string> sample;
    members_.scan(prefix, [&](std::string_view member, std::string_view) {
      if (!member.starts_with(prefix) || sample.size() > kLeafMembers) return false;
      sample.emplace_back(member);
      return true;
    });
    if (sample.empty()) {
      if (prefix.empty()) return {};
      prefix.clear();  // defensive: the region vanished; start again
      continue;
    }
    std::optional<std::string> chosen;
    if (sample.size() <= kLeafMembers) {
      chosen = std::move(sample[random_index(sample.size())]);
    } else {
      // A member equal to the prefix itself sorts first and gets the share
      // of one extra "byte" value, so it stays reachable.
      uint64_t byte = random_index(257);
      if (byte == 256 && sample[0] == prefix) {
        chosen = prefix;
      } else {
        if (byte == 256) byte = random_index(256);
        std::string probe = prefix;
        probe.push_back(static_cast<char>(byte));
        std::optional<std::string> next;
        members_.scan(probe, [&](std::string_view member, std::string_view) {
          if (member.starts_with(prefix)) next.emplace(member);
          return false;
        });
        // Past the region's last member: wrap round to its first one longer
        // than the prefix (sample[0] may be the prefix itself).
        if (!next) next = sample[0].size() > prefix.size() ? sample[0] : sample[1];
        prefix = next->substr(0, prefix.size() + 1);
        continue;
      }
    }
    SampledMember member{std::move(*chosen), {}};
    members_.get(member.name, &member.value);
    return member;
  }
}

std::vector<SampledMember> MemberSampler::distinct_by_draws(uint64_t count) {
  std::vector<SampledMember> chosen;
  std::set<std::string, std::less<>> seen;
  for (uint64_t tries = 0; chosen.size() < count && tries < kDrawsPerMember * count + 64;
       ++tries) {
    SampledMember member = draw_by_descent();
    if (seen.insert(member.name).second) chosen.push_back(std::move(member));
  }
  if (chosen.size() == count) return chosen;
  // Complete with the members that follow a random one, wrapping round to
  // the first member: bounded work, at the cost of neighbours coming along.
  std::string start = draw_by_descent().name;
  auto add_unseen = [&](std::string_view member, std::string_view value) {
    if (chosen.size() == count) return false;
    if (seen.insert(std::string(member)).second) {
      chosen.push_back(SampledMember{std::string(member), std::string(value)});
    }
    return true;
  };
  members_.scan(start, add_unseen);
  members_.scan({}, [&](std::string_view member, std::string_view value) {
    return member < start && add_unseen(member, value);
  });
  return chosen;
}

}  // namespace ringkv::cmd
