// RequestParser: multibulk and inline requests, pipelines, requests split at
// every byte boundary, and Redis 7.0's exact protocol errors. Every expected
// reply here was checked against redis-server 7.0 fed the same raw bytes.
#include "resp/request_parser.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace ringkv::resp {
namespace {

using namespace std::string_literals;  // "...\0..."s keeps embedded NULs

// What a connection sees from one byte stream: the requests, in order, then
// either an error text or the fact that it is still waiting for bytes.
struct Outcome {
  std::vector<std::vector<std::string>> requests;
  std::string error;     // empty: no protocol error
  bool waiting = false;  // bytes remained that form no complete request yet

  bool operator==(const Outcome&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Outcome& outcome) {
  out << outcome.requests.size() << " requests";
  for (const auto& request : outcome.requests) {
    out << " [";
    for (const auto& arg : request) out << '"' << arg << "\" ";
    out << "]";
  }
  return out << " error=\"" << outcome.error << "\" waiting=" << outcome.waiting;
}

// Feeds `stream` to a parser in the given pieces the way the server loop
// does: bytes accumulate in a buffer, parse() runs from the first
// unconsumed byte, and (when `use_hint`) is skipped while fewer bytes than
// bytes_needed_hint() are there. Empty requests ("*0", blank lines) are
// skipped like the loop skips them.
Outcome feed(std::string_view stream, const std::vector<size_t>& piece_ends, bool use_hint,
             ParseLimits limits = {}, bool unauthenticated = false) {
  RequestParser parser(limits);
  parser.set_unauthenticated(unauthenticated);
  Outcome outcome;
  std::string buffer;
  size_t arrived = 0;
  std::vector<std::string_view> args;
  for (size_t end : piece_ends) {
    buffer.append(stream.substr(arrived, end - arrived));
    arrived = end;
    size_t offset = 0;
    while (offset < buffer.size()) {
      if (use_hint && parser.bytes_needed_hint() > buffer.size() - offset) break;
      ParseStatus status = parser.parse(std::string_view(buffer).substr(offset), args);
      if (status == ParseStatus::kNeedMore) break;
      if (status == ParseStatus::kError) {
        outcome.error = parser.error();
        return outcome;
      }
      EXPECT_GT(parser.consumed(), 0u);
      if (!args.empty()) outcome.requests.emplace_back(args.begin(), args.end());
      offset += parser.consumed();
    }
    buffer.erase(0, offset);
  }
  outcome.waiting = !buffer.empty();
  return outcome;
}

Outcome feed_whole(std::string_view stream) { return feed(stream, {stream.size()}, true); }

// Parses `stream` split at every byte boundary, in random multi-piece splits
// and byte by byte, with and without the size hint; all must agree with
// parsing it whole.
void expect_split_invariant(std::string_view stream) {
  Outcome whole = feed_whole(stream);
  for (bool use_hint : {true, false}) {
    for (size_t cut = 0; cut <= stream.size(); ++cut) {
      ASSERT_EQ(feed(stream, {cut, stream.size()}, use_hint), whole)
          << "cut at " << cut << " of " << testing::PrintToString(std::string(stream));
    }
    std::vector<size_t> bytewise;
    for (size_t i = 1; i <= stream.size(); ++i) bytewise.push_back(i);
    ASSERT_EQ(feed(stream, bytewise, use_hint), whole) << "byte by byte";
  }
  std::mt19937_64 random(stream.size());
  for (int round = 0; round < 20; ++round) {
    std::vector<size_t> ends;
    for (size_t at = 0; at < stream.size();) {
      at += 1 + random() % 7;
      ends.push_back(std::min(at, stream.size()));
    }
    ASSERT_EQ(feed(stream, ends, round % 2 == 0), whole) << "random pieces, round " << round;
  }
}

Outcome requests(std::vector<std::vector<std::string>> list) { return Outcome{list, "", false}; }
Outcome error(std::string text) { return Outcome{{}, std::move(text), false}; }
Outcome waiting() { return Outcome{{}, "", true}; }

std::string multibulk(const std::vector<std::string>& args) {
  std::string wire = "*" + std::to_string(args.size()) + "\r\n";
  for (const auto& arg : args) wire += "$" + std::to_string(arg.size()) + "\r\n" + arg + "\r\n";
  return wire;
}

TEST(RequestParserTest, MultibulkRequests) {
  EXPECT_EQ(feed_whole(multibulk({"SET", "k", "hello"})), requests({{"SET", "k", "hello"}}));
  std::string binary = "a\r\n\0b\n*$"s;
  EXPECT_EQ(feed_whole(multibulk({"ECHO", binary})), requests({{"ECHO", binary}}));
  EXPECT_EQ(feed_whole(multibulk({"ECHO", ""})), requests({{"ECHO", ""}}));
  // "*0" and "*-1" are empty requests: skipped, and the next one parses.
  EXPECT_EQ(feed_whole("*0\r\n*-1\r\n*-5\r\n" + multibulk({"PING"})), requests({{"PING"}}));
}

TEST(RequestParserTest, ArgumentsAreViewsOfTheInput) {
  RequestParser parser;
  std::string wire = multibulk({"GET", "key"}) + "PING\r\n";
  std::vector<std::string_view> args;
  ASSERT_EQ(parser.parse(wire, args), ParseStatus::kComplete);
  ASSERT_EQ(args.size(), 2u);
  EXPECT_EQ(args[1].data(), wire.data() + wire.find("key"));
  EXPECT_EQ(parser.consumed(), wire.find("PING"));
}

TEST(RequestParserTest, RedisSkipsTheByteAfterCarriageReturnUnread) {
  // redis-server replies +PONG to each of these.
  EXPECT_EQ(feed_whole("*1\rX$4\r\nPING\r\n"), requests({{"PING"}}));
  EXPECT_EQ(feed_whole("*1\r\n$4\rXPING\r\n"), requests({{"PING"}}));
  EXPECT_EQ(feed_whole("*1\r\n$4\r\nPINGxx"), requests({{"PING"}}));
  // A line ends at '\r', so "*1\n..." reads the count "1\n$4".
  EXPECT_EQ(feed_whole("*1\n$4\r\nPING\r\n"),
            error("ERR Protocol error: invalid multibulk length"));
}

TEST(RequestParserTest, InlineCommandsSplitLikeSdssplitargs) {
  struct Case {
    std::string line;
    std::vector<std::string> args;
  };
  const std::vector<Case> cases = {
      {"PING\r\n", {"PING"}},
      {"PING\n", {"PING"}},
      {"ECHO \"a b\"\r\n", {"ECHO", "a b"}},
      {"SET k 'x y'\n", {"SET", "k", "x y"}},
      {"ECHO \"\\x41\\x4g\\n\"\r\n", {"ECHO", "Ax4g\n"}},
      {"ECHO 'it\\'s'\r\n", {"ECHO", "it's"}},
      {"ECHO \"q\\\"x\"\r\n", {"ECHO", "q\"x"}},
      {"ECHO \"\\\\\"\r\n", {"ECHO", "\\"}},
      {"ECHO \"\\t\\r\\b\\a\\z\"\r\n", {"ECHO", "\t\r\b\az"}},
      {"ECHO 'a\\nb'\r\n", {"ECHO", "a\\nb"}},
      {"ECHO \"\\x4\"\r\n", {"ECHO", "x4"}},
      {"ECHO \"\\xFFz\"\r\n",
       {"ECHO",
        "\xff"
        "z"}},
      {"ECHO a\"b\"\r\n", {"ECHO", "ab"}},
      {"ECHO a'b'\r\n", {"ECHO", "ab"}},
      {"ECHO \"\"\r\n", {"ECHO", ""}},
      {"ECHO \"a\"\tb\r\n", {"ECHO", "a", "b"}},
      {"ECHO \"a\"\vb\r\n", {"ECHO", "a", "b"}},  // isspace ends a quote...
      {"ECHO a\vb\r\n", {"ECHO", "a\vb"}},        // ...but not a bare word
      {"ECHO \v x\r\n", {"ECHO", "x"}},
      {"ECHO\tx\r\n", {"ECHO", "x"}},
      {"ECHO \"a\" \r\n", {"ECHO", "a"}},
      {"ECHO x\rY\n", {"ECHO", "x", "Y"}},  // only the '\r' before '\n' is the line end
  };
  for (const Case& c : cases) {
    EXPECT_EQ(feed_whole(c.line), requests({c.args})) << testing::PrintToString(c.line);
  }
  // Blank lines are empty requests, skipped.
  EXPECT_EQ(feed_whole("   \r\n\r\n\nPING\r\n"), requests({{"PING"}}));
}

TEST(RequestParserTest, UnbalancedQuotes) {
  for (std::string line : {"ECHO \"a\r\n", "ECHO a'b\r\n", "ECHO ''x\r\n", "ECHO \"abc\\\"\r\n",
                           "ECHO 'a\\\\'\r\n", "ECHO \"a\"b\r\n", "ECHO 'a'b\r\n"}) {
    EXPECT_EQ(feed_whole(line), error("ERR Protocol error: unbalanced quotes in request")) << line;
  }
}

TEST(RequestParserTest, MultibulkErrors) {
  const std::string kMultibulk = "ERR Protocol error: invalid multibulk length";
  const std::string kBulk = "ERR Protocol error: invalid bulk length";
  for (std::string count :
       {"x", "-0", "+1", "01", "", " 1", "1 ", "2147483648", "99999999999999999999999"}) {
    EXPECT_EQ(feed_whole("*" + count + "\r\n"), error(kMultibulk)) << count;
  }
  for (std::string length : {"x", "-1", "+4", "01", " 1", "", "536870913", "9223372036854775808"}) {
    EXPECT_EQ(feed_whole("*1\r\n$" + length + "\r\n"), error(kBulk)) << length;
  }
  EXPECT_EQ(feed_whole("*1\r\nx\r\n"), error("ERR Protocol error: expected '$', got 'x'"));
  EXPECT_EQ(feed_whole("*1\r\n*1\r\n"), error("ERR Protocol error: expected '$', got '*'"));
  // The second argument's header is wrong after a good first one.
  EXPECT_EQ(feed_whole("*2\r\n$4\r\nECHO\r\n:1\r\n"),
            error("ERR Protocol error: expected '$', got ':'"));
}

TEST(RequestParserTest, IncompleteRequestsWait) {
  // Redis checks the '$' only once the header line is complete.
  EXPECT_EQ(feed_whole("*1\r\nx"), waiting());
  EXPECT_EQ(feed_whole("*1\r"), waiting());
  EXPECT_EQ(feed_whole("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870912\r\n"), waiting());
  EXPECT_EQ(feed_whole("*2147483647\r\n$4\r\nPING\r\n"), waiting());
  EXPECT_EQ(feed_whole("PING"), waiting());
}

TEST(RequestParserTest, NulBeforeTheLineEndHidesItLikeStrchr) {
  // redis-server finds line ends with strchr, so it sends nothing back here.
  EXPECT_EQ(feed_whole("ECHO a\0b\r\nPING\r\n"s), waiting());
  EXPECT_EQ(feed_whole("ECHO \"a\0b\"\r\n"s), waiting());
  EXPECT_EQ(feed_whole("*1\0\r\n$4\r\nPING\r\n"s), waiting());
  EXPECT_EQ(feed_whole("*1\r\n$4\0\r\nPING\r\n"s), waiting());
  // ...until the buffered bytes pass the inline limit.
  EXPECT_EQ(feed_whole("ECHO \0"s + std::string(65536, 'x') + "\r\n"),
            error("ERR Protocol error: too big inline request"));
}

TEST(RequestParserTest, SizeLimits) {
  EXPECT_EQ(feed_whole(std::string(65536, 'P')), waiting());
  EXPECT_EQ(feed_whole(std::string(65537, 'P')),
            error("ERR Protocol error: too big inline request"));
  EXPECT_EQ(feed_whole("*" + std::string(70000, '1')),
            error("ERR Protocol error: too big mbulk count string"));
  EXPECT_EQ(feed_whole("*1\r\n$" + std::string(70000, '1')),
            error("ERR Protocol error: too big bulk count string"));
  // A long inline line that does end is fine.
  std::string long_value(60000, 'v');
  EXPECT_EQ(feed_whole("SET k " + long_value + "\r\n"), requests({{"SET", "k", long_value}}));
}

TEST(RequestParserTest, ConfiguredLimits) {
  ParseLimits limits;
  limits.max_bulk_len = 10;
  limits.max_multibulk_len = 3;
  std::string stream = multibulk({"SET", "k", "0123456789"});
  EXPECT_EQ(feed(stream, {stream.size()}, true, limits), requests({{"SET", "k", "0123456789"}}));
  stream = multibulk({"SET", "k", "01234567890"});
  EXPECT_EQ(feed(stream, {stream.size()}, true, limits),
            error("ERR Protocol error: invalid bulk length"));
  stream = multibulk({"MSET", "a", "b", "c", "d"});
  EXPECT_EQ(feed(stream, {stream.size()}, true, limits),
            error("ERR Protocol error: invalid multibulk length"));
}

TEST(RequestParserTest, UnauthenticatedLimits) {
  auto unauthenticated = [](std::string stream) {
    return feed(stream, {stream.size()}, true, {}, true);
  };
  EXPECT_EQ(unauthenticated("*10\r\n"), waiting());
  EXPECT_EQ(unauthenticated("*11\r\n"),
            error("ERR Protocol error: unauthenticated multibulk length"));
  EXPECT_EQ(unauthenticated("*1\r\n$16384\r\n"), waiting());
  EXPECT_EQ(unauthenticated("*1\r\n$16385\r\n"),
            error("ERR Protocol error: unauthenticated bulk length"));
  // Once authenticated the same request is fine.
  EXPECT_EQ(feed_whole("*11\r\n"), waiting());
}

TEST(RequestParserTest, ParserIsReusableAfterAnError) {
  RequestParser parser;
  std::vector<std::string_view> args;
  ASSERT_EQ(parser.parse("*1\r\n$x\r\n", args), ParseStatus::kError);
  std::string wire = multibulk({"PING"});
  ASSERT_EQ(parser.parse(wire, args), ParseStatus::kComplete);
  ASSERT_EQ(args.size(), 1u);
  EXPECT_EQ(args[0], "PING");
}

// A corpus of good, bad and unfinished streams: each must parse the same
// whatever the piece boundaries.
TEST(RequestParserTest, EveryByteBoundaryGivesTheSameResult) {
  const std::vector<std::string> corpus = {
      multibulk({"SET", "k", "hello"}),
      multibulk({"ECHO", "a\r\n\0b\n"s}) + "PING\r\n" + multibulk({"GET", ""}),
      "ECHO \"a b\" 'c\\'d' \"\\x41\"\r\nPING\nSET x y\r\n",
      "*0\r\n*-1\r\n  \r\n" + multibulk({"PING"}),
      "*1\rX$4\r\nPING\r\n*1\r\n$4\rXPING\r\n",
      multibulk({"PING"}) + "*1\r\n$x\r\n" + multibulk({"PING"}),
      multibulk({"PING"}) + "ECHO \"a\r\n",
      multibulk({"PING"}) + "*2\r\n$4\r\nECHO\r\n:1\r\n",
      multibulk({"SET", "k", std::string(300, 'v')}) + "*3\r\n$3\r\nSET",
      "PING\r\nECHO a\0b\r\n"s,
  };
  for (const auto& stream : corpus) expect_split_invariant(stream);
}

TEST(RequestParserTest, LongPipelineInOneBuffer) {
  std::mt19937_64 random(42);
  std::string stream;
  std::vector<std::vector<std::string>> expected;
  for (int i = 0; i < 2000; ++i) {
    std::vector<std::string> request = {
        "SET", "key:" + std::to_string(i),
        std::string(random() % 40, static_cast<char>('a' + i % 26))};
    if (i % 3 == 0) {
      stream += request[0] + " " + request[1] + " \"" + request[2] + "\"\r\n";
    } else {
      stream += multibulk(request);
    }
    expected.push_back(std::move(request));
  }
  EXPECT_EQ(feed_whole(stream), requests(expected));
  // And arriving in random pieces, like TCP segments.
  std::vector<size_t> ends;
  for (size_t at = 0; at < stream.size();) {
    at += 1 + random() % 1500;
    ends.push_back(std::min(at, stream.size()));
  }
  EXPECT_EQ(feed(stream, ends, true), requests(expected));
}

}  // namespace
}  // namespace ringkv::resp
