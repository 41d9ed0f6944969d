// ZsetIndex: walks over a sorted set's score index; see zset_index.h.
#include "cmd/zset_index.h"

#include "store/encoding.h"

namespace ringkv::cmd {

namespace {

// The ordered bytes of a score advanced by one: the position just past
// every entry with that score. Scores are never NaN, so the ordered value
// is at most 0xfff0... (+inf) and the increment cannot wrap.
std::string next_score_bytes(double score) {
  std::string bytes;
  store::append_ordered_double(&bytes, score);
  uint64_t value = store::read_u64_be(bytes.data()) + 1;
  bytes.clear();
  store::append_u64_be(&bytes, value);
  return bytes;
}

}  // namespace

ZsetIndex::ZsetIndex(store::ShardStore& store, int db, std::string_view key, uint64_t version,
                     uint64_t count)
    : store_(store),
      prefix_(store::score_key_prefix(static_cast<uint8_t>(db), key, version)),
      count_(count) {}

std::string ZsetIndex::position(double score, std::string_view member) {
  std::string out;
  out.reserve(8 + member.size());
  store::append_ordered_double(&out, score);
  out.append(member);
  return out;
}

std::string ZsetIndex::after_score(double score) { return next_score_bytes(score); }

std::string ZsetIndex::after(double score, std::string_view member) {
  std::string out = position(score, member);
  out.push_back('\0');  // the smallest member sorting after `member`
  return out;
}

void ZsetIndex::ascend(std::string_view from, const Visitor& visit) {
  std::string start = from.empty() ? std::string() : prefix_ + std::string(from);
  size_t skip = prefix_.size();
  store_.scan(prefix_, start, [&](std::string_view key, std::string_view) {
    if (key.size() < skip + 8) return true;
    return visit(store::decode_ordered_double(key.substr(skip, 8)), key.substr(skip + 8));
  });
}

void ZsetIndex::descend(std::string_view below, const Visitor& visit) {
  std::string end = below.empty() ? std::string() : prefix_ + std::string(below);
  size_t skip = prefix_.size();
  store_.scan_reverse(prefix_, end, [&](std::string_view key, std::string_view) {
    if (key.size() < skip + 8) return true;
    return visit(store::decode_ordered_double(key.substr(skip, 8)), key.substr(skip + 8));
  });
}

ZsetIndex::Visitor ZsetIndex::collect(std::vector<ZsetEntry>* out, size_t limit) {
  return [out, limit](double score, std::string_view member) {
    if (out->size() >= limit) return false;
    out->push_back(ZsetEntry{score, std::string(member)});
    return out->size() < limit;
  };
}

std::optional<ZsetEntry> ZsetIndex::first() {
  std::vector<ZsetEntry> found;
  ascend({}, collect(&found, 1));
  if (found.empty()) return std::nullopt;
  return std::move(found[0]);
}

std::optional<ZsetEntry> ZsetIndex::last() {
  std::vector<ZsetEntry> found;
  descend({}, collect(&found, 1));
  if (found.empty()) return std::nullopt;
  return std::move(found[0]);
}

void ZsetIndex::from_rank(uint64_t rank, bool reverse, const Visitor& visit) {
  if (rank >= count_) return;
  uint64_t from_other_end = count_ - 1 - rank;
  if (rank <= from_other_end) {
    uint64_t skipped = 0;
    Visitor skip_then_visit = [&](double score, std::string_view member) {
      if (skipped < rank) {
        ++skipped;
        return true;
      }
      return visit(score, member);
    };
    reverse ? descend({}, skip_then_visit) : ascend({}, skip_then_visit);
    return;
  }
  // Nearer the other end: find the starting entry from there, then walk.
  std::optional<std::string> start;
  uint64_t steps = 0;
  Visitor find_start = [&](double score, std::string_view member) {
    if (steps++ < from_other_end) return true;
    start = reverse ? after(score, member) : position(score, member);
    return false;
  };
  reverse ? ascend({}, find_start) : descend({}, find_start);
  if (!start) return;
  reverse ? descend(*start, visit) : ascend(*start, visit);
}

std::optional<uint64_t> ZsetIndex::rank_of(double score, std::string_view member) {
  // Walk from both ends in turn, a chunk at a time, so the cost follows
  // the nearer end without knowing in advance which one it is.
  constexpr uint64_t kChunk = 256;
  enum class Step { kFound, kAbsent, kMore };
  const std::string target = position(score, member);
  uint64_t below = 0;      // entries before the target, counted from the low end
  uint64_t above = 0;      // entries after it, counted from the high end
  std::string low_next;    // where the ascending walk resumes (empty = start)
  std::string high_next;   // where the descending walk resumes below
  // Compares raw index keys: no decoding or copying per record walked.
  size_t skip = prefix_.size();
  auto walk = [&](bool ascending) {
    Step step = Step::kAbsent;  // the walk ran off its end without meeting it
    uint64_t seen = 0;
    auto visit = [&](std::string_view key, std::string_view) {
      if (key.size() < skip + 8) return true;
      std::string_view here = key.substr(skip);
      int order = here.compare(target);
      if (order == 0) {
        step = Step::kFound;
        return false;
      }
      // Past the place the target would hold: it is absent.
      if (ascending ? order > 0 : order < 0) return false;
      ascending ? ++below : ++above;
      if (++seen < kChunk) return true;
      (ascending ? low_next : high_next) = here;
      if (ascending) low_next.push_back('\0');
      step = Step::kMore;
      return false;
    };
    if (ascending) {
      store_.scan(prefix_, low_next.empty() ? std::string() : prefix_ + low_next, visit);
    } else {
      store_.scan_reverse(prefix_, high_next.empty() ? std::string() : prefix_ + high_next,
                          visit);
    }
    return step;
  };
  for (;;) {
    Step low = walk(true);
    if (low == Step::kFound) return below;
    if (low == Step::kAbsent) return std::nullopt;
    Step high = walk(false);
    if (high == Step::kFound) return count_ > above ? count_ - 1 - above : 0;
    if (high == Step::kAbsent) return std::nullopt;
  }
}

void ZsetIndex::in_score_range(const ScoreRange& range, bool reverse, const Visitor& visit,
                               uint64_t skip) {
  if (range.empty()) return;
  uint64_t skipped = 0;
  if (!reverse) {
    std::string from = range.min_exclusive ? after_score(range.min) : position(range.min, {});
    ascend(from, [&](double score, std::string_view member) {
      if (skipped < skip) return ++skipped, true;
      return range.below_max(score) && visit(score, member);
    });
  } else {
    std::string below = range.max_exclusive ? position(range.max, {}) : after_score(range.max);
    descend(below, [&](double score, std::string_view member) {
      if (skipped < skip) return ++skipped, true;
      return range.above_min(score) && visit(score, member);
    });
  }
}

std::optional<std::string> ZsetIndex::lex_start(const LexRange& range) {
  std::optional<ZsetEntry> low = first();
  std::optional<ZsetEntry> high = last();
  if (!low || !range.above_min(high->member) || !range.below_max(low->member)) {
    return std::nullopt;
  }
  // Members are ordered within each score: seek to the min in each score
  // group in turn until a group has a member at or above it.
  double group = low->score;
  for (;;) {
    std::string from;
    switch (range.min.kind) {
      case LexBound::kMinusInfinity:
        from = position(group, {});
        break;
      case LexBound::kPlusInfinity:
        from = after_score(group);
        break;
      case LexBound::kValue:
        from = range.min.exclusive ? after(group, range.min.value)
                                   : position(group, range.min.value);
    }
    std::optional<std::string> found;
    std::optional<double> next_group;
    bool done = false;
    ascend(from, [&](double score, std::string_view member) {
      if (score == group || range.above_min(member)) {
        // Redis answers nothing when the first entry past the min is
        // already beyond the max.
        if (range.below_max(member)) found = position(score, member);
        done = true;
      } else {
        next_group = score;
      }
      return false;
    });
    if (done || !next_group) return found;
    group = *next_group;
  }
}

std::optional<std::string> ZsetIndex::lex_start_reverse(const LexRange& range) {
  std::optional<ZsetEntry> low = first();
  std::optional<ZsetEntry> high = last();
  if (!low || !range.above_min(high->member) || !range.below_max(low->member)) {
    return std::nullopt;
  }
  double group = high->score;
  for (;;) {
    std::string below;
    switch (range.max.kind) {
      case LexBound::kMinusInfinity:
        below = position(group, {});
        break;
      case LexBound::kPlusInfinity:
        below = after_score(group);
        break;
      case LexBound::kValue:
        below = range.max.exclusive ? position(group, range.max.value)
                                    : after(group, range.max.value);
    }
    std::optional<std::string> found;
    std::optional<double> next_group;
    bool done = false;
    descend(below, [&](double score, std::string_view member) {
      if (score == group || range.below_max(member)) {
        if (range.above_min(member)) found = after(score, member);
        done = true;
      } else {
        next_group = score;
      }
      return false;
    });
    if (done || !next_group) return found;
    group = *next_group;
  }
}

void ZsetIndex::in_lex_range(const LexRange& range, bool reverse, const Visitor& visit,
                             uint64_t skip) {
  if (range.empty()) return;
  uint64_t skipped = 0;
  std::optional<std::string> start = reverse ? lex_start_reverse(range) : lex_start(range);
  if (!start) return;
  if (!reverse) {
    ascend(*start, [&](double score, std::string_view member) {
      if (skipped < skip) return ++skipped, true;
      return range.below_max(member) && visit(score, member);
    });
  } else {
    descend(*start, [&](double score, std::string_view member) {
      if (skipped < skip) return ++skipped, true;
      return range.above_min(member) && visit(score, member);
    });
  }
}

}  // namespace ringkv::cmd
