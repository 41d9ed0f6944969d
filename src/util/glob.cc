// Glob matching. Backtracking is limited to the most recent '*' (the classic
// greedy algorithm), so patterns full of stars stay linear-ish instead of
// exponential, while matching the same strings as Redis's recursive matcher.
#include "util/glob.h"

#include <cctype>

namespace ringkv {

namespace {

char fold(char c, bool nocase) {
  return nocase ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
}

// Matches one non-star pattern element at pattern[p] against c. Sets *next to
// the position after the element. Returns false on mismatch.
bool match_one(std::string_view pattern, size_t p, char c, bool nocase, size_t* next) {
  char pc = pattern[p];
  if (pc == '?') {
    *next = p + 1;
    return true;
  }
  if (pc == '[') {
    size_t i = p + 1;
    bool negate = i < pattern.size() && pattern[i] == '^';
    if (negate) ++i;
    bool matched = false;
    for (;;) {
      if (i >= pattern.size()) {
        // Unterminated class: Redis treats the end of pattern as closing it.
        break;
      }
      if (pattern[i] == '\\' && i + 1 < pattern.size()) {
        if (pattern[i + 1] == c) matched = true;
        i += 2;
      } else if (pattern[i] == ']') {
        ++i;
        break;
      } else if (i + 2 < pattern.size() && pattern[i + 1] == '-') {
        char start = pattern[i];
        char end = pattern[i + 2];
        if (start > end) std::swap(start, end);
        char lc = c;
        if (nocase) {
          start = fold(start, true);
          end = fold(end, true);
          lc = fold(c, true);
        }
        if (lc >= start && lc <= end) matched = true;
        i += 3;
      } else {
        if (fold(pattern[i], nocase) == fold(c, nocase)) matched = true;
        ++i;
      }
    }
    *next = i;
    return negate ? !matched : matched;
  }
  if (pc == '\\' && p + 1 < pattern.size()) {
    *next = p + 2;
    return fold(pattern[p + 1], nocase) == fold(c, nocase);
  }
  *next = p + 1;
  return fold(pc, nocase) == fold(c, nocase);
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text, bool nocase) {
  // Redis's matcher loops only while both are non-empty, so an empty text
  // matches only an empty pattern: "*" does not match "" (KEYS and SCAN
  // special-case a lone "*" before matching).
  if (text.empty()) return pattern.empty();
  size_t p = 0;
  size_t t = 0;
  size_t star_p = std::string_view::npos;  // position after the last '*'
  size_t star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      while (p < pattern.size() && pattern[p] == '*') ++p;
      if (p == pattern.size()) return true;
      star_p = p;
      star_t = t;
      continue;
    }
    size_t next = 0;
    if (p < pattern.size() && match_one(pattern, p, text[t], nocase, &next)) {
      p = next;
      ++t;
      continue;
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p;
    t = ++star_t;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::string glob_literal_prefix(std::string_view pattern) {
  std::string prefix;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '*' || c == '?' || c == '[') break;
    // A trailing backslash matches itself.
    if (c == '\\' && i + 1 < pattern.size()) c = pattern[++i];
    prefix.push_back(c);
  }
  return prefix;
}

}  // namespace ringkv
