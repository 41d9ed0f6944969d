// COMMAND, COMMAND COUNT/LIST/INFO/DOCS/GETKEYS/GETKEYSANDFLAGS/HELP against
// the real server. Every command ringkv has must be described exactly as
// redis-server 7.0 describes it (compared live with a RedisReference, in
// RESP2 and RESP3); the remaining cases were checked against redis-server.
#include <gtest/gtest.h>

#include <set>

#include "redis_reference.h"
#include "test_client.h"

namespace ringkv::testing {
namespace {

class CommandDocsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ServerProcess({"--threads", "2"}); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static ServerProcess* server_;
};
ServerProcess* CommandDocsTest::server_ = nullptr;

std::vector<std::string> command_names(TestClient& client) {
  std::vector<std::string> names;
  for (const Reply& name : client.call({"COMMAND", "LIST"}).elements) names.push_back(name.text);
  return names;
}

// A container's subcommands are the ones ringkv implements, listed in its
// table's order (Redis's come in hash order): compare them one by one, and
// the container without them.
Reply without_subcommands(Reply reply, bool docs) {
  if (reply.elements.empty()) return reply;
  Reply& entry = docs ? reply.elements.back() : reply.elements.front();
  if (!docs && entry.elements.size() == 10) entry.elements.pop_back();
  if (docs && entry.elements.size() >= 2 &&
      entry.elements[entry.elements.size() - 2].text == "subcommands") {
    entry.elements.resize(entry.elements.size() - 2);
  }
  return reply;
}

TEST_F(CommandDocsTest, EveryCommandIsDescribedAsRedisDescribesIt) {
  if (!RedisReference::available()) GTEST_SKIP() << "no redis-server";
  RedisReference redis;
  for (int protocol : {2, 3}) {
    TestClient ours(server_->port()), theirs(redis.port());
    if (protocol == 3) {
      ASSERT_EQ(ours.call({"HELLO", "3"}).type, Reply::kMap);
      ASSERT_EQ(theirs.call({"HELLO", "3"}).type, Reply::kMap);
    }
    std::vector<std::string> names = command_names(ours);
    ASSERT_GT(names.size(), 50u);
    for (const std::string& name : names) {
      for (std::string sub : {"INFO", "DOCS"}) {
        Reply mine = ours.call({"COMMAND", sub, name});
        Reply reference = theirs.call({"COMMAND", sub, name});
        bool container =
            name.find('|') == std::string::npos &&
            !ours.call({"COMMAND", "LIST", "FILTERBY", "PATTERN", name + "|*"}).elements.empty();
        if (container) {
          mine = without_subcommands(mine, sub == "DOCS");
          reference = without_subcommands(reference, sub == "DOCS");
        }
        EXPECT_EQ(mine.debug(), reference.debug())
            << "COMMAND " << sub << " " << name << " (RESP" << protocol << ")";
      }
    }
  }
}

TEST_F(CommandDocsTest, CountListAndCommandAgree) {
  TestClient client(server_->port());
  Reply count = client.call({"COMMAND", "COUNT"});
  ASSERT_EQ(count.type, Reply::kInteger);
  Reply all = client.call({"COMMAND"});
  ASSERT_EQ(all.type, Reply::kArray);
  EXPECT_EQ(static_cast<int64_t>(all.elements.size()), count.integer);
  EXPECT_EQ(client.call({"COMMAND", "INFO"}).elements.size(), all.elements.size());
  std::vector<std::string> names = command_names(client);
  std::set<std::string> top;
  for (const std::string& name : names) {
    if (name.find('|') == std::string::npos) top.insert(name);
  }
  EXPECT_EQ(static_cast<int64_t>(top.size()), count.integer);
  EXPECT_TRUE(top.count("get") && top.count("info") && top.count("client") && top.count("command"));
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).count("config|get"), 1u);
  Reply docs = client.call({"COMMAND", "DOCS"});
  EXPECT_EQ(static_cast<int64_t>(docs.elements.size()), 2 * count.integer);
  EXPECT_EQ(client.call({"COMMAND", "COUNT", "x"}).debug(),
            "-ERR wrong number of arguments for 'command|count' command");
  EXPECT_EQ(client.call({"COMMAND", "FOO"}).debug(),
            "-ERR unknown subcommand 'FOO'. Try COMMAND HELP.");
}

