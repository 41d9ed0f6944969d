// Server commands (DBSIZE FLUSHDB FLUSHALL TIME LASTSAVE SAVE BGSAVE SHUTDOWN
// FUNCTION) against the real server, with replies checked against Redis 7.0.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>

#include "test_client.h"

namespace ringkv::testing {
namespace {

class ServerCommandsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ServerProcess({"--threads", "2"}); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(TestClient(server_->port()).call({"FLUSHALL"}).is_ok()); }
  static ServerProcess* server_;
};
ServerProcess* ServerCommandsTest::server_ = nullptr;

TEST_F(ServerCommandsTest, DbsizeCountsKeysOfSelectedDbAcrossShards) {
  TestClient client(server_->port());
  EXPECT_EQ(client.call({"DBSIZE"}).debug(), ":0");
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(client.call({"SET", "key:" + std::to_string(i), "v"}).is_ok());
  }
  EXPECT_EQ(client.call({"DBSIZE"}).debug(), ":50");
  ASSERT_TRUE(client.call({"SELECT", "1"}).is_ok());
  EXPECT_EQ(client.call({"DBSIZE"}).debug(), ":0");
  EXPECT_EQ(client.call({"DBSIZE", "x"}).debug(),
            "-ERR wrong number of arguments for 'dbsize' command");
}

TEST_F(ServerCommandsTest, FlushdbOnlyEmptiesSelectedDb) {
  TestClient client(server_->port());
  ASSERT_TRUE(client.call({"SET", "a", "0"}).is_ok());
  ASSERT_TRUE(client.call({"SELECT", "2"}).is_ok());
  ASSERT_TRUE(client.call({"SET", "a", "2"}).is_ok());
  ASSERT_TRUE(client.call({"SET", "b", "2"}).is_ok());
  EXPECT_TRUE(client.call({"FLUSHDB"}).is_ok());
  EXPECT_EQ(client.call({"DBSIZE"}).debug(), ":0");
  ASSERT_TRUE(client.call({"SELECT", "0"}).is_ok());
  EXPECT_EQ(client.call({"GET", "a"}).debug(), "\"0\"");
  EXPECT_TRUE(client.call({"FLUSHDB", "async"}).is_ok());
  EXPECT_EQ(client.call({"GET", "a"}).type, Reply::kNull);
  EXPECT_TRUE(client.call({"FLUSHDB", "SYNC"}).is_ok());
  EXPECT_EQ(client.call({"FLUSHDB", "foo"}).debug(), "-ERR syntax error");
  EXPECT_EQ(client.call({"FLUSHDB", "sync", "async"}).debug(), "-ERR syntax error");
}

TEST_F(ServerCommandsTest, FlushallEmptiesEveryDb) {
  TestClient client(server_->port());
  ASSERT_TRUE(client.call({"SET", "a", "0"}).is_ok());
  ASSERT_TRUE(client.call({"SELECT", "5"}).is_ok());
  ASSERT_TRUE(client.call({"SET", "a", "5"}).is_ok());
  EXPECT_TRUE(client.call({"FLUSHALL", "ASYNC"}).is_ok());
  EXPECT_EQ(client.call({"DBSIZE"}).debug(), ":0");
  ASSERT_TRUE(client.call({"SELECT", "0"}).is_ok());
  EXPECT_EQ(client.call({"DBSIZE"}).debug(), ":0");
  EXPECT_EQ(client.call({"FLUSHALL", "sync", "x"}).debug(), "-ERR syntax error");
}

TEST_F(ServerCommandsTest, TimeIsTwoBulkNumbersNearNow) {
  TestClient client(server_->port());
  Reply reply = client.call({"TIME"});
  ASSERT_EQ(reply.type, Reply::kArray) << reply.debug();
  ASSERT_EQ(reply.elements.size(), 2u);
  ASSERT_EQ(reply.elements[0].type, Reply::kBulk);
  long long seconds = std::atoll(reply.elements[0].text.c_str());
  long long micros = std::atoll(reply.elements[1].text.c_str());
  EXPECT_LE(std::llabs(seconds - static_cast<long long>(::time(nullptr))), 2);
  EXPECT_GE(micros, 0);
  EXPECT_LT(micros, 1000000);
  EXPECT_EQ(client.call({"TIME", "x"}).debug(), "-ERR wrong number of arguments for 'time' command");
}

