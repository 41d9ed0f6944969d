// ZRANDMEMBER: random members of a sorted set, with Redis's count rules
// (positive: distinct members, at most the set; negative: |count| draws
// that may repeat; WITHSCORES pairs).
//
// Drawing: a set of up to kSmallSet members is read whole and drawn from
// uniformly. A bigger one is drawn from without reading it: a draw
// descends the member records byte by byte — at each level it seeks to
// the first member at or after a random byte between the lowest and the
// highest next byte present — until at most kSmallSubtree members share
// the chosen prefix, then picks one of those uniformly: O(member length)
// seeks, whatever the size. The trade-off: each level splits the chance
// evenly between byte values, not members, so members under small
// subtrees are favoured (among m0..m4999, m5xx is ten times likelier than
// m1xxx) and byte values after a gap weigh more. Every member can be
// drawn, and members with evenly spread bytes (hashes, random ids) come
// out nearly uniform. Redis's dictGetFairRandomKey is not exactly uniform
// either. Distinct draws (positive counts) that keep meeting the same
// members are completed by a walk in member order.
#include <algorithm>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include "cmd/args.h"
#include "cmd/zset_commands.h"
#include "store/encoding.h"

namespace ringkv::cmd {

namespace {

using store::ValueType;

constexpr uint64_t kSmallSet = 1024;
constexpr size_t kSmallSubtree = 64;

std::mt19937_64& random_engine() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return engine;
}

uint64_t random_below(uint64_t bound) {
  return std::uniform_int_distribution<uint64_t>(0, bound - 1)(random_engine());
}

// Member records of one sorted set: member → score bits.
class MemberSampler {
 public:
  MemberSampler(CommandContext& ctx, CollectionKey& zset)
      : store_(zset.keyspace().store()),
        prefix_(store::member_key_prefix(static_cast<uint8_t>(ctx.db), zset.key(),
                                         zset.meta().version)) {}

  // Every member (small sets only), in member order.
  std::vector<ZsetEntry> all() {
    std::vector<ZsetEntry> entries;
    store_.scan(prefix_, {}, [&](std::string_view key, std::string_view value) {
      entries.push_back(entry(key, value));
      return true;
    });
    return entries;
  }

  // One random member (see the file comment for the distribution).
  std::optional<ZsetEntry> draw() {
    std::string prefix = prefix_;
    for (;;) {
      std::vector<ZsetEntry> sample;
      store_.scan(prefix, {}, [&](std::string_view key, std::string_view value) {
        if (sample.size() > kSmallSubtree) return false;
        sample.push_back(entry(key, value));
        return true;
      });
      if (sample.empty()) return std::nullopt;
      if (sample.size() <= kSmallSubtree) return std::move(sample[random_below(sample.size())]);
      size_t depth = prefix.size() - prefix_.size();
      // A member equal to the prefix itself ends here: it takes one slot
      // beside the next bytes.
      bool ends_here = sample[0].member.size() == depth;
      auto low = static_cast<unsigned char>(sample[ends_here ? 1 : 0].member[depth]);
      std::optional<ZsetEntry> last = last_under(prefix);
      if (!last || last->member.size() <= depth) return std::nullopt;
      auto high = static_cast<unsigned char>(last->member[depth]);
      uint64_t slot = random_below(high - low + 1u + (ends_here ? 1 : 0));
      if (ends_here && slot == 0) return std::move(sample[0]);
      // The first member at or after a random byte between the lowest and
      // the highest next byte present: byte values with gaps before them
      // weigh more, which is the distribution's skew.
      std::string probe = prefix + static_cast<char>(low + slot - (ends_here ? 1 : 0));
      std::optional<std::string> next;
      store_.scan(prefix, probe, [&](std::string_view key, std::string_view) {
        next.emplace(key);
        return false;
      });
      if (!next || next->size() <= prefix.size()) return std::nullopt;
      prefix = next->substr(0, prefix.size() + 1);
    }
  }

  // Up to `count` members in member order from the first at or after
  // `from` (wrapping round to the start), skipping those in `skip`.
  void walk_from(const std::string& from, size_t count,
                 const std::unordered_set<std::string>& skip, std::vector<ZsetEntry>* out) {
    auto visit = [&](std::string_view key, std::string_view value) {
      if (out->size() >= count) return false;
      ZsetEntry found = entry(key, value);
      if (!skip.count(found.member)) out->push_back(std::move(found));
      return out->size() < count;
    };
    store_.scan(prefix_, prefix_ + from, visit);
    // The wrapped part stops before `from`, where the first part began.
    std::string stop = prefix_ + from;
    store_.scan(prefix_, {}, [&](std::string_view key, std::string_view value) {
      return key < stop && visit(key, value);
    });
  }

 private:
  std::optional<ZsetEntry> last_under(const std::string& prefix) {
    std::optional<ZsetEntry> last;
    store_.scan_reverse(prefix, {}, [&](std::string_view key, std::string_view value) {
      last = entry(key, value);
      return false;
    });
    return last;
  }

