// Hostile and broken clients: garbage, absurd lengths, connections dropped
// mid-request, too many clients. The server answers with errors and stays up.
#include <gtest/gtest.h>
#include <unistd.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "test_client.h"

namespace ringkv::testing {
namespace {

class RobustnessTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ServerProcess({"--threads", "2"}); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void expect_alive() {
    TestClient client(server_->port());
    EXPECT_EQ(client.call({"PING"}).debug(), "+PONG");
  }
  static ServerProcess* server_;
};
ServerProcess* RobustnessTest::server_ = nullptr;

TEST_F(RobustnessTest, TwoGigabyteBulkHeaderIsRefused) {
  TestClient client(server_->port());
  client.send_raw("*2\r\n$3\r\nGET\r\n$2147483648\r\n");
  EXPECT_EQ(client.read_reply().debug(), "-ERR Protocol error: invalid bulk length");
  EXPECT_TRUE(client.wait_closed());
  expect_alive();
}

TEST_F(RobustnessTest, ExpectedDollarGotSomethingElse) {
  TestClient client(server_->port());
  client.send_raw("*2\r\n$3\r\nGET\r\n:12\r\n");
  EXPECT_EQ(client.read_reply().debug(), "-ERR Protocol error: expected '$', got ':'");
  expect_alive();
}

TEST_F(RobustnessTest, RandomGarbageNeverKillsTheServer) {
  std::mt19937 random(42);
  for (int round = 0; round < 200; ++round) {
    TestClient client(server_->port());
    std::string garbage;
    size_t length = 1 + random() % 512;
    for (size_t i = 0; i < length; ++i) {
      // Bias towards protocol characters so the parser goes deep.
      static constexpr char kAlphabet[] = "*$\r\n0123456789-+:abcGETSET \"'\\x";
      garbage.push_back(random() % 4 == 0 ? static_cast<char>(random())
                                          : kAlphabet[random() % (sizeof kAlphabet - 1)]);
    }
    client.send_raw(garbage);
  }
  expect_alive();
}

TEST_F(RobustnessTest, TenThousandConnectionsDroppedMidRequest) {
  for (int batch = 0; batch < 10; ++batch) {
    std::vector<std::unique_ptr<TestClient>> clients;
    for (int i = 0; i < 1000; ++i) {
      clients.push_back(std::make_unique<TestClient>(server_->port()));
      clients.back()->send_raw("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$100\r\npartial");
    }
    clients.clear();  // closes every socket with the request unfinished
  }
  expect_alive();
  TestClient client(server_->port());
  EXPECT_EQ(client.call({"GET", "key"}).type, Reply::kNull);
}

TEST(QueryBufferTest, OversizedQueryBufferClosesClient) {
  ServerProcess server({"--threads", "1"});
  TestClient client(server.port());
  // Inline request without newline longer than 64 KB.
  client.send_raw(std::string(70 * 1024, 'a'));
  EXPECT_EQ(client.read_reply().debug(), "-ERR Protocol error: too big inline request");
}

}  // namespace
}  // namespace ringkv::testing