TEST_F(ServerCommandsTest, SaveAndBgsaveUpdateLastsave) {
  TestClient client(server_->port());
  Reply before = client.call({"LASTSAVE"});
  ASSERT_EQ(before.type, Reply::kInteger);
  EXPECT_LE(std::llabs(before.integer - static_cast<long long>(::time(nullptr))), 60);
  ASSERT_TRUE(client.call({"SET", "saved", "1"}).is_ok());
  EXPECT_TRUE(client.call({"SAVE"}).is_ok());
  Reply after = client.call({"LASTSAVE"});
  EXPECT_GE(after.integer, before.integer);
  EXPECT_EQ(client.call({"BGSAVE"}).debug(), "+Background saving started");
  EXPECT_EQ(client.call({"BGSAVE", "SCHEDULE"}).debug(), "+Background saving started");
  EXPECT_EQ(client.call({"BGSAVE", "foo"}).debug(), "-ERR syntax error");
  EXPECT_EQ(client.call({"BGSAVE", "schedule", "x"}).debug(), "-ERR syntax error");
  EXPECT_EQ(client.call({"SAVE", "x"}).debug(), "-ERR wrong number of arguments for 'save' command");
}

TEST_F(ServerCommandsTest, ShutdownRejectsBadWordsAndAbortWithoutShutdown) {
  TestClient client(server_->port());
  EXPECT_EQ(client.call({"SHUTDOWN", "foo"}).debug(), "-ERR syntax error");
  EXPECT_EQ(client.call({"SHUTDOWN", "SAVE", "NOSAVE"}).debug(), "-ERR syntax error");
  EXPECT_EQ(client.call({"SHUTDOWN", "ABORT", "NOW"}).debug(), "-ERR syntax error");
  EXPECT_EQ(client.call({"SHUTDOWN", "abort"}).debug(), "-ERR No shutdown in progress.");
  EXPECT_EQ(client.call({"PING"}).debug(), "+PONG");
}

TEST_F(ServerCommandsTest, FunctionFlushListAndHelp) {
  TestClient client(server_->port());
  EXPECT_TRUE(client.call({"FUNCTION", "FLUSH"}).is_ok());
  EXPECT_TRUE(client.call({"function", "flush", "async"}).is_ok());
  EXPECT_TRUE(client.call({"FUNCTION", "FLUSH", "SYNC"}).is_ok());
  EXPECT_EQ(client.call({"FUNCTION", "FLUSH", "foo"}).debug(),
            "-ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
  EXPECT_EQ(client.call({"FUNCTION", "FLUSH", "a", "b"}).debug(),
            "-ERR unknown subcommand or wrong number of arguments for 'FLUSH'. Try FUNCTION HELP.");
  EXPECT_EQ(client.call({"FUNCTION", "LIST"}).debug(), "[]");
  EXPECT_EQ(client.call({"FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "x*"}).debug(), "[]");
  EXPECT_EQ(client.call({"FUNCTION", "LIST", "libraryname"}).debug(),
            "-ERR library name argument was not given");
  EXPECT_EQ(client.call({"FUNCTION", "LIST", "withcode", "withcode"}).debug(),
            "-ERR Unknown argument withcode");
  EXPECT_EQ(client.call({"FUNCTION", "LOAD", "x"}).debug(),
            "-ERR unknown subcommand 'LOAD'. Try FUNCTION HELP.");
  EXPECT_EQ(client.call({"FUNCTION"}).debug(),
            "-ERR wrong number of arguments for 'function' command");
  Reply help = client.call({"FUNCTION", "HELP"});
  ASSERT_EQ(help.type, Reply::kArray);
  ASSERT_GE(help.elements.size(), 3u);
  EXPECT_EQ(help.elements[0].debug(),
            "+FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
  EXPECT_EQ(help.elements.back().debug(), "+    Prints this help.");
}

TEST(ShutdownTest, StopsCleanlyAndKeepsData) {
  ServerProcess first({"--threads", "2"});
  {
    TestClient client(first.port());
    for (int i = 0; i < 20; ++i) {
      ASSERT_TRUE(client.call({"SET", "durable:" + std::to_string(i), "x"}).is_ok());
    }
    client.send_command(args({"SHUTDOWN", "NOSAVE", "NOW"}));
    EXPECT_TRUE(client.wait_closed(5000));
  }
  int status = first.stop();
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 0);

  ServerProcess second({"--threads", "2"}, first.dir());
  TestClient client(second.port());
  EXPECT_EQ(client.call({"DBSIZE"}).debug(), ":20");
  EXPECT_EQ(client.call({"GET", "durable:7"}).debug(), "\"x\"");
}

}  // namespace
}  // namespace ringkv::testing
