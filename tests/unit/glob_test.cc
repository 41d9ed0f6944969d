// util/glob against Redis 7.0's stringmatchlen: hand-picked cases (checked
// with KEYS on redis-server) and a fuzz against a line-by-line port of
// Redis's recursive matcher.
#include "util/glob.h"

#include <gtest/gtest.h>

#include <cctype>
#include <random>
#include <string>

namespace ringkv {
namespace {

// Redis 7.0 util.c stringmatchlen_impl, ported as is (including reading the
// pattern's terminating NUL) to serve as the oracle.
int redis_match(const char* pattern, int pattern_len, const char* string, int string_len,
                int nocase, int* skip_longer) {
  while (pattern_len && string_len) {
    switch (pattern[0]) {
      case '*':
        while (pattern_len && pattern[1] == '*') {
          pattern++;
          pattern_len--;
        }
        if (pattern_len == 1) return 1;
        while (string_len) {
          if (redis_match(pattern + 1, pattern_len - 1, string, string_len, nocase, skip_longer))
            return 1;
          if (*skip_longer) return 0;
          string++;
          string_len--;
        }
        *skip_longer = 1;
        return 0;
      case '?':
        string++;
        string_len--;
        break;
      case '[': {
        pattern++;
        pattern_len--;
        int negate = pattern[0] == '^';
        if (negate) {
          pattern++;
          pattern_len--;
        }
        int match = 0;
        while (true) {
          if (pattern[0] == '\\' && pattern_len >= 2) {
            pattern++;
            pattern_len--;
            if (pattern[0] == string[0]) match = 1;
          } else if (pattern[0] == ']') {
            break;
          } else if (pattern_len == 0) {
            pattern--;
            pattern_len++;
            break;
          } else if (pattern_len >= 3 && pattern[1] == '-') {
            int start = pattern[0];
            int end = pattern[2];
            int c = string[0];
            if (start > end) std::swap(start, end);
            if (nocase) {
              start = tolower(start);
              end = tolower(end);
              c = tolower(c);
            }
            pattern += 2;
            pattern_len -= 2;
            if (c >= start && c <= end) match = 1;
          } else if (!nocase) {
            if (pattern[0] == string[0]) match = 1;
          } else if (tolower(pattern[0]) == tolower(string[0])) {
            match = 1;
          }
          pattern++;
          pattern_len--;
        }
        if (negate) match = !match;
        if (!match) return 0;
        string++;
        string_len--;
        break;
      }
      case '\\':
        if (pattern_len >= 2) {
          pattern++;
          pattern_len--;
        }
        [[fallthrough]];
      default:
        if (!nocase) {
          if (pattern[0] != string[0]) return 0;
        } else if (tolower(pattern[0]) != tolower(string[0])) {
          return 0;
        }
        string++;
        string_len--;
        break;
    }
    pattern++;
    pattern_len--;
    if (string_len == 0) {
      while (*pattern == '*') {
        pattern++;
        pattern_len--;
      }
      break;
    }
  }
  return pattern_len == 0 && string_len == 0;
}

bool oracle(const std::string& pattern, const std::string& text, bool nocase) {
  int skip_longer = 0;
  return redis_match(pattern.c_str(), static_cast<int>(pattern.size()), text.c_str(),
                     static_cast<int>(text.size()), nocase ? 1 : 0, &skip_longer) != 0;
}

TEST(GlobTest, Basics) {
  EXPECT_TRUE(glob_match("foo", "foo"));
  EXPECT_FALSE(glob_match("foo", "fo"));
  EXPECT_FALSE(glob_match("foo", "fooo"));
  EXPECT_TRUE(glob_match("f*", "foo"));
  EXPECT_TRUE(glob_match("*o", "foo"));
  EXPECT_TRUE(glob_match("*", "x"));
  EXPECT_TRUE(glob_match("f?o", "fxo"));
  EXPECT_FALSE(glob_match("f?o", "fo"));
  EXPECT_TRUE(glob_match("h*llo", "heeeello"));
  EXPECT_TRUE(glob_match("a*b*c", "aXbYbZc"));
  EXPECT_FALSE(glob_match("a*b*c", "aXbYbZ"));
}

TEST(GlobTest, EmptyTextMatchesOnlyEmptyPattern) {
  // redis-server with a key "": KEYS "**" and SCAN MATCH "?*" find nothing,
  // KEYS "" finds it (KEYS "*" is special-cased before matching).
  EXPECT_FALSE(glob_match("*", ""));
  EXPECT_FALSE(glob_match("**", ""));
  EXPECT_FALSE(glob_match("[", ""));
  EXPECT_TRUE(glob_match("", ""));
  EXPECT_FALSE(glob_match("", "a"));
}

TEST(GlobTest, Classes) {
  EXPECT_TRUE(glob_match("h[ae]llo", "hello"));
  EXPECT_TRUE(glob_match("h[ae]llo", "hallo"));
  EXPECT_FALSE(glob_match("h[ae]llo", "hillo"));
  EXPECT_TRUE(glob_match("h[^e]llo", "hallo"));
  EXPECT_FALSE(glob_match("h[^e]llo", "hello"));
  EXPECT_TRUE(glob_match("h[a-c]llo", "hbllo"));
  EXPECT_FALSE(glob_match("h[a-c]llo", "hdllo"));
  EXPECT_TRUE(glob_match("h[c-a]llo", "hbllo"));  // reversed range is swapped
  EXPECT_TRUE(glob_match("[a-]", "]"));           // "a-]" is the range a..']'
  EXPECT_TRUE(glob_match("[\\]]", "]"));          // escaped ']' inside a class
  EXPECT_TRUE(glob_match("[\\-]", "-"));
  EXPECT_FALSE(glob_match("[\\-]", "\\"));
  // An unterminated class ends at the end of the pattern.
  EXPECT_TRUE(glob_match("a[bc", "ac"));
  EXPECT_FALSE(glob_match("a[bc", "ad"));
  EXPECT_TRUE(glob_match("a[^", "ax"));
}

TEST(GlobTest, Escapes) {
  EXPECT_TRUE(glob_match("a\\*b", "a*b"));
  EXPECT_FALSE(glob_match("a\\*b", "axb"));
  EXPECT_TRUE(glob_match("a\\?", "a?"));
  EXPECT_FALSE(glob_match("a\\?", "ab"));
  EXPECT_TRUE(glob_match("\\[x]", "[x]"));
  EXPECT_TRUE(glob_match("a\\", "a\\"));  // a trailing backslash is literal
}

TEST(GlobTest, Nocase) {
  EXPECT_TRUE(glob_match("HeLLo", "hello", true));
  EXPECT_FALSE(glob_match("HeLLo", "hello", false));
  EXPECT_TRUE(glob_match("h[A-C]llo", "hbllo", true));
  EXPECT_TRUE(glob_match("h[E]llo", "hello", true));
  // Escapes inside a class compare exactly, even with nocase.
  EXPECT_FALSE(glob_match("[\\E]", "e", true));
  // Bounds are lowered after the swap: "[Z-a]" becomes the empty z..a.
  EXPECT_FALSE(glob_match("[Z-a]", "_", true));
  EXPECT_TRUE(glob_match("[Z-a]", "_", false));
}

TEST(GlobTest, BytesAboveAsciiCompareAsSignedChars) {
  // Redis compares plain (signed) chars, so 0x80..0xff sort below 'a'.
  EXPECT_TRUE(glob_match("[\x80-a]", "Z"));
  EXPECT_TRUE(glob_match("[\x80-a]", "\xff"));  // -1 lies in -128..'a'
  EXPECT_FALSE(glob_match("[a-z]", "\xe9"));
  EXPECT_TRUE(glob_match("\xe9*", "\xe9t\xe9"));
}

TEST(GlobTest, LongStarRunsStayFast) {
  // Exponential for a naive backtracker; linear-ish for ours and Redis's.
  std::string pattern;
  for (int i = 0; i < 30; ++i) pattern += "*a";
  pattern += "*b";
  std::string text(3000, 'a');
  EXPECT_FALSE(glob_match(pattern, text));
  EXPECT_TRUE(glob_match(pattern, text + "b"));
}

// Random patterns and texts over alphabets rich in special characters,
// checked against the port of Redis's matcher.
TEST(GlobTest, AgreesWithRedisMatcherOnRandomInput) {
  std::mt19937_64 random(20240607);
  const std::string pattern_alphabet = "ab*?[]^-\\Aa";
  const std::string text_alphabet = "abA-]^\\*?";
  auto draw = [&](const std::string& alphabet, size_t max_length) {
    std::string out(random() % (max_length + 1), ' ');
    for (char& c : out) c = alphabet[random() % alphabet.size()];
    return out;
  };
  for (int i = 0; i < 200000; ++i) {
    std::string pattern = draw(pattern_alphabet, 8);
    std::string text = draw(text_alphabet, 7);
    bool nocase = i % 3 == 0;
    ASSERT_EQ(glob_match(pattern, text, nocase), oracle(pattern, text, nocase))
        << "pattern " << testing::PrintToString(pattern) << " text " << testing::PrintToString(text)
        << " nocase " << nocase;
  }
}

TEST(GlobLiteralPrefix, StopsAtTheFirstWildcardAndUnescapes) {
  EXPECT_EQ(glob_literal_prefix("user:*"), "user:");
  EXPECT_EQ(glob_literal_prefix("a?b"), "a");
  EXPECT_EQ(glob_literal_prefix("[ab]c"), "");
  EXPECT_EQ(glob_literal_prefix("a\\*b*"), "a*b");
  EXPECT_EQ(glob_literal_prefix("end\\"), "end\\");
  EXPECT_EQ(glob_literal_prefix("plain"), "plain");
}

}  // namespace
}  // namespace ringkv
