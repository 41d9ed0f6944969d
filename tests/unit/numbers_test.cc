// util/numbers: Redis's string2ll, string2d, string2ld, %.17g replies and
// INCRBYFLOAT's ld2string. The expectations were checked against
// redis-server 7.0 (INCRBY, ZADD/ZSCORE and INCRBYFLOAT with these texts).
#include "util/numbers.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace ringkv {
namespace {

using namespace std::string_literals;

std::string int64_or_error(std::string_view text) {
  int64_t value = 0;
  return parse_int64(text, &value) ? std::to_string(value) : "error";
}

TEST(NumbersTest, ParseInt64AcceptsCanonicalIntegers) {
  EXPECT_EQ(int64_or_error("0"), "0");
  EXPECT_EQ(int64_or_error("7"), "7");
  EXPECT_EQ(int64_or_error("-7"), "-7");
  EXPECT_EQ(int64_or_error("9223372036854775807"), "9223372036854775807");
  EXPECT_EQ(int64_or_error("-9223372036854775808"), "-9223372036854775808");
}

TEST(NumbersTest, ParseInt64RejectsWhatString2llRejects) {
  for (std::string text : {""s,
                           "-"s,
                           "-0"s,
                           "+1"s,
                           " 1"s,
                           "1 "s,
                           "01"s,
                           "00"s,
                           "-01"s,
                           "1a"s,
                           "0x10"s,
                           "1.0"s,
                           "1e3"s,
                           "1\0"s,
                           "9223372036854775808"s,
                           "-9223372036854775809"s,
                           "18446744073709551616"s,
                           "99999999999999999999"s,
                           "-00000000000000000001"s,
                           "100000000000000000000"s}) {
    EXPECT_EQ(int64_or_error(text), "error") << testing::PrintToString(text);
  }
}

TEST(NumbersTest, ParseUint64) {
  uint64_t value = 0;
  ASSERT_TRUE(parse_uint64("18446744073709551615", &value));
  EXPECT_EQ(value, UINT64_MAX);
  ASSERT_TRUE(parse_uint64("0", &value));
  EXPECT_EQ(value, 0u);
  for (std::string text : {"18446744073709551616", "-1", "+1", "01", "", " 1", "1x"}) {
    EXPECT_FALSE(parse_uint64(text, &value)) << text;
  }
}

TEST(NumbersTest, ParseDoubleLikeString2d) {
  struct Case {
    std::string text;
    double value;
  };
  const double inf = std::numeric_limits<double>::infinity();
  for (const Case& c : std::initializer_list<Case>{{"1.5", 1.5},
                                                   {"-0", -0.0},
                                                   {".5", 0.5},
                                                   {"5.", 5.0},
                                                   {"1E2", 100.0},
                                                   {"00.1", 0.1},
                                                   {"0x10", 16.0},
                                                   {"inf", inf},
                                                   {"+inf", inf},
                                                   {"-inf", -inf},
                                                   {"infinity", inf},
                                                   {"1e-310", 1e-310}}) {
    double value = 0;
    ASSERT_TRUE(parse_double(c.text, &value)) << c.text;
    EXPECT_EQ(value, c.value) << c.text;
    EXPECT_EQ(std::signbit(value), std::signbit(c.value)) << c.text;
  }
  // ZADD accepts a long literal: string2d has no length limit.
  double value = 0;
  ASSERT_TRUE(parse_double("1." + std::string(6000, '0'), &value));
  EXPECT_EQ(value, 1.0);
}

TEST(NumbersTest, ParseDoubleRejects) {
  for (std::string text : {""s, "nan"s, "NaN"s, "-nan"s, " 1"s, "1 "s, "1e"s, "abc"s, "1.5x"s,
                           "1\0"s, "1e400"s, "-1e400"s, "1e-400"s}) {
    double value = 0;
    EXPECT_FALSE(parse_double(text, &value)) << testing::PrintToString(text);
  }
}

TEST(NumbersTest, ParseLongDoubleLikeString2ld) {
  long double value = 0;
  ASSERT_TRUE(parse_long_double("1e-400", &value));  // in long double's range
  EXPECT_GT(value, 0.0L);
  ASSERT_TRUE(parse_long_double("1e-4940", &value));  // denormal: accepted
  EXPECT_GT(value, 0.0L);
  ASSERT_TRUE(parse_long_double("inf", &value));
  EXPECT_TRUE(std::isinf(value));
  // Shorter than MAX_LONG_DOUBLE_CHARS (5120) only.
  ASSERT_TRUE(parse_long_double("1." + std::string(5117, '0'), &value));
  EXPECT_EQ(value, 1.0L);
  EXPECT_FALSE(parse_long_double("1." + std::string(5118, '0'), &value));
  for (std::string text : {""s, "nan"s, " 1"s, "1 "s, "1e"s, "1\0"s, "1e5000"s, "1e-5000"s}) {
    EXPECT_FALSE(parse_long_double(text, &value)) << testing::PrintToString(text);
  }
}

TEST(NumbersTest, FormatInt64) {
  EXPECT_EQ(format_int64(0), "0");
  EXPECT_EQ(format_int64(-42), "-42");
  EXPECT_EQ(format_int64(INT64_MIN), "-9223372036854775808");
  EXPECT_EQ(format_int64(INT64_MAX), "9223372036854775807");
}

TEST(NumbersTest, FormatDoubleAsPercent17g) {
  // Each right-hand side is what ZSCORE printed for that score.
  EXPECT_EQ(format_double(0.1), "0.10000000000000001");
  EXPECT_EQ(format_double(3.0), "3");
  EXPECT_EQ(format_double(1e15), "1000000000000000");
  EXPECT_EQ(format_double(1e16), "10000000000000000");
  EXPECT_EQ(format_double(123456789012345678.0), "1.2345678901234568e+17");
  EXPECT_EQ(format_double(1e21), "1e+21");
  EXPECT_EQ(format_double(-1.5e-7), "-1.4999999999999999e-07");
  EXPECT_EQ(format_double(1e-310), "9.9999999999999694e-311");
  EXPECT_EQ(format_double(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(format_double(-std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_EQ(format_double(-0.0), "-0");
  EXPECT_EQ(format_double(0.0), "0");
}

TEST(NumbersTest, FormatLongDoubleAsIncrbyfloat) {
  // Each right-hand side is what INCRBYFLOAT replied for that sum.
  EXPECT_EQ(format_long_double(0.1L + 0.2L), "0.3");
  EXPECT_EQ(format_long_double(3.0L + 1.1L), "4.1");
  EXPECT_EQ(format_long_double(10.5L - 0.5L), "10");
  EXPECT_EQ(format_long_double(-1.1L), "-1.1");
  EXPECT_EQ(format_long_double(5.0e3L), "5000");
  EXPECT_EQ(format_long_double(3.0e-5L), "0.00003");
  EXPECT_EQ(format_long_double(1e-17L), "0.00000000000000001");
  EXPECT_EQ(format_long_double(1.5e-20L), "0");
  EXPECT_EQ(format_long_double(-1e-18L), "0");  // "-0" prints as "0"
  EXPECT_EQ(format_long_double(-0.0L), "0");
  EXPECT_EQ(format_long_double(0.125L), "0.125");
  EXPECT_EQ(format_long_double(1e20L), "100000000000000000000");
  EXPECT_EQ(format_long_double(123456789.123456789L), "123456789.12345678899873747");
  EXPECT_EQ(format_long_double(1e300L),
            "1000000000000000000008997324079559193870523944273290747938260082321265646596180"
            "9357558491520837504971903503725086142748359035925561846729839130962605207486462"
            "8732713564184365329408425510760601678972665293237003055138294762099454029477278"
            "1889620606179267611627097410650567187386105690089424915104006144");
  EXPECT_EQ(format_long_double(std::numeric_limits<long double>::infinity()), "inf");
  EXPECT_EQ(format_long_double(-std::numeric_limits<long double>::infinity()), "-inf");
  // The largest long double still fits the formatting buffer.
  EXPECT_EQ(format_long_double(std::numeric_limits<long double>::max()).size(), 4933u);
}

// INCRBYFLOAT parses both operands with string2ld and prints the sum: the
// whole round trip as Redis does it.
TEST(NumbersTest, IncrbyfloatRoundTrip) {
  long double base = 0;
  long double increment = 0;
  ASSERT_TRUE(parse_long_double("0", &base));
  ASSERT_TRUE(parse_long_double("1.5e-20", &increment));
  EXPECT_EQ(format_long_double(base + increment), "0");
  ASSERT_TRUE(parse_long_double("1", &base));
  ASSERT_TRUE(parse_long_double("1e-4940", &increment));
  EXPECT_EQ(format_long_double(base + increment), "1");
  ASSERT_TRUE(parse_long_double("0x1p-3", &increment));
  EXPECT_EQ(format_long_double(increment), "0.125");
}

}  // namespace
}  // namespace ringkv
