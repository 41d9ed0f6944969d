// SCAN against the real server with two shards: a full iteration returns
// every key present throughout at least once, each call's work is bounded
// by COUNT, MATCH and TYPE filter, cursors survive shard boundaries,
// concurrent changes and made-up values. Error texts were checked against
// Redis 7.0's redis-server.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "test_client.h"

namespace ringkv::testing {
namespace {

class ScanTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ServerProcess({"--threads", "2"}); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static ServerProcess* server_;
};
ServerProcess* ScanTest::server_ = nullptr;

// Stores `keys` as strings, pipelined.
void set_all(TestClient& c, const std::vector<std::string>& keys) {
  constexpr size_t kBatch = 1000;
  for (size_t start = 0; start < keys.size(); start += kBatch) {
    size_t end = std::min(keys.size(), start + kBatch);
    for (size_t i = start; i < end; ++i) c.send_command({"SET", keys[i], "v"});
    for (size_t i = start; i < end; ++i) ASSERT_TRUE(c.read_reply().is_ok());
  }
}

std::vector<std::string> numbered(const std::string& prefix, int count) {
  std::vector<std::string> keys;
  for (int i = 0; i < count; ++i) keys.push_back(prefix + std::to_string(i));
  return keys;
}

struct Iteration {
  std::multiset<std::string> keys;  // every key returned, repeats included
  int calls = 0;
  size_t largest_page = 0;
  bool finished = false;  // reached cursor 0 within the call limit
};

// One SCAN call from `cursor`; returns the next cursor and adds the keys.
std::string scan_once(TestClient& c, const std::string& cursor,
                      const std::vector<std::string>& options, Iteration* out) {
  std::vector<std::string> command = {"SCAN", cursor};
  command.insert(command.end(), options.begin(), options.end());
  Reply reply = c.call(command);
  EXPECT_EQ(reply.type, Reply::kArray) << reply.debug();
  if (reply.type != Reply::kArray || reply.elements.size() != 2) return "0";
  EXPECT_EQ(reply.elements[0].type, Reply::kBulk);
  EXPECT_EQ(reply.elements[1].type, Reply::kArray);
  for (const Reply& key : reply.elements[1].elements) out->keys.insert(key.text);
  out->largest_page = std::max(out->largest_page, reply.elements[1].elements.size());
  ++out->calls;
  return reply.elements[0].text;
}

// A whole iteration, with `between` run after every call; at most
// `max_calls` calls so that a cursor bug cannot hang the test.
template <typename Between>
Iteration full_scan(TestClient& c, const std::vector<std::string>& options, int max_calls,
                    Between between) {
  Iteration result;
  std::string cursor = "0";
  do {
    cursor = scan_once(c, cursor, options, &result);
    between();
  } while (cursor != "0" && result.calls < max_calls);
  result.finished = cursor == "0";
  return result;
}

Iteration full_scan(TestClient& c, const std::vector<std::string>& options,
                    int max_calls = 100000) {
  return full_scan(c, options, max_calls, [] {});
}

std::set<std::string> distinct(const Iteration& iteration) {
  return {iteration.keys.begin(), iteration.keys.end()};
}

TEST_F(ScanTest, FullIterationReturnsEveryKeyOfBothShards) {
  TestClient c(server_->port());
  ASSERT_TRUE(c.call({"SELECT", "1"}).is_ok());
  std::vector<std::string> keys = numbered("key:", 10000);
  set_all(c, keys);
  std::set<std::string> expected(keys.begin(), keys.end());

  Iteration by_hundred = full_scan(c, {"COUNT", "100"});
  ASSERT_TRUE(by_hundred.finished);
  EXPECT_EQ(distinct(by_hundred), expected);
  EXPECT_LE(by_hundred.largest_page, 100u);
  // COUNT bounds the keys each call examines: about 10000 / 100 calls.
  EXPECT_LE(by_hundred.calls, 10000 / 100 + 2);

  Iteration by_default = full_scan(c, {});
  ASSERT_TRUE(by_default.finished);
  EXPECT_EQ(distinct(by_default), expected);
  EXPECT_LE(by_default.largest_page, 10u);
  EXPECT_GE(by_default.calls, 10000 / 10);

  Iteration at_once = full_scan(c, {"count", "100000"});
  EXPECT_EQ(at_once.calls, 1);
  EXPECT_EQ(distinct(at_once), expected);
}

TEST_F(ScanTest, MatchFiltersWhileCountStillBoundsEachCall) {
  TestClient c(server_->port());
  ASSERT_TRUE(c.call({"SELECT", "2"}).is_ok());
  set_all(c, numbered("user:", 3000));
  set_all(c, numbered("item:", 3000));

  std::set<std::string> users_from_1;  // user:1, user:1x, user:1xx, user:1xxx
  for (int i = 0; i < 3000; ++i) {
    std::string n = std::to_string(i);
    if (n[0] == '1') users_from_1.insert("user:" + n);
  }
  Iteration prefixed = full_scan(c, {"MATCH", "user:1*", "COUNT", "500"});
  ASSERT_TRUE(prefixed.finished);
  EXPECT_EQ(distinct(prefixed), users_from_1);
  EXPECT_LE(prefixed.largest_page, 500u);

  Iteration suffixed = full_scan(c, {"MATCH", "*:42", "COUNT", "500"});
  ASSERT_TRUE(suffixed.finished);
  EXPECT_EQ(distinct(suffixed), (std::set<std::string>{"item:42", "user:42"}));
  // Every key is examined once: 6000 keys at 500 a call.
  EXPECT_LE(suffixed.calls, 6000 / 500 + 2);

  Iteration classes = full_scan(c, {"MATCH", "[iu]*:299[5-9]", "COUNT", "1000"});
  EXPECT_EQ(distinct(classes).size(), 10u);

  Iteration none = full_scan(c, {"MATCH", "nomatch*"});
  ASSERT_TRUE(none.finished);
  EXPECT_TRUE(none.keys.empty());
  // The last MATCH wins, as in Redis.
  Iteration last = full_scan(c, {"MATCH", "nomatch", "MATCH", "user:2999", "COUNT", "10000"});
  EXPECT_EQ(distinct(last), (std::set<std::string>{"user:2999"}));
}

TEST_F(ScanTest, TypeFiltersByValueType) {
  TestClient c(server_->port());
  ASSERT_TRUE(c.call({"SELECT", "3"}).is_ok());
  std::vector<std::string> strings = numbered("s:", 50);
  set_all(c, strings);
  std::set<std::string> expected(strings.begin(), strings.end());
  EXPECT_EQ(distinct(full_scan(c, {"TYPE", "string", "COUNT", "7"})), expected);
  EXPECT_EQ(distinct(full_scan(c, {"TYPE", "STRING"})), expected);
  EXPECT_TRUE(full_scan(c, {"TYPE", "zset"}).keys.empty());
  EXPECT_TRUE(full_scan(c, {"TYPE", "nosuchtype"}).keys.empty());
  EXPECT_EQ(distinct(full_scan(c, {"TYPE", "string", "MATCH", "s:4?"})).size(), 10u);
  // With a collection beside the strings, when this build has hashes.
  if (c.call({"HSET", "h:1", "f", "v"}).type == Reply::kInteger) {
    EXPECT_EQ(distinct(full_scan(c, {"TYPE", "hash"})), (std::set<std::string>{"h:1"}));
    EXPECT_EQ(distinct(full_scan(c, {"TYPE", "string"})), expected);
  }
}

TEST_F(ScanTest, KeysPresentThroughoutSurviveConcurrentChanges) {
  TestClient c(server_->port());
  TestClient writer(server_->port());
  ASSERT_TRUE(c.call({"SELECT", "4"}).is_ok());
  ASSERT_TRUE(writer.call({"SELECT", "4"}).is_ok());
  std::vector<std::string> stable = numbered("stable:", 2000);
  set_all(c, stable);
  set_all(c, numbered("doomed:", 2000));
  int step = 0;
  Iteration iteration = full_scan(c, {"COUNT", "50"}, 100000, [&] {
    // Between calls: delete keys on both sides of the cursor, add new ones.
    for (int i = 0; i < 25; ++i, ++step) {
      writer.call({"DEL", "doomed:" + std::to_string(step)});
      writer.call({"SET", "added:" + std::to_string(step), "v"});
    }
  });
  ASSERT_TRUE(iteration.finished);
  std::set<std::string> seen = distinct(iteration);
  for (const std::string& key : stable) EXPECT_TRUE(seen.count(key)) << key;
  EXPECT_LE(iteration.largest_page, 50u);
}

TEST_F(ScanTest, ScanSeesOnlyItsDatabaseAndSkipsExpiredKeys) {
  TestClient c(server_->port());
  ASSERT_TRUE(c.call({"SELECT", "5"}).is_ok());
  EXPECT_EQ(c.call({"SCAN", "0"}).debug(), "[\"0\", []]");
  ASSERT_TRUE(c.call({"SET", "only-in-5", "v"}).is_ok());
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(c.call({"SET", "gone:" + std::to_string(i), "v", "PX", "1"}).is_ok());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(distinct(full_scan(c, {"COUNT", "3"})), (std::set<std::string>{"only-in-5"}));
  ASSERT_TRUE(c.call({"SELECT", "6"}).is_ok());
  EXPECT_EQ(c.call({"SCAN", "0", "COUNT", "1000"}).debug(), "[\"0\", []]");
}

TEST_F(ScanTest, MadeUpCursorsStillEndTheIteration) {
  TestClient c(server_->port());
  ASSERT_TRUE(c.call({"SELECT", "7"}).is_ok());
  std::vector<std::string> keys = numbered("k", 300);
  set_all(c, keys);
  for (const char* cursor : {"1", "2", "3", "12345", "987654321987", "18446744073709551615", "-1",
                             "+7", ""}) {
    Iteration iteration;
    std::string next = scan_once(c, cursor, {"COUNT", "20"}, &iteration);
    while (next != "0" && iteration.calls < 1000) {
      next = scan_once(c, next, {"COUNT", "20"}, &iteration);
    }
    EXPECT_EQ(next, "0") << "from cursor '" << cursor << "'";
    for (const std::string& key : iteration.keys) EXPECT_TRUE(key[0] == 'k') << key;
  }
  // A cursor may be used again: the same keys come back.
  Reply first = c.call({"SCAN", "0", "COUNT", "30"});
  ASSERT_EQ(first.elements.size(), 2u);
  std::string cursor = first.elements[0].text;
  Reply again = c.call({"SCAN", cursor, "COUNT", "30"});
  Reply once_more = c.call({"SCAN", cursor, "COUNT", "30"});
  ASSERT_EQ(again.elements.size(), 2u);
  ASSERT_EQ(once_more.elements.size(), 2u);
  EXPECT_EQ(once_more.elements[1].debug(), again.elements[1].debug());
  EXPECT_EQ(again.elements[1].elements.size(), 30u);
}

TEST_F(ScanTest, BadArgumentsGetRedisErrors) {
  TestClient c(server_->port());
  for (const char* cursor : {"x", " 1", "1x", "18446744073709551616", "1.5"}) {
    EXPECT_EQ(c.call({"SCAN", cursor}).debug(), "-ERR invalid cursor") << cursor;
  }
  // The cursor is checked before the options.
  EXPECT_EQ(c.call({"SCAN", "x", "COUNT", "0"}).debug(), "-ERR invalid cursor");
  EXPECT_EQ(c.call({"SCAN", "0", "COUNT", "0"}).debug(), "-ERR syntax error");
  EXPECT_EQ(c.call({"SCAN", "0", "COUNT", "-1"}).debug(), "-ERR syntax error");
  EXPECT_EQ(c.call({"SCAN", "0", "COUNT", "x"}).debug(),
            "-ERR value is not an integer or out of range");
  EXPECT_EQ(c.call({"SCAN", "0", "COUNT"}).debug(), "-ERR syntax error");
  EXPECT_EQ(c.call({"SCAN", "0", "MATCH"}).debug(), "-ERR syntax error");
  EXPECT_EQ(c.call({"SCAN", "0", "TYPE"}).debug(), "-ERR syntax error");
  EXPECT_EQ(c.call({"SCAN", "0", "foo", "bar"}).debug(), "-ERR syntax error");
  EXPECT_EQ(c.call({"SCAN", "0", "COUNT", "10", "MATCH"}).debug(), "-ERR syntax error");
  EXPECT_EQ(c.call({"SCAN"}).debug(), "-ERR wrong number of arguments for 'scan' command");
}

TEST_F(ScanTest, Resp3ReplyIsACursorAndAnArray) {
  TestClient c(server_->port());
  ASSERT_EQ(c.call({"HELLO", "3"}).type, Reply::kMap);
  ASSERT_TRUE(c.call({"SELECT", "8"}).is_ok());
  ASSERT_TRUE(c.call({"SET", "r3", "v"}).is_ok());
  EXPECT_EQ(c.call({"SCAN", "0"}).debug(), "[\"0\", [\"r3\"]]");
}

}  // namespace
}  // namespace ringkv::testing
