// Connection commands and protocol behaviour against the real server.
#include <gtest/gtest.h>

#include "test_client.h"

namespace ringkv::testing {
namespace {

class ConnectionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ServerProcess({"--threads", "2"}); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static ServerProcess* server_;
};
ServerProcess* ConnectionTest::server_ = nullptr;

TEST_F(ConnectionTest, PingAndEcho) {
  TestClient client(server_->port());
  EXPECT_EQ(client.call({"PING"}).debug(), "+PONG");
  EXPECT_EQ(client.call({"ping", "hello"}).debug(), "\"hello\"");
  EXPECT_EQ(client.call({"PING", "a", "b"}).debug(),
            "-ERR wrong number of arguments for 'ping' command");
  EXPECT_EQ(client.call({"ECHO", "x y"}).debug(), "\"x y\"");
  EXPECT_EQ(client.call({"ECHO"}).debug(), "-ERR wrong number of arguments for 'echo' command");
}

TEST_F(ConnectionTest, UnknownCommandListsArguments) {
  TestClient client(server_->port());
  EXPECT_EQ(client.call({"NOSUCH", "a", "b"}).debug(),
            "-ERR unknown command 'NOSUCH', with args beginning with: 'a' 'b' ");
}

TEST_F(ConnectionTest, InlineCommands) {
  TestClient client(server_->port());
  client.send_raw("PING\r\nECHO \"a b\"\r\n\r\nSET inline 'x y'\nGET inline\r\n");
  EXPECT_EQ(client.read_reply().debug(), "+PONG");
  EXPECT_EQ(client.read_reply().debug(), "\"a b\"");
  EXPECT_EQ(client.read_reply().debug(), "+OK");
  EXPECT_EQ(client.read_reply().debug(), "\"x y\"");
}

TEST_F(ConnectionTest, SelectIsolatesDatabases) {
  TestClient client(server_->port());
  ASSERT_TRUE(client.call({"SELECT", "3"}).is_ok());
  ASSERT_TRUE(client.call({"SET", "dbkey", "three"}).is_ok());
  ASSERT_TRUE(client.call({"SELECT", "4"}).is_ok());
  EXPECT_EQ(client.call({"GET", "dbkey"}).type, Reply::kNull);
  ASSERT_TRUE(client.call({"SELECT", "3"}).is_ok());
  EXPECT_EQ(client.call({"GET", "dbkey"}).debug(), "\"three\"");
  EXPECT_EQ(client.call({"SELECT", "16"}).debug(), "-ERR DB index is out of range");
  EXPECT_EQ(client.call({"SELECT", "x"}).debug(),
            "-ERR value is not an integer or out of range");
}

TEST_F(ConnectionTest, HelloSwitchesProtocol) {
  TestClient client(server_->port());
  Reply hello = client.call({"HELLO", "3"});
  ASSERT_EQ(hello.type, Reply::kMap) << hello.debug();
  ASSERT_EQ(hello.elements.size(), 14u);
  EXPECT_EQ(hello.elements[0].text, "server");
  EXPECT_EQ(hello.elements[5].integer, 3);
  EXPECT_EQ(client.call({"GET", "no-such-key-hello"}).type, Reply::kNull);
  EXPECT_EQ(client.call({"HELLO", "4"}).debug(), "-NOPROTO unsupported protocol version");
  EXPECT_EQ(client.call({"HELLO", "2", "SETNAME", "me"}).type, Reply::kArray);
  EXPECT_EQ(client.call({"HELLO", "3", "BOGUS"}).debug(),
            "-ERR Syntax error in HELLO option 'BOGUS'");
}

TEST_F(ConnectionTest, QuitClosesAfterReply) {
  TestClient client(server_->port());
  EXPECT_TRUE(client.call({"QUIT"}).is_ok());
  EXPECT_TRUE(client.wait_closed());
}

TEST_F(ConnectionTest, ProtocolErrorRepliesAndCloses) {
  TestClient client(server_->port());
  client.send_raw("*1\r\n$x\r\n");
  EXPECT_EQ(client.read_reply().debug(), "-ERR Protocol error: invalid bulk length");
  EXPECT_TRUE(client.wait_closed());
  TestClient other(server_->port());
  other.send_raw("*3000000000\r\n");
  EXPECT_EQ(other.read_reply().debug(), "-ERR Protocol error: invalid multibulk length");
  TestClient big(server_->port());
  big.send_raw("*1\r\n$2147483648\r\n");
  EXPECT_EQ(big.read_reply().debug(), "-ERR Protocol error: invalid bulk length");
  TestClient alive(server_->port());
  EXPECT_EQ(alive.call({"PING"}).debug(), "+PONG");
}

TEST(AuthTest, RequirePass) {
  ServerProcess server({"--requirepass", "s3cret"});
  TestClient client(server.port());
  EXPECT_EQ(client.call({"GET", "x"}).debug(), "-NOAUTH Authentication required.");
  EXPECT_EQ(client.call({"AUTH", "wrong"}).debug(),
            "-WRONGPASS invalid username-password pair or user is disabled.");
  EXPECT_TRUE(client.call({"AUTH", "s3cret"}).is_ok());
  EXPECT_EQ(client.call({"GET", "x"}).type, Reply::kNull);
  TestClient hello(server.port());
  EXPECT_EQ(hello.call({"HELLO", "3", "AUTH", "default", "s3cret"}).type, Reply::kMap);
  EXPECT_EQ(hello.call({"PING"}).debug(), "+PONG");
}

TEST(AuthTest, AuthWithoutPasswordConfigured) {
  ServerProcess server;
  TestClient client(server.port());
  EXPECT_EQ(client.call({"AUTH", "x"}).debug(),
            "-ERR AUTH <password> called without any password configured for the default user. "
            "Are you sure your configuration is correct?");
}

}  // namespace
}  // namespace ringkv::testing
