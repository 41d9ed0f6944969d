// Durability: acknowledged writes survive SIGTERM, kill -9 and restarts;
// expiry deadlines survive too.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "test_client.h"

namespace ringkv::testing {
namespace {

std::string temp_dir() {
  char pattern[] = "/tmp/ringkv-durability-XXXXXX";
  return mkdtemp(pattern);
}

struct DirGuard {
  std::string path = temp_dir();
  ~DirGuard() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

std::string pipeline_sets(int count, const std::string& prefix) {
  std::string wire;
  for (int i = 0; i < count; ++i) {
    std::string key = prefix + std::to_string(i);
    std::string value = "value-" + std::to_string(i * 7);
    wire += "*3\r\n$3\r\nSET\r\n$" + std::to_string(key.size()) + "\r\n" + key + "\r\n$" +
            std::to_string(value.size()) + "\r\n" + value + "\r\n";
  }
  return wire;
}

void expect_all_present(int port, int count, const std::string& prefix) {
  TestClient client(port);
  for (int i = 0; i < count; ++i) {
    Reply reply = client.call({"GET", prefix + std::to_string(i)});
    ASSERT_EQ(reply.text, "value-" + std::to_string(i * 7)) << prefix << i << " " << reply.debug();
  }
}

TEST(DurabilityTest, SurvivesCleanRestart) {
  DirGuard dir;
  {
    ServerProcess server({"--threads", "2"}, dir.path);
    TestClient client(server.port());
    client.send_raw(pipeline_sets(3000, "clean:"));
    for (int i = 0; i < 3000; ++i) ASSERT_TRUE(client.read_reply().is_ok());
    EXPECT_EQ(server.stop(), 0);
  }
  ServerProcess again({"--threads", "2"}, dir.path);
  expect_all_present(again.port(), 3000, "clean:");
}

TEST(DurabilityTest, AcknowledgedWritesSurviveKill9UnderAlways) {
  DirGuard dir;
  for (int round = 0; round < 3; ++round) {
    ServerProcess server({"--threads", "2", "--appendfsync", "always"}, dir.path);
    // Earlier rounds' data must still be there after each crash.
    for (int earlier = 0; earlier < round; ++earlier) {
      expect_all_present(server.port(), 2000, "crash" + std::to_string(earlier) + ":");
    }
    TestClient client(server.port());
    std::string prefix = "crash" + std::to_string(round) + ":";
    client.send_raw(pipeline_sets(2000, prefix));
    for (int i = 0; i < 2000; ++i) ASSERT_TRUE(client.read_reply().is_ok());
    server.kill_hard();
  }
  ServerProcess last({"--threads", "2"}, dir.path);
  for (int round = 0; round < 3; ++round) {
    expect_all_present(last.port(), 2000, "crash" + std::to_string(round) + ":");
  }
}

TEST(DurabilityTest, ShardCountIsFixedAtCreation) {
  DirGuard dir;
  { ServerProcess server({"--threads", "2"}, dir.path); }
  // Reopening with one loop still uses the two shards recorded in the dir.
  ServerProcess one({"--threads", "1"}, dir.path);
  TestClient client(one.port());
  EXPECT_TRUE(client.call({"SET", "a", "1"}).is_ok());
  EXPECT_EQ(client.call({"GET", "a"}).text, "1");
}

TEST(DurabilityTest, ExpiryDeadlineSurvivesRestart) {
  DirGuard dir;
  {
    ServerProcess server({}, dir.path);
    TestClient client(server.port());
    ASSERT_TRUE(client.call({"SET", "short", "x", "PX", "300"}).is_ok());
    ASSERT_TRUE(client.call({"SET", "long", "y", "EX", "1000"}).is_ok());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  ServerProcess server({}, dir.path);
  TestClient client(server.port());
  EXPECT_EQ(client.call({"GET", "short"}).type, Reply::kNull);
  EXPECT_EQ(client.call({"GET", "long"}).text, "y");
}

}  // namespace
}  // namespace ringkv::testing
