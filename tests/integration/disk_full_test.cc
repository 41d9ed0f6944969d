// Disk full: the data dir sits on an 8 MiB tmpfs mounted by the test (root
// only; skipped otherwise) next to a ballast file. Writes fill it through
// the server until a write fails. Then writes get -MISCONF with the cause,
// reads keep working, a write whose group commit failed is not
// acknowledged; once the ballast is removed writes succeed again, and
// after a restart every acknowledged write is there.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "test_client.h"

namespace ringkv::testing {
namespace {

namespace fs = std::filesystem;

constexpr size_t kBallastBytes = 5 << 20;
constexpr size_t kValueBytes = 32 << 10;
// 8 MiB hold at most 256 such values: the fill must fail well before.
constexpr int kMaxFillWrites = 400;

std::string value_of(int i) {
  std::string value = "value-" + std::to_string(i) + "-";
  while (value.size() < kValueBytes) value += static_cast<char>('a' + (value.size() * 7 + i) % 26);
  return value;
}

bool reply_arrives(TestClient& client, int timeout_ms) {
  pollfd poll_fd{client.fd(), POLLIN, 0};
  return poll(&poll_fd, 1, timeout_ms) > 0;
}

class DiskFullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "mounting a size-limited tmpfs needs root";
    char pattern[] = "/tmp/ringkv-diskfull-XXXXXX";
    base_ = mkdtemp(pattern);
    mount_point_ = base_ + "/mnt";
    fs::create_directory(mount_point_);
    if (mount("tmpfs", mount_point_.c_str(), "tmpfs", 0, "size=8m") != 0) {
      GTEST_SKIP() << "cannot mount a tmpfs here: " << std::strerror(errno);
    }
    mounted_ = true;
    std::ofstream ballast(ballast_path(), std::ios::binary);
    ballast << std::string(kBallastBytes, 'b');
    ASSERT_TRUE(ballast.good());
  }
  void TearDown() override {
    if (mounted_) umount2(mount_point_.c_str(), MNT_DETACH);
    if (!base_.empty()) {
      std::error_code ignored;
      fs::remove_all(base_, ignored);
    }
  }

  std::string ballast_path() const { return mount_point_ + "/ballast"; }
  std::string data_dir() const { return mount_point_ + "/data"; }
  std::vector<std::string> server_args(const char* appendfsync) const {
    // The server's own log stays off the full disk.
    return {"--threads", "2", "--appendfsync", appendfsync, "--logfile", base_ + "/server.log"};
  }

  // Polls until a write succeeds again (bounded).
  static bool writes_resume(int port) {
    TestClient client(port);
    for (int attempt = 0; attempt < 150; ++attempt) {
      if (client.call({"SET", "{t0}probe", "ok"}).is_ok()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return false;
  }

  static void expect_values(int port, const std::vector<int>& written) {
    TestClient client(port);
    for (int i : written) {
      Reply reply = client.call({"GET", "fill:" + std::to_string(i)});
      ASSERT_EQ(reply.type, Reply::kBulk) << "fill:" << i << " " << reply.debug();
      ASSERT_EQ(reply.text, value_of(i)) << "fill:" << i;
    }
  }

  std::string base_;
  std::string mount_point_;
  bool mounted_ = false;
};

TEST_F(DiskFullTest, WritesFailWithMisconfReadsWorkAndWritesResume) {
  std::vector<int> acknowledged;
  {
    ServerProcess server(server_args("everysec"), data_dir());
    TestClient client(server.port());
    Reply failure;
    for (int i = 0; i < kMaxFillWrites && failure.type != Reply::kError; ++i) {
      Reply reply = client.call({"SET", "fill:" + std::to_string(i), value_of(i)});
      if (reply.is_ok()) {
        acknowledged.push_back(i);
      } else {
        failure = reply;
      }
    }
    ASSERT_EQ(failure.type, Reply::kError) << "the disk never filled";
    EXPECT_EQ(failure.text.rfind("MISCONF ", 0), 0u) << failure.text;
    EXPECT_NE(failure.text.find("No space left on device"), std::string::npos) << failure.text;
    // Writes stay refused, reads keep working.
    EXPECT_EQ(client.call({"SET", "{t1}more", "x"}).type, Reply::kError);
    ASSERT_FALSE(acknowledged.empty());
    expect_values(server.port(), acknowledged);
    EXPECT_EQ(client.call({"EXISTS", "fill:0"}).integer, 1);

    fs::remove(ballast_path());
    ASSERT_TRUE(writes_resume(server.port()));
    EXPECT_TRUE(client.call({"SET", "{t1}more", "x"}).is_ok());
    expect_values(server.port(), acknowledged);
    EXPECT_EQ(server.stop(), 0);  // clean stop: everything synced
  }
  ServerProcess again(server_args("everysec"), data_dir());
  expect_values(again.port(), acknowledged);
  TestClient client(again.port());
  EXPECT_EQ(client.call({"GET", "{t1}more"}).text, "x");
  EXPECT_TRUE(client.call({"SET", "after", "restart"}).is_ok());
}

TEST_F(DiskFullTest, FailedGroupCommitIsNotAcknowledgedUntilWritten) {
  std::vector<int> acknowledged;
  ServerProcess server(server_args("always"), data_dir());
  TestClient client(server.port());
  int held = -1;
  for (int i = 0; i < kMaxFillWrites; ++i) {
    client.send_command({"SET", "fill:" + std::to_string(i), value_of(i)});
    // Under always a reply waits for its fsync: a commit that failed
    // leaves it unanswered (a few seconds is far above a tmpfs fsync).
    if (!reply_arrives(client, 3000)) {
      held = i;
      break;
    }
    Reply reply = client.read_reply();
    ASSERT_TRUE(reply.is_ok()) << "fill:" << i << " " << reply.debug();
    acknowledged.push_back(i);
  }
  ASSERT_GE(held, 0) << "the disk never filled";
  {
    TestClient other(server.port());
    Reply refused = other.call({"SET", "{t1}other", "x"});
    EXPECT_EQ(refused.text.rfind("MISCONF ", 0), 0u) << refused.debug();
  }
  expect_values(server.port(), acknowledged);

  fs::remove(ballast_path());
  ASSERT_TRUE(reply_arrives(client, 30000)) << "the held write was never answered";
  EXPECT_TRUE(client.read_reply().is_ok());
  acknowledged.push_back(held);
  ASSERT_TRUE(writes_resume(server.port()));
  // Acknowledged means durable: a crash right now keeps all of it.
  server.kill_hard();
  ServerProcess again(server_args("always"), data_dir());
  expect_values(again.port(), acknowledged);
}

}  // namespace
}  // namespace ringkv::testing