TEST_F(CommandDocsTest, InfoAndDocsOfUnknownNames) {
  TestClient client(server_->port());
  EXPECT_EQ(client.call({"COMMAND", "INFO", "nosuch", "get|x", "config|nosuch"}).debug(),
            "[(nil), (nil), (nil)]");
  Reply info = client.call({"COMMAND", "INFO", "CONFIG|GET", "Get"});
  ASSERT_EQ(info.elements.size(), 2u);
  EXPECT_EQ(info.elements[0].elements[0].debug(), "\"config|get\"");
  EXPECT_EQ(info.elements[1].elements[0].debug(), "\"get\"");
  EXPECT_EQ(client.call({"COMMAND", "DOCS", "nosuch"}).debug(), "[]");
  Reply docs = client.call({"COMMAND", "DOCS", "nosuch", "get"});
  ASSERT_EQ(docs.elements.size(), 2u);
  EXPECT_EQ(docs.elements[0].debug(), "\"get\"");
  ASSERT_EQ(client.call({"HELLO", "3"}).type, Reply::kMap);
  EXPECT_EQ(client.call({"COMMAND", "INFO", "nosuch"}).debug(), "[(nil)]");
  EXPECT_EQ(client.call({"COMMAND", "DOCS", "get"}).debug(),
            "%{\"get\", %{\"summary\", \"Get the value of a key\", \"since\", \"1.0.0\", "
            "\"group\", \"string\", \"complexity\", \"O(1)\", \"arguments\", [%{\"name\", "
            "\"key\", \"type\", \"key\", \"key_spec_index\", :0}]}}");
}

TEST_F(CommandDocsTest, ListFilters) {
  TestClient client(server_->port());
  // Patterns match full names, ignoring case.
  std::vector<std::string> expected;
  for (const std::string& name : command_names(client)) {
    if (name.rfind("conf", 0) == 0) expected.push_back(name);
  }
  EXPECT_GE(expected.size(), 4u);
  std::vector<std::string> matched;
  for (const Reply& name :
       client.call({"COMMAND", "LIST", "FILTERBY", "pattern", "CONF*"}).elements) {
    matched.push_back(name.text);
  }
  EXPECT_EQ(matched, expected);
  EXPECT_EQ(client.call({"COMMAND", "LIST", "FILTERBY", "PATTERN", "CONFIG|G*"}).debug(),
            "[\"config|get\"]");
  Reply hll = client.call({"COMMAND", "LIST", "FILTERBY", "ACLCAT", "Hyperloglog"});
  std::set<std::string> hll_names;
  for (const Reply& name : hll.elements) hll_names.insert(name.text);
  EXPECT_TRUE(hll_names.count("pfadd") && hll_names.count("pfcount") && hll_names.count("pfmerge"));
  EXPECT_EQ(hll_names.count("get"), 0u);
  Reply fast = client.call({"COMMAND", "LIST", "FILTERBY", "aclcat", "fast"});
  std::set<std::string> fast_names;
  for (const Reply& name : fast.elements) fast_names.insert(name.text);
  EXPECT_TRUE(fast_names.count("get") && fast_names.count("ping"));
  EXPECT_EQ(fast_names.count("keys"), 0u);
  EXPECT_EQ(client.call({"COMMAND", "LIST", "FILTERBY", "aclcat", "nosuch"}).debug(), "[]");
  EXPECT_EQ(client.call({"COMMAND", "LIST", "FILTERBY", "MODULE", "x"}).debug(), "[]");
  for (auto bad :
       {args({"COMMAND", "LIST", "FILTERBY", "foo", "x"}),
        args({"COMMAND", "LIST", "FILTERBY", "aclcat"}), args({"COMMAND", "LIST", "x"}),
        args({"COMMAND", "LIST", "FILTERBY", "pattern", "x", "FILTERBY", "pattern", "y"})}) {
    EXPECT_EQ(client.call(bad).debug(), "-ERR syntax error");
  }
}

