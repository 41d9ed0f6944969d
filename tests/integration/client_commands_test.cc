// CLIENT ID SETNAME GETNAME LIST INFO KILL NO-EVICT HELP against the real
// server (two loops, so clients live on different loops), with replies and
// errors checked against redis-server 7.0.
#include <gtest/gtest.h>
#include <unistd.h>

#include <map>
#include <thread>

#include "test_client.h"

namespace ringkv::testing {
namespace {

class ClientCommandsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ServerProcess({"--threads", "2"}); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static ServerProcess* server_;
};
ServerProcess* ClientCommandsTest::server_ = nullptr;

// The "name=value" words of one CLIENT LIST line, in order.
std::vector<std::pair<std::string, std::string>> line_pairs(const std::string& line) {
  std::vector<std::pair<std::string, std::string>> pairs;
  size_t start = 0;
  while (start < line.size() && line[start] != '\n') {
    size_t end = line.find_first_of(" \n", start);
    if (end == std::string::npos) end = line.size();
    std::string word = line.substr(start, end - start);
    size_t equals = word.find('=');
    pairs.emplace_back(word.substr(0, equals),
                       equals == std::string::npos ? "" : word.substr(equals + 1));
    start = end + 1;
  }
  return pairs;
}

// field -> value of one CLIENT LIST line.
std::map<std::string, std::string> parse_line(const std::string& line) {
  std::map<std::string, std::string> fields;
  for (auto& [name, value] : line_pairs(line)) fields[name] = value;
  return fields;
}

// id -> fields of every line of a CLIENT LIST reply.
std::map<int64_t, std::map<std::string, std::string>> parse_list(const Reply& reply) {
  std::map<int64_t, std::map<std::string, std::string>> clients;
  size_t start = 0;
  while (start < reply.text.size()) {
    size_t end = reply.text.find('\n', start);
    auto fields = parse_line(reply.text.substr(start, end - start));
    clients[std::stoll(fields["id"])] = fields;
    start = end + 1;
  }
  return clients;
}

std::map<std::string, std::string> own_info(TestClient& client) {
  Reply reply = client.call({"CLIENT", "INFO"});
  EXPECT_EQ(reply.type, Reply::kBulk) << reply.debug();
  EXPECT_EQ(reply.text.back(), '\n');
  EXPECT_EQ(reply.text.find('\n'), reply.text.size() - 1);
  return parse_line(reply.text);
}

TEST_F(ClientCommandsTest, IdSetnameGetname) {
  TestClient first(server_->port()), second(server_->port());
  int64_t first_id = first.call({"CLIENT", "ID"}).integer;
  int64_t second_id = second.call({"CLIENT", "ID"}).integer;
  EXPECT_GT(first_id, 0);
  EXPECT_GT(second_id, first_id);
  EXPECT_EQ(first.call({"HELLO"}).elements[7].integer, first_id);
  EXPECT_EQ(first.call({"CLIENT", "GETNAME"}).type, Reply::kNull);
  EXPECT_TRUE(first.call({"CLIENT", "SETNAME", "worker-1"}).is_ok());
  EXPECT_EQ(first.call({"CLIENT", "GETNAME"}).debug(), "\"worker-1\"");
  EXPECT_EQ(second.call({"CLIENT", "GETNAME"}).type, Reply::kNull);
  for (std::string bad : {"a b", "tab\there", "new\nline", "\x7f"}) {
    EXPECT_EQ(first.call({"CLIENT", "SETNAME", bad}).debug(),
              "-ERR Client names cannot contain spaces, newlines or special characters.");
  }
  EXPECT_EQ(first.call({"CLIENT", "GETNAME"}).debug(), "\"worker-1\"");
  EXPECT_TRUE(first.call({"CLIENT", "SETNAME", ""}).is_ok());  // removes the name
  EXPECT_EQ(first.call({"CLIENT", "GETNAME"}).type, Reply::kNull);
  EXPECT_EQ(first.call({"CLIENT", "SETNAME"}).debug(),
            "-ERR wrong number of arguments for 'client|setname' command");
  EXPECT_EQ(first.call({"CLIENT", "ID", "x"}).debug(),
            "-ERR wrong number of arguments for 'client|id' command");
  EXPECT_EQ(first.call({"CLIENT"}).debug(), "-ERR wrong number of arguments for 'client' command");
  EXPECT_EQ(first.call({"CLIENT", "NOSUCH"}).debug(),
            "-ERR unknown subcommand 'NOSUCH'. Try CLIENT HELP.");
}

TEST_F(ClientCommandsTest, InfoDescribesTheCallingClient) {
  TestClient client(server_->port());
  int64_t id = client.call({"CLIENT", "ID"}).integer;
  ASSERT_TRUE(client.call({"CLIENT", "SETNAME", "me"}).is_ok());
  ASSERT_TRUE(client.call({"SELECT", "4"}).is_ok());
  auto info = own_info(client);
  EXPECT_EQ(info["id"], std::to_string(id));
  EXPECT_EQ(info["name"], "me");
  EXPECT_EQ(info["db"], "4");
  EXPECT_EQ(info["cmd"], "client|info");
  EXPECT_EQ(info["flags"], "N");
  EXPECT_EQ(info["multi"], "-1");
  EXPECT_EQ(info["resp"], "2");
  EXPECT_EQ(info["user"], "default");
  EXPECT_EQ(info["laddr"], "127.0.0.1:" + std::to_string(server_->port()));
  EXPECT_EQ(info["addr"].rfind("127.0.0.1:", 0), 0u);
  EXPECT_GT(std::stoi(info["addr"].substr(10)), 0);
  // Redis 7.0's field set, in its order.
  std::string line = client.call({"CLIENT", "INFO"}).text;
  std::vector<std::string> names;
  for (auto& pair : line_pairs(line)) names.push_back(pair.first);
  EXPECT_EQ(names, (std::vector<std::string>{
                       "id",        "addr",     "laddr",     "fd",   "name", "age",   "idle",
                       "flags",     "db",       "sub",       "psub", "ssub", "multi", "qbuf",
                       "qbuf-free", "argv-mem", "multi-mem", "rbs",  "rbp",  "obl",   "oll",
                       "omem",      "tot-mem",  "events",    "cmd",  "user", "redir", "resp"}));
  ASSERT_EQ(client.call({"HELLO", "3"}).type, Reply::kMap);
  Reply verbatim = client.call({"CLIENT", "INFO"});
  EXPECT_EQ(verbatim.type, Reply::kVerbatim);
  EXPECT_EQ(verbatim.text.rfind("txt:id=" + std::to_string(id) + " ", 0), 0u);
  EXPECT_NE(verbatim.text.find(" resp=3\n"), std::string::npos);
}

TEST_F(ClientCommandsTest, ListShowsEveryConnectionWithItsState) {
  TestClient lister(server_->port()), busy(server_->port()), idle(server_->port());
  int64_t busy_id = busy.call({"CLIENT", "ID"}).integer;
  int64_t idle_id = idle.call({"CLIENT", "ID"}).integer;
  ASSERT_TRUE(busy.call({"CLIENT", "SETNAME", "busy"}).is_ok());
  ASSERT_TRUE(busy.call({"MULTI"}).is_ok());
  ASSERT_EQ(busy.call({"SET", "k", "v"}).debug(), "+QUEUED");
  ASSERT_EQ(busy.call({"GET", "k"}).debug(), "+QUEUED");
  ASSERT_TRUE(idle.call({"CLIENT", "NO-EVICT", "on"}).is_ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  Reply list = lister.call({"CLIENT", "LIST"});
  ASSERT_EQ(list.type, Reply::kBulk);
  auto clients = parse_list(list);
  ASSERT_TRUE(clients.count(busy_id) && clients.count(idle_id)) << list.text;
  EXPECT_EQ(clients[busy_id]["name"], "busy");
  EXPECT_EQ(clients[busy_id]["flags"], "x");
  EXPECT_EQ(clients[busy_id]["multi"], "2");
  EXPECT_EQ(clients[busy_id]["cmd"], "get");
  EXPECT_NE(clients[busy_id]["multi-mem"], "0");
  EXPECT_EQ(clients[idle_id]["flags"], "e");
  EXPECT_EQ(clients[idle_id]["cmd"], "client|no-evict");
  EXPECT_GE(std::stoll(clients[idle_id]["idle"]), 1);
  EXPECT_GE(std::stoll(clients[idle_id]["age"]), 1);
  // Lines come in connection order.
  EXPECT_LT(list.text.find("id=" + std::to_string(busy_id) + " "),
            list.text.find("id=" + std::to_string(idle_id) + " "));
  EXPECT_EQ(parse_list(lister.call({"CLIENT", "LIST", "TYPE", "normal"})).size(), clients.size());
  EXPECT_EQ(lister.call({"CLIENT", "LIST", "TYPE", "pubsub"}).debug(), "\"\"");
  EXPECT_EQ(lister.call({"CLIENT", "LIST", "TYPE", "replica"}).debug(), "\"\"");
  auto by_id = parse_list(lister.call(
      {"CLIENT", "LIST", "ID", std::to_string(idle_id), "999999", std::to_string(busy_id)}));
  EXPECT_EQ(by_id.size(), 2u);
  EXPECT_TRUE(by_id.count(busy_id) && by_id.count(idle_id));
  EXPECT_EQ(lister.call({"CLIENT", "LIST", "ID", "-1"}).debug(), "\"\"");
  EXPECT_EQ(lister.call({"CLIENT", "LIST", "TYPE", "foo"}).debug(),
            "-ERR Unknown client type 'foo'");
  EXPECT_EQ(lister.call({"CLIENT", "LIST", "ID", "1", "x"}).debug(), "-ERR Invalid client ID");
  EXPECT_EQ(lister.call({"CLIENT", "LIST", "TYPE", "normal", "x"}).debug(), "-ERR syntax error");
  EXPECT_EQ(lister.call({"CLIENT", "LIST", "ID"}).debug(), "-ERR syntax error");
  EXPECT_EQ(lister.call({"CLIENT", "LIST", "x"}).debug(), "-ERR syntax error");
  ASSERT_EQ(busy.call({"EXEC"}).elements.size(), 2u);
}

TEST_F(ClientCommandsTest, KillOldFormByAddress) {
  TestClient killer(server_->port());
  std::vector<std::unique_ptr<TestClient>> victims;
  for (int i = 0; i < 4; ++i) victims.push_back(std::make_unique<TestClient>(server_->port()));
  for (auto& victim : victims) {
    std::string address = own_info(*victim)["addr"];
    EXPECT_TRUE(killer.call({"CLIENT", "KILL", address}).is_ok());
    EXPECT_TRUE(victim->wait_closed(3000));
  }
  EXPECT_EQ(killer.call({"CLIENT", "KILL", "1.2.3.4:5"}).debug(), "-ERR No such client");
  EXPECT_EQ(killer.call({"CLIENT", "KILL", "ADDR"}).debug(), "-ERR No such client");
  // The old form may kill the caller itself, after its reply.
  std::string own = own_info(killer)["addr"];
  EXPECT_TRUE(killer.call({"CLIENT", "KILL", own}).is_ok());
  EXPECT_TRUE(killer.wait_closed(3000));
}

TEST_F(ClientCommandsTest, KillNewFormFilters) {
  TestClient killer(server_->port()), by_id(server_->port()), by_addr(server_->port());
  int64_t id = by_id.call({"CLIENT", "ID"}).integer;
  EXPECT_EQ(killer.call({"CLIENT", "KILL", "ID", std::to_string(id)}).debug(), ":1");
  EXPECT_TRUE(by_id.wait_closed(3000));
  EXPECT_EQ(killer.call({"CLIENT", "KILL", "ID", std::to_string(id)}).debug(), ":0");
  std::string address = own_info(by_addr)["addr"];
  EXPECT_EQ(
      killer.call({"CLIENT", "KILL", "ADDR", address, "TYPE", "normal", "USER", "default"}).debug(),
      ":1");
  EXPECT_TRUE(by_addr.wait_closed(3000));
  EXPECT_EQ(killer.call({"CLIENT", "KILL", "TYPE", "master"}).debug(), ":0");
  EXPECT_EQ(killer.call({"CLIENT", "KILL", "TYPE", "pubsub"}).debug(), ":0");
  // SKIPME yes (the default) spares the caller; its own id then matches nothing.
  int64_t own_id = killer.call({"CLIENT", "ID"}).integer;
  EXPECT_EQ(killer.call({"CLIENT", "KILL", "ID", std::to_string(own_id)}).debug(), ":0");
  std::string laddr = "127.0.0.1:" + std::to_string(server_->port());
  TestClient a(server_->port()), b(server_->port());
  ASSERT_EQ(a.call({"PING"}).debug(), "+PONG");
  ASSERT_EQ(b.call({"PING"}).debug(), "+PONG");
  // Connections of earlier tests may still be closing: at least a and b.
  EXPECT_GE(killer.call({"CLIENT", "KILL", "LADDR", laddr}).integer, 2);
  EXPECT_TRUE(a.wait_closed(3000));
  EXPECT_TRUE(b.wait_closed(3000));
  EXPECT_EQ(killer.call({"PING"}).debug(), "+PONG");
  for (auto [bad, error] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"ID", "0"}, "-ERR client-id should be greater than 0"},
           {{"ID", "abc"}, "-ERR client-id should be greater than 0"},
           {{"TYPE", "foo"}, "-ERR Unknown client type 'foo'"},
           {{"USER", "bob"}, "-ERR No such user 'bob'"},
           {{"SKIPME", "maybe"}, "-ERR syntax error"},
           {{"ADDR", "1.1.1.1:1", "SKIPME"}, "-ERR syntax error"},
           {{"FOO", "bar"}, "-ERR syntax error"}}) {
    std::vector<std::string> command = {"CLIENT", "KILL"};
    command.insert(command.end(), bad.begin(), bad.end());
    EXPECT_EQ(killer.call(command).debug(), error) << bad[0];
  }
  EXPECT_EQ(killer.call({"CLIENT", "KILL"}).debug(),
            "-ERR wrong number of arguments for 'client|kill' command");
  // SKIPME no: the caller gets its count, then is closed.
  EXPECT_EQ(killer.call({"CLIENT", "KILL", "ID", std::to_string(own_id), "SKIPME", "no"}).debug(),
            ":1");
  EXPECT_TRUE(killer.wait_closed(3000));
}

TEST_F(ClientCommandsTest, NoEvictAndHelp) {
  TestClient client(server_->port());
  EXPECT_TRUE(client.call({"CLIENT", "NO-EVICT", "ON"}).is_ok());
  EXPECT_EQ(own_info(client)["flags"], "e");
  EXPECT_TRUE(client.call({"CLIENT", "NO-EVICT", "off"}).is_ok());
  EXPECT_EQ(own_info(client)["flags"], "N");
  EXPECT_EQ(client.call({"CLIENT", "NO-EVICT", "maybe"}).debug(), "-ERR syntax error");
  Reply help = client.call({"CLIENT", "HELP"});
  ASSERT_GE(help.elements.size(), 10u);
  EXPECT_EQ(help.elements[0].debug(),
            "+CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
  EXPECT_EQ(help.elements.back().debug(), "+    Prints this help.");
}

}  // namespace
}  // namespace ringkv::testing
