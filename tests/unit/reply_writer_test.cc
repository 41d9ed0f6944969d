// ReplyWriter: the RESP2 and RESP3 bytes of every reply kind, as redis-server
// 7.0 sends them (checked with ZSCORE, GET, HGETALL, SMEMBERS, BLPOP...
// before and after HELLO 3).
#include "resp/reply_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>

namespace ringkv::resp {
namespace {

// The bytes `write` produces under `protocol`.
std::string encode(int protocol, const std::function<void(ReplyWriter&)>& write) {
  std::string out;
  ReplyWriter writer(&out, protocol);
  write(writer);
  return out;
}

// Expects the RESP2 and RESP3 encodings of one reply.
void expect_encodings(const std::function<void(ReplyWriter&)>& write, const std::string& resp2,
                      const std::string& resp3) {
  EXPECT_EQ(encode(2, write), resp2);
  EXPECT_EQ(encode(3, write), resp3);
}

TEST(ReplyWriterTest, SameInBothProtocols) {
  expect_encodings([](ReplyWriter& w) { w.ok(); }, "+OK\r\n", "+OK\r\n");
  expect_encodings([](ReplyWriter& w) { w.simple("PONG"); }, "+PONG\r\n", "+PONG\r\n");
  expect_encodings([](ReplyWriter& w) { w.error("ERR syntax error"); }, "-ERR syntax error\r\n",
                   "-ERR syntax error\r\n");
  expect_encodings([](ReplyWriter& w) { w.integer(-42); }, ":-42\r\n", ":-42\r\n");
  expect_encodings([](ReplyWriter& w) { w.integer(INT64_MIN); }, ":-9223372036854775808\r\n",
                   ":-9223372036854775808\r\n");
  expect_encodings([](ReplyWriter& w) { w.bulk("a\r\nb"); }, "$4\r\na\r\nb\r\n",
                   "$4\r\na\r\nb\r\n");
  expect_encodings([](ReplyWriter& w) { w.bulk(""); }, "$0\r\n\r\n", "$0\r\n\r\n");
  expect_encodings([](ReplyWriter& w) { w.array(0); }, "*0\r\n", "*0\r\n");
  expect_encodings(
      [](ReplyWriter& w) {
        w.array(2);
        w.integer(1);
        w.bulk("x");
      },
      "*2\r\n:1\r\n$1\r\nx\r\n", "*2\r\n:1\r\n$1\r\nx\r\n");
}

TEST(ReplyWriterTest, NullsDifferByProtocol) {
  // GET of a missing key; BLPOP timing out.
  expect_encodings([](ReplyWriter& w) { w.null(); }, "$-1\r\n", "_\r\n");
  expect_encodings([](ReplyWriter& w) { w.null_array(); }, "*-1\r\n", "_\r\n");
}

TEST(ReplyWriterTest, MapsAndSets) {
  // HGETALL h (f → v) and SMEMBERS s ({m}).
  auto map = [](ReplyWriter& w) {
    w.map(1);
    w.bulk("f");
    w.bulk("v");
  };
  expect_encodings(map, "*2\r\n$1\r\nf\r\n$1\r\nv\r\n", "%1\r\n$1\r\nf\r\n$1\r\nv\r\n");
  auto set = [](ReplyWriter& w) {
    w.set(1);
    w.bulk("m");
  };
  expect_encodings(set, "*1\r\n$1\r\nm\r\n", "~1\r\n$1\r\nm\r\n");
  expect_encodings([](ReplyWriter& w) { w.map(0); }, "*0\r\n", "%0\r\n");
}

TEST(ReplyWriterTest, Doubles) {
  // ZSCORE of 3.5, -inf and 0.1.
  expect_encodings([](ReplyWriter& w) { w.double_value(3.5); }, "$3\r\n3.5\r\n", ",3.5\r\n");
  expect_encodings([](ReplyWriter& w) { w.double_value(0.1); }, "$19\r\n0.10000000000000001\r\n",
                   ",0.10000000000000001\r\n");
  const double inf = std::numeric_limits<double>::infinity();
  expect_encodings([&](ReplyWriter& w) { w.double_value(inf); }, "$3\r\ninf\r\n", ",inf\r\n");
  expect_encodings([&](ReplyWriter& w) { w.double_value(-inf); }, "$4\r\n-inf\r\n", ",-inf\r\n");
  expect_encodings([](ReplyWriter& w) { w.double_value(1e21); }, "$5\r\n1e+21\r\n", ",1e+21\r\n");
  expect_encodings([](ReplyWriter& w) { w.double_value(-0.0); }, "$2\r\n-0\r\n", ",-0\r\n");
  // Redis 7.0 prints NaN with plain "%.17g" too (libc's "nan"/"-nan").
  const double nan = std::numeric_limits<double>::quiet_NaN();
  expect_encodings([&](ReplyWriter& w) { w.double_value(std::copysign(nan, 1.0)); },
                   "$3\r\nnan\r\n", ",nan\r\n");
  expect_encodings([&](ReplyWriter& w) { w.double_value(std::copysign(nan, -1.0)); },
                   "$4\r\n-nan\r\n", ",-nan\r\n");
}

TEST(ReplyWriterTest, BooleansAndVerbatim) {
  expect_encodings([](ReplyWriter& w) { w.boolean(true); }, ":1\r\n", "#t\r\n");
  expect_encodings([](ReplyWriter& w) { w.boolean(false); }, ":0\r\n", "#f\r\n");
  expect_encodings([](ReplyWriter& w) { w.verbatim("a\nb"); }, "$3\r\na\nb\r\n",
                   "=7\r\ntxt:a\nb\r\n");
}

TEST(ReplyWriterTest, ErrorTextCannotBreakFraming) {
  // Redis's addReplyErrorFormat turns CR and LF into spaces, e.g. for
  // "Protocol error: expected '$', got '\r'".
  expect_encodings([](ReplyWriter& w) { w.error("ERR a\r\nb\rc\nd"); }, "-ERR a  b c d\r\n",
                   "-ERR a  b c d\r\n");
}

TEST(ReplyWriterTest, AppendsToTheCallersBuffer) {
  std::string out = "prefix";
  ReplyWriter writer(&out, 3);
  EXPECT_EQ(writer.protocol(), 3);
  EXPECT_EQ(writer.buffer(), &out);
  writer.integer(7);
  writer.null();
  EXPECT_EQ(out, "prefix:7\r\n_\r\n");
}

TEST(ReplyWriterTest, ErrorConstantsAreRedisTexts) {
  EXPECT_EQ(kErrSyntax, "ERR syntax error");
  EXPECT_EQ(kErrNotInteger, "ERR value is not an integer or out of range");
  EXPECT_EQ(kErrNotFloat, "ERR value is not a valid float");
  EXPECT_EQ(kErrWrongType, "WRONGTYPE Operation against a key holding the wrong kind of value");
  EXPECT_EQ(kErrNoSuchKey, "ERR no such key");
  EXPECT_EQ(kErrOverflow, "ERR increment or decrement would overflow");
}

}  // namespace
}  // namespace ringkv::resp
