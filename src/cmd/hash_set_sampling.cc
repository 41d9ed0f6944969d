// Random members of a hash or set; see hash_set_sampling.h.
#include "cmd/hash_set_sampling.h"

#include <random>
#include <set>
#include <utility>

namespace ringkv::cmd {

namespace {

// A prefix shared by at most this many members ends the descent.
constexpr size_t kLeafMembers = 32;
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

const MemberSampler::Level& MemberSampler::level(const std::string& prefix) {
  auto found = levels_.find(prefix);
  if (found != levels_.end()) return found->second;
  Level computed;
  members_.scan(prefix, [&](std::string_view member, std::string_view) {
    if (!member.starts_with(prefix) || computed.leaf.size() > kLeafMembers) return false;
    computed.leaf.emplace_back(member);
    return true;
  });
  if (computed.leaf.size() > kLeafMembers) {
    std::vector<std::string> sample = std::move(computed.leaf);
    computed.leaf.clear();
    const std::string& first = sample.front();
    std::string last = last_member(prefix);
    size_t shared = prefix.size();
    while (shared < first.size() && shared < last.size() && first[shared] == last[shared]) {
      ++shared;
    }
    if (shared > prefix.size()) {
      // Every member between the first and the last shares their prefix:
      // the draw goes on there at once.
      computed.common = first.substr(0, shared);
    } else if (first.size() > prefix.size() &&
               static_cast<unsigned char>(last[shared]) -
                       static_cast<unsigned char>(first[shared]) <
                   kRangeBytes) {
      computed.low_byte = static_cast<unsigned char>(first[shared]);
      computed.high_byte = static_cast<unsigned char>(last[shared]);
    } else {
      computed.dense = !enumerate_children(prefix, sample, &computed.children);
    }
  }
  // Memoized for the later draws of this command (SRANDMEMBER -100 walks
  // the same upper levels each time), up to a bound on memory.
  if (levels_.size() >= kMaxMemoizedLevels) {
    scratch_ = std::move(computed);
    return scratch_;
  }
  return levels_.emplace(prefix, std::move(computed)).first->second;
}

std::string MemberSampler::last_member(const std::string& prefix) {
  std::string last;
  members_.scan_reverse(store::prefix_successor(prefix), [&](std::string_view member,
                                                             std::string_view) {
    if (member.starts_with(prefix)) last = member;
    return false;
  });
  return last;
}

bool MemberSampler::enumerate_children(const std::string& prefix,
                                       const std::vector<std::string>& sample,
                                       std::vector<Child>* children) {
  bool too_many = false;
  // Counts one member under the prefix; true once its child is capped.
  auto count = [&](std::string_view member) {
    int byte = member.size() == prefix.size() ? Child::kPrefixItself
                                              : static_cast<unsigned char>(member[prefix.size()]);
    if (children->empty() || children->back().byte != byte) {
      too_many = children->size() == kMaxChildren;
      if (too_many) return true;
      children->push_back(Child{byte, 0});
    }
    Child& child = children->back();
    if (child.weight < kWeightCap) ++child.weight;
    return child.weight == kWeightCap;
  };
  // The sample (the first members under the prefix) counts first; then each
  // capped child is skipped with a seek to the next byte value.
  for (const std::string& member : sample) {
    count(member);
    if (too_many) return false;
  }
  std::string from = sample.back() + '\0';
  for (;;) {
    if (children->back().weight == kWeightCap) {
      if (children->back().byte == 255) return true;
      from = prefix;
      from.push_back(static_cast<char>(children->back().byte + 1));
    }
    bool capped = false;
    members_.scan(from, [&](std::string_view member, std::string_view) {
      if (!member.starts_with(prefix)) return false;
      capped = count(member);
      return !capped;
    });
    if (too_many) return false;
    if (!capped) return true;  // the region's end
  }
}

SampledMember MemberSampler::draw_by_descent() {
  std::string prefix;
  std::optional<std::string> chosen;
  while (!chosen) {
    const Level& here = level(prefix);
    if (here.common.size() > prefix.size()) {
      prefix = here.common;
      continue;
    }
    if (here.low_byte >= 0) {
      prefix.push_back(static_cast<char>(probe_in_range(prefix, here.low_byte, here.high_byte)));
      continue;
    }
    if (!here.leaf.empty()) {
      chosen = here.leaf[random_index(here.leaf.size())];
      break;
    }
    if (!here.dense && here.children.empty()) return {};  // an empty collection
    int byte = 0;
    if (here.dense) {
      byte = probe_next_byte(prefix);
    } else {
      uint64_t total = 0;
      for (const Child& child : here.children) total += child.weight;
      uint64_t pick = random_index(total);
      size_t i = 0;
      while (pick >= here.children[i].weight) pick -= here.children[i++].weight;
      byte = here.children[i].byte;
    }
    if (byte == Child::kPrefixItself) {
      chosen = prefix;
    } else {
      prefix.push_back(static_cast<char>(byte));
    }
  }
  SampledMember member{std::move(*chosen), {}};
  members_.get(member.name, &member.value);
  return member;
}

int MemberSampler::probe_next_byte(const std::string& prefix) {
  std::string probe = prefix;
  probe.push_back(static_cast<char>(random_index(256)));
  std::optional<std::string> next;
  members_.scan(probe, [&](std::string_view member, std::string_view) {
    if (member.starts_with(prefix)) next.emplace(member);
    return false;
  });
  // Past the region's last member: wrap round to its first one longer than
  // the prefix.
  if (!next) {
    members_.scan(prefix, [&](std::string_view member, std::string_view) {
      if (!member.starts_with(prefix)) return false;
      if (member.size() > prefix.size()) next.emplace(member);
      return !next;
    });
  }
  if (!next) return Child::kPrefixItself;
  return static_cast<unsigned char>((*next)[prefix.size()]);
}

int MemberSampler::probe_in_range(const std::string& prefix, int low, int high) {
  std::string probe = prefix;
  probe.push_back(static_cast<char>(low + static_cast<int>(random_index(high - low + 1))));
  // The member at the range's top byte exists, so the probe finds one.
  int byte = high;
  members_.scan(probe, [&](std::string_view member, std::string_view) {
    if (member.starts_with(prefix) && member.size() > prefix.size()) {
      byte = static_cast<unsigned char>(member[prefix.size()]);
    }
    return false;
  });
  return byte;
}

std::vector<SampledMember> MemberSampler::distinct_by_draws(uint64_t count) {
  std::vector<SampledMember> chosen;
  std::set<std::string, std::less<>> seen;
  for (uint64_t tries = 0; chosen.size() < count && tries < kDrawsPerMember * count + 64; ++tries) {
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