  ZsetEntry entry(std::string_view key, std::string_view value) const {
    double score = 0;
    store::decode_score_value(value, &score);
    return ZsetEntry{score, std::string(key.substr(prefix_.size()))};
  }

  store::ShardStore& store_;
  const std::string prefix_;
};

// |count| draws that may repeat.
std::vector<ZsetEntry> draw_with_repeats(MemberSampler& sampler, uint64_t size, uint64_t count) {
  std::vector<ZsetEntry> drawn;
  drawn.reserve(static_cast<size_t>(std::min<uint64_t>(count, 1 << 20)));
  if (size <= kSmallSet) {
    std::vector<ZsetEntry> all = sampler.all();
    if (all.empty()) return drawn;
    for (uint64_t i = 0; i < count; ++i) drawn.push_back(all[random_below(all.size())]);
    return drawn;
  }
  for (uint64_t i = 0; i < count; ++i) {
    if (auto entry = sampler.draw()) drawn.push_back(std::move(*entry));
  }
  return drawn;
}

// `count` distinct members, count < size.
std::vector<ZsetEntry> draw_distinct(MemberSampler& sampler, uint64_t size, uint64_t count) {
  // Redis, too, reads the whole set when the answer is a third of it or more.
  if (size <= kSmallSet || count * 3 > size) {
    std::vector<ZsetEntry> all = sampler.all();
    std::shuffle(all.begin(), all.end(), random_engine());
    if (all.size() > count) all.resize(static_cast<size_t>(count));
    return all;
  }
  std::vector<ZsetEntry> drawn;
  std::unordered_set<std::string> seen;
  // Bounded: a skewed draw may keep meeting the same members; what is
  // still missing then comes from a walk after the last member drawn.
  uint64_t attempts = 3 * count + 16;
  std::string last;
  while (drawn.size() < count && attempts-- > 0) {
    std::optional<ZsetEntry> entry = sampler.draw();
    if (!entry) break;
    last = entry->member;
    if (seen.insert(entry->member).second) drawn.push_back(std::move(*entry));
  }
  if (drawn.size() < count) sampler.walk_from(last, static_cast<size_t>(count), seen, &drawn);
  return drawn;
}

void zrandmember_with_count(CommandContext& ctx) {
  int64_t value = 0;
  if (!parse_integer_arg(ctx, ctx.arg(2), &value)) return;
  if (value == std::numeric_limits<int64_t>::min()) {
    return ctx.reply.error(
        "ERR value is out of range, value must between -9223372036854775807 and "
        "9223372036854775807");
  }
  bool with_scores = false;
  if (ctx.argc() > 4 || (ctx.argc() == 4 && !is_option(ctx.arg(3), "WITHSCORES"))) {
    return ctx.reply.error(resp::kErrSyntax);
  }
  if (ctx.argc() == 4) {
    with_scores = true;
    constexpr int64_t kHalf = std::numeric_limits<int64_t>::max() / 2;
    if (value < -kHalf || value > kHalf) return ctx.reply.error("ERR value is out of range");
  }
  CollectionKey zset(ctx, ctx.arg(1), ValueType::kZset);
  if (zset.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
  if (!zset.exists() || value == 0) return ctx.reply.array(0);
  uint64_t size = zset.meta().count;
  MemberSampler sampler(ctx, zset);
  std::vector<ZsetEntry> entries;
  if (value < 0 || value == 1) {
    entries = draw_with_repeats(sampler, size, value < 0 ? static_cast<uint64_t>(-value) : 1);
  } else if (static_cast<uint64_t>(value) >= size) {
    // The whole set, highest first, as Redis replies it.
    ZsetIndex index = zset_index(ctx, zset);
    index.descend({}, ZsetIndex::collect(&entries, static_cast<size_t>(size)));
  } else {
    entries = draw_distinct(sampler, size, static_cast<uint64_t>(value));
  }
  reply_entries(ctx, entries, with_scores);
}

void zrandmember(CommandContext& ctx) {
  if (ctx.argc() >= 3) return zrandmember_with_count(ctx);
  CollectionKey zset(ctx, ctx.arg(1), ValueType::kZset);
  if (zset.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
  if (!zset.exists()) return ctx.reply.null();
  MemberSampler sampler(ctx, zset);
  std::optional<ZsetEntry> entry;
  if (zset.meta().count <= kSmallSet) {
    std::vector<ZsetEntry> all = sampler.all();
    if (!all.empty()) entry = std::move(all[random_below(all.size())]);
  } else {
    entry = sampler.draw();
  }
  entry ? ctx.reply.bulk(entry->member) : ctx.reply.null();
}

}  // namespace

void add_zset_random_commands(std::vector<CommandSpec>* table) {
  table->push_back({"zrandmember", -2, kReadonly, 1, 1, 1, zrandmember, "sorted-set",
                    "Get one or multiple random elements from a sorted set", "6.2.0"});
}

}  // namespace ringkv::cmd