TEST_F(CommandDocsTest, GetkeysFindsKeysAndRedisErrors) {
  TestClient client(server_->port());
  EXPECT_EQ(client.call({"COMMAND", "GETKEYS", "get", "k"}).debug(), "[\"k\"]");
  EXPECT_EQ(client.call({"COMMAND", "GETKEYS", "MSET", "a", "1", "b", "2"}).debug(),
            "[\"a\", \"b\"]");
  EXPECT_EQ(client.call({"COMMAND", "GETKEYS", "set", "k", "v", "EX", "10"}).debug(), "[\"k\"]");
  EXPECT_EQ(client.call({"COMMAND", "GETKEYS", "object", "encoding", "k"}).debug(), "[\"k\"]");
  EXPECT_EQ(client.call({"COMMAND", "GETKEYS", "get"}).debug(),
            "-ERR wrong number of arguments for 'command|getkeys' command");
  EXPECT_EQ(client.call({"COMMAND", "GETKEYS", "nosuch", "a"}).debug(),
            "-ERR Invalid command specified");
  EXPECT_EQ(client.call({"COMMAND", "GETKEYS", "config", "nosuch"}).debug(),
            "-ERR Invalid command specified");
  EXPECT_EQ(client.call({"COMMAND", "GETKEYS", "ping", "x"}).debug(),
            "-ERR The command has no key arguments");
  EXPECT_EQ(client.call({"COMMAND", "GETKEYS", "config", "get", "x"}).debug(),
            "-ERR The command has no key arguments");
  EXPECT_EQ(client.call({"COMMAND", "GETKEYS", "set", "a"}).debug(),
            "-ERR Invalid number of arguments specified for command");
  EXPECT_EQ(client.call({"COMMAND", "GETKEYS", "get", "a", "b"}).debug(),
            "-ERR Invalid number of arguments specified for command");
}

TEST_F(CommandDocsTest, GetkeysandflagsReportsKeySpecFlags) {
  TestClient client(server_->port());
  EXPECT_EQ(client.call({"COMMAND", "GETKEYSANDFLAGS", "get", "k"}).debug(),
            "[[\"k\", [+RO, +access]]]");
  // SET's flags depend on GET (Redis's setGetKeys).
  EXPECT_EQ(client.call({"COMMAND", "GETKEYSANDFLAGS", "set", "a", "b"}).debug(),
            "[[\"a\", [+OW, +update]]]");
  EXPECT_EQ(client.call({"COMMAND", "GETKEYSANDFLAGS", "set", "a", "b", "get"}).debug(),
            "[[\"a\", [+RW, +access, +update]]]");
  EXPECT_EQ(client.call({"COMMAND", "GETKEYSANDFLAGS", "bitfield", "k", "get", "u8", "0"}).debug(),
            "[[\"k\", [+RO, +access]]]");
  EXPECT_EQ(
      client.call({"COMMAND", "GETKEYSANDFLAGS", "bitfield", "k", "set", "u8", "0", "1"}).debug(),
      "[[\"k\", [+RW, +access, +update]]]");
  EXPECT_EQ(client.call({"COMMAND", "GETKEYSANDFLAGS", "copy", "a", "b"}).debug(),
            "[[\"a\", [+RO, +access]], [\"b\", [+OW, +update]]]");
  EXPECT_EQ(client.call({"COMMAND", "GETKEYSANDFLAGS", "mset", "a", "1", "b", "2"}).debug(),
            "[[\"a\", [+OW, +update]], [\"b\", [+OW, +update]]]");
  EXPECT_EQ(client.call({"COMMAND", "GETKEYSANDFLAGS", "ping"}).debug(),
            "-ERR wrong number of arguments for 'command|getkeysandflags' command");
}

TEST_F(CommandDocsTest, Help) {
  TestClient client(server_->port());
  Reply help = client.call({"COMMAND", "HELP"});
  ASSERT_EQ(help.elements.size(), 21u) << help.debug();
  EXPECT_EQ(help.elements[0].debug(),
            "+COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
  EXPECT_EQ(help.elements[1].debug(), "+(no subcommand)");
  EXPECT_EQ(help.elements[17].debug(), "+GETKEYSANDFLAGS <full-command>");
  EXPECT_EQ(help.elements[20].debug(), "+    Prints this help.");
}

}  // namespace
}  // namespace ringkv::testing
