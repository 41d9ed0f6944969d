// Sorted-set range parsing; see zset_range.h.
#include "cmd/zset_range.h"

#include <cmath>
#include <cstdlib>

namespace ringkv::cmd {

namespace {

// Redis reads range ends with a bare strtod and only checks that it used
// every byte and did not produce NaN; overflow gives ±inf, "" gives 0.
bool parse_range_end(std::string_view text, double* value, bool* exclusive) {
  *exclusive = !text.empty() && text[0] == '(';
  if (*exclusive) text.remove_prefix(1);
  std::string copy(text);
  char* end = nullptr;
  *value = std::strtod(copy.c_str(), &end);
  // Like Redis, stop at the first NUL: bytes after an embedded NUL are
  // never looked at.
  return *end == '\0' && !std::isnan(*value);
}

bool parse_lex_bound(std::string_view text, LexBound* bound) {
  if (text.empty()) return false;
  switch (text[0]) {
    case '+':
    case '-':
      if (text.size() != 1) return false;
      bound->kind = text[0] == '+' ? LexBound::kPlusInfinity : LexBound::kMinusInfinity;
      bound->exclusive = true;
      return true;
    case '(':
    case '[':
      bound->kind = LexBound::kValue;
      bound->exclusive = text[0] == '(';
      bound->value.assign(text.substr(1));
      return true;
    default:
      return false;
  }
}

// Redis's sdscmplex: the infinities sort outside every value.
int compare(std::string_view member, const LexBound& bound) {
  if (bound.kind == LexBound::kMinusInfinity) return 1;
  if (bound.kind == LexBound::kPlusInfinity) return -1;
  int result = member.compare(bound.value);
  return result < 0 ? -1 : (result > 0 ? 1 : 0);
}

int compare(const LexBound& a, const LexBound& b) {
  if (a.kind == b.kind && a.kind != LexBound::kValue) return 0;
  if (a.kind == LexBound::kMinusInfinity || b.kind == LexBound::kPlusInfinity) return -1;
  if (a.kind == LexBound::kPlusInfinity || b.kind == LexBound::kMinusInfinity) return 1;
  return compare(a.value, b);
}

}  // namespace

bool parse_score_range(std::string_view min, std::string_view max, ScoreRange* range) {
  return parse_range_end(min, &range->min, &range->min_exclusive) &&
         parse_range_end(max, &range->max, &range->max_exclusive);
}

bool parse_lex_range(std::string_view min, std::string_view max, LexRange* range) {
  return parse_lex_bound(min, &range->min) && parse_lex_bound(max, &range->max);
}

bool LexRange::above_min(std::string_view member) const {
  int result = compare(member, min);
  return min.exclusive ? result > 0 : result >= 0;
}

bool LexRange::below_max(std::string_view member) const {
  int result = compare(member, max);
  return max.exclusive ? result < 0 : result <= 0;
}

bool LexRange::empty() const {
  int result = compare(min, max);
  return result > 0 || (result == 0 && (min.exclusive || max.exclusive));
}

}  // namespace ringkv::cmd
