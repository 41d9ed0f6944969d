// ZRANDMEMBER: random members of a sorted set, with Redis's count rules
// (positive: distinct members, at most the set; negative: |count| draws
// that may repeat; WITHSCORES pairs).
//
// Drawing: a set of up to kSmallSet members is read whole and drawn from
// uniformly. A bigger one is drawn from without reading it: a draw
// descends the member records byte by byte, seeking to the first member
// at or after a random byte, until at most kSmallSubtree members share the
// chosen prefix, then picks one of those uniformly — O(member length)
// seeks. The trade-off: members in sparse regions of the byte space are
// favoured (a member is as likely as the region it ends up in, split by
// the bytes that members actually use); every member can be drawn, and
// sets with evenly spread names come out nearly uniform. Redis's own
// dictGetFairRandomKey is not exactly uniform either.
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
      // Extend the prefix by the next byte of the first member at or after
      // a random byte (wrapping round to the first member).
      std::string probe = prefix + static_cast<char>(random_below(256));
      std::optional<std::string> next;
      store_.scan(prefix, probe, [&](std::string_view key, std::string_view) {
        next.emplace(key);
        return false;
      });
      size_t depth = prefix.size() - prefix_.size();
      // sample[0] may be the prefix itself (a member ending there).
      if (!next) next = prefix_ + sample[sample[0].member.size() > depth ? 0 : 1].member;
      prefix = next->substr(0, prefix.size() + 1);
    }
  }

 private:
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
  // Bounded: a skewed draw may keep meeting the same members.
  uint64_t attempts = 20 * count + 100;
  while (drawn.size() < count && attempts-- > 0) {
    std::optional<ZsetEntry> entry = sampler.draw();
    if (!entry) break;
    if (seen.insert(entry->member).second) drawn.push_back(std::move(*entry));
  }
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
