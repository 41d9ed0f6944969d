// Hostile and broken clients: garbage, absurd lengths, connections dropped
// mid-request, a 1 000 000-command pipeline. The server answers with errors
// (or in order) and stays up.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>
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

std::string wire(const std::vector<std::string>& arguments) {
  std::string out = "*" + std::to_string(arguments.size()) + "\r\n";
  for (const auto& arg : arguments) out += "$" + std::to_string(arg.size()) + "\r\n" + arg + "\r\n";
  return out;
}

TEST(PipelineLimitTest, MillionCommandPipeline) {
  ServerProcess server({"--threads", "2"});
  TestClient client(server.port());
  constexpr int kCommands = 1000000;
  auto start = std::chrono::steady_clock::now();
  // The writer sends while the reader checks: neither side buffers it all.
  std::thread writer([&client] {
    std::string chunk;
    for (int i = 0; i < kCommands; ++i) {
      int key = i / 2 % 1000;
      chunk += i % 2 == 0 ? wire({"INCR", "counter:" + std::to_string(key)})
                          : wire({"GET", "counter:" + std::to_string(key)});
      if (chunk.size() > 256 * 1024) {
        client.send_raw(chunk);
        chunk.clear();
      }
    }
    client.send_raw(chunk);
  });
  bool in_order = true;
  for (int i = 0; i < kCommands && in_order; ++i) {
    int round = i / 2000 + 1;  // how many times this key was incremented so far
    Reply reply = client.read_reply();
    std::string expected = i % 2 == 0 ? ":" + std::to_string(round)
                                      : "\"" + std::to_string(round) + "\"";
    if (reply.debug() != expected) {
      ADD_FAILURE() << "reply " << i << ": " << reply.debug() << " expected " << expected;
      in_order = false;
    }
  }
  writer.join();
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("1000000-command pipeline in %.2f s\n", seconds);
}

}  // namespace
}  // namespace ringkv::testing
