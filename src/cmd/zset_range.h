// Score and lexicographic ranges of the sorted-set commands (ZRANGEBYSCORE,
// ZCOUNT, ZRANGEBYLEX, ZLEXCOUNT, ZREMRANGEBY*...), parsed with Redis's
// rules (t_zset.c's zslParseRange and zslParseLexRange) so that the same
// arguments are accepted and rejected.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ringkv::cmd {

inline constexpr std::string_view kErrScoreRange = "ERR min or max is not a float";
inline constexpr std::string_view kErrLexRange = "ERR min or max not valid string range item";

// min <= score <= max, either end exclusive with a '(' prefix.
struct ScoreRange {
  double min = 0;
  double max = 0;
  bool min_exclusive = false;
  bool max_exclusive = false;

  bool above_min(double score) const { return min_exclusive ? score > min : score >= min; }
  bool below_max(double score) const { return max_exclusive ? score < max : score <= max; }
  // Ranges that no score can satisfy (Redis tests this before walking).
  bool empty() const { return min > max || (min == max && (min_exclusive || max_exclusive)); }
};

// Parses like zslParseRange: strtod over the whole text after an optional
// '(' (so leading spaces, hex and "" — read as 0 — pass, NaN does not).
bool parse_score_range(std::string_view min, std::string_view max, ScoreRange* range);

// One end of a lexicographic range: "-" (below everything), "+" (above
// everything), "[value" (inclusive) or "(value" (exclusive).
struct LexBound {
  enum Kind : uint8_t { kMinusInfinity, kPlusInfinity, kValue };
  Kind kind = kValue;
  bool exclusive = false;
  std::string value;
};

struct LexRange {
  LexBound min;
  LexBound max;

  bool above_min(std::string_view member) const;
  bool below_max(std::string_view member) const;
  // Ranges that no member can satisfy (Redis's first test in
  // zslIsInLexRange): min after max, or equal ends with one exclusive.
  bool empty() const;
};

bool parse_lex_range(std::string_view min, std::string_view max, LexRange* range);

}  // namespace ringkv::cmd
