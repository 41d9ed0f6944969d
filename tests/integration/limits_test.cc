// Limits with Redis 7.0's semantics: maxclients, multibulk and bulk sizes,
// proto-max-bulk-len, client-query-buffer-limit, client-output-buffer-limit
// (normal class: hard and soft), and scale: 10 000 concurrent connections,
// a 512 MB value written and read back (the 1 000 000-command pipeline is
// in robustness_test, to keep each binary's time short).
// Where cheap, the same scenario runs against the real redis-server too, so
// the test checks Redis's behaviour as well as ours.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "redis_reference.h"
#include "test_client.h"

namespace ringkv::testing {
namespace {

std::unique_ptr<RedisReference> reference() {
  return RedisReference::available() ? std::make_unique<RedisReference>() : nullptr;
}

// What a connection receives until the server closes it, or until nothing
// arrived for `quiet_ms` (closed = false).
struct Drained {
  size_t bytes = 0;
  std::string head;  // the first bytes, for error texts
  bool closed = false;
};

Drained drain(int fd, int quiet_ms, size_t expected_bytes = SIZE_MAX) {
  Drained drained;
  while (drained.bytes < expected_bytes) {
    pollfd poll_fd{fd, POLLIN, 0};
    if (poll(&poll_fd, 1, quiet_ms) <= 0) return drained;
    char chunk[65536];
    ssize_t n = recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) {
      drained.closed = true;
      return drained;
    }
    if (drained.head.size() < 256) drained.head.append(chunk, static_cast<size_t>(n));
    drained.bytes += static_cast<size_t>(n);
  }
  // Everything expected arrived: closed only if the close follows at once.
  pollfd poll_fd{fd, POLLIN, 0};
  char byte = 0;
  drained.closed = poll(&poll_fd, 1, 100) > 0 && recv(fd, &byte, 1, MSG_PEEK) <= 0;
  return drained;
}

// Peak resident memory of a process (kB), from /proc.
int64_t peak_rss_kb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6));
  }
  return -1;
}

std::string wire(const std::vector<std::string>& arguments) {
  std::string out = "*" + std::to_string(arguments.size()) + "\r\n";
  for (const auto& arg : arguments) out += "$" + std::to_string(arg.size()) + "\r\n" + arg + "\r\n";
  return out;
}

// --- maxclients --------------------------------------------------------------

// The refused client reads the error and then sees the connection closed.
std::vector<std::string> maxclients_scenario(int port) {
  std::vector<std::string> seen;
  std::vector<std::unique_ptr<TestClient>> clients;
  for (int i = 0; i < 3; ++i) {
    clients.push_back(std::make_unique<TestClient>(port));
    seen.push_back(clients.back()->call({"PING"}).debug());
  }
  TestClient extra(port);
  seen.push_back(extra.read_reply().debug());
  seen.push_back(extra.wait_closed() ? "closed" : "open");
  clients.pop_back();
  // The freed slot is usable once the server noticed the close.
  for (int attempt = 0; attempt < 50; ++attempt) {
    TestClient later(port);
    Reply reply = later.call({"PING"});
    if (reply.debug() == "+PONG" || attempt == 49) {
      seen.push_back(reply.debug());
      break;
    }
    usleep(100 * 1000);
  }
  return seen;
}

TEST(LimitsTest, MaxClientsRefusesWithRedisErrorAndCloses) {
  ServerProcess server({"--maxclients", "3", "--threads", "2"});
  std::vector<std::string> ours = maxclients_scenario(server.port());
  EXPECT_EQ(ours, (std::vector<std::string>{"+PONG", "+PONG", "+PONG",
                                            "-ERR max number of clients reached", "closed",
                                            "+PONG"}));
  if (RedisReference::available()) {
    RedisReference redis({"--maxclients", "3"});
    EXPECT_EQ(maxclients_scenario(redis.port()), ours);
  }
}

// --- request sizes -------------------------------------------------------------

// Sends a request head; returns the reply (if the server refused) or
// "(waiting)" when the server accepted it and waits for the rest.
std::string request_head_verdict(int port, const std::string& head) {
  TestClient client(port);
  client.send_raw(head);
  Drained drained = drain(client.fd(), 600);
  if (drained.bytes == 0 && !drained.closed) return "(waiting)";
  return drained.head + (drained.closed ? "(closed)" : "");
}

TEST(LimitsTest, MultibulkAndBulkLengthLimits) {
  ServerProcess server;
  const std::vector<std::string> heads = {
      "*1048577\r\n",                // over Redis 6's limit, allowed by 7.0
      "*2147483647\r\n",             // INT_MAX
      "*2147483648\r\n",             // over INT_MAX
      "*1\r\n$536870912\r\n",        // proto-max-bulk-len exactly
      "*1\r\n$536870913\r\n",        // one byte over
      "*1\r\n$-1\r\n",               // negative bulk length
  };
  const std::vector<std::string> expected = {
      "(waiting)",
      "(waiting)",
      "-ERR Protocol error: invalid multibulk length\r\n(closed)",
      "(waiting)",
      "-ERR Protocol error: invalid bulk length\r\n(closed)",
      "-ERR Protocol error: invalid bulk length\r\n(closed)",
  };
  auto redis = reference();
  for (size_t i = 0; i < heads.size(); ++i) {
    std::string ours = request_head_verdict(server.port(), heads[i]);
    EXPECT_EQ(ours, expected[i]) << heads[i];
    if (redis) {
      EXPECT_EQ(request_head_verdict(redis->port(), heads[i]), ours) << heads[i];
    }
  }
  TestClient client(server.port());
  EXPECT_EQ(client.call({"PING"}).debug(), "+PONG");
}

TEST(LimitsTest, ProtoMaxBulkLenAndQueryBufferLimitFollowConfigSet) {
  ServerProcess server;
  auto redis = reference();
  std::vector<int> ports = {server.port()};
  if (redis) ports.push_back(redis->port());
  for (int port : ports) {
    SCOPED_TRACE(port == server.port() ? "ringkv" : "redis-server");
    TestClient admin(port);
    ASSERT_TRUE(admin.call({"CONFIG", "SET", "proto-max-bulk-len", "1mb"}).is_ok());
    EXPECT_EQ(request_head_verdict(port, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1048577\r\n"),
              "-ERR Protocol error: invalid bulk length\r\n(closed)");
    {
      TestClient client(port);
      EXPECT_TRUE(client.call({"SET", "k", std::string(1 << 20, 'v')}).is_ok());
    }
    // A request larger than client-query-buffer-limit: closed, no reply.
    ASSERT_TRUE(admin.call({"CONFIG", "SET", "proto-max-bulk-len", "512mb"}).is_ok());
    ASSERT_TRUE(admin.call({"CONFIG", "SET", "client-query-buffer-limit", "1mb"}).is_ok());
    TestClient client(port);
    client.send_raw(wire({"SET", "k", std::string(1500000, 'x')}));
    Drained drained = drain(client.fd(), 3000);
    EXPECT_TRUE(drained.closed);
    EXPECT_EQ(drained.bytes, 0u) << drained.head;
    EXPECT_EQ(admin.call({"STRLEN", "k"}).debug(), ":1048576");
  }
}

TEST(LimitsTest, SizeLimitsAsStartupSettings) {
  ServerProcess server({"--proto-max-bulk-len", "2mb", "--client-query-buffer-limit", "4MB"});
  TestClient client(server.port());
  EXPECT_EQ(client.call({"CONFIG", "GET", "proto-max-bulk-len"}).debug(),
            "[\"proto-max-bulk-len\", \"2097152\"]");
  EXPECT_EQ(client.call({"CONFIG", "GET", "client-query-buffer-limit"}).debug(),
            "[\"client-query-buffer-limit\", \"4194304\"]");
  EXPECT_EQ(request_head_verdict(server.port(), "*1\r\n$2097153\r\n"),
            "-ERR Protocol error: invalid bulk length\r\n(closed)");
  // Below Redis's 1mb minimum: refused at start with one line, status 1.
  std::string command = ServerProcess::binary_path() +
                        " --port 0 --dir /tmp/ringkv-never-created --proto-max-bulk-len 1000 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char line[256] = {};
  std::string output = fgets(line, sizeof line, pipe) != nullptr ? line : "";
  int status = pclose(pipe);
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_NE(output.find("proto-max-bulk-len"), std::string::npos) << output;
}

// --- client-output-buffer-limit ---------------------------------------------

constexpr size_t kBigValue = 100 * 1000;

// Bytes of one GET reply of the big value: "$100000\r\n", value, "\r\n".
constexpr size_t kBigReply = kBigValue + 11;

// A client that pipelines `gets` GETs of a 100 kB value and reads nothing
// for `idle_ms`, then drains: how much it got and whether it was closed.
// Generous quiet time: the machine may be loaded; a full answer ends early.
Drained pipeline_without_reading(int port, int gets, int idle_ms) {
  TestClient client(port);
  // A small receive window: the kernel holds little, the server the rest.
  int small = 64 * 1024;
  setsockopt(client.fd(), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  std::string requests;
  for (int i = 0; i < gets; ++i) requests += wire({"GET", "big"});
  client.send_raw(requests);
  std::this_thread::sleep_for(std::chrono::milliseconds(idle_ms));
  return drain(client.fd(), 10000, gets * kBigReply);
}

void set_big_value(int port, const std::string& limits) {
  TestClient admin(port);
  ASSERT_TRUE(admin.call({"SET", "big", std::string(kBigValue, 'b')}).is_ok());
  ASSERT_TRUE(admin.call({"CONFIG", "SET", "client-output-buffer-limit", limits}).is_ok());
}

TEST(LimitsTest, HardOutputLimitDisconnectsBeforeMemoryGrows) {
  ServerProcess server({"--threads", "2"});
  set_big_value(server.port(), "normal 1mb 0 0");
  {
    TestClient warm(server.port());
    EXPECT_EQ(warm.call({"GET", "big"}).text.size(), kBigValue);
  }
  int64_t before_kb = peak_rss_kb(server.pid());
  // 2 000 replies of 100 kB: 200 MB if the server kept them.
  Drained drained = pipeline_without_reading(server.port(), 2000, 500);
  int64_t after_kb = peak_rss_kb(server.pid());
  EXPECT_TRUE(drained.closed);
  EXPECT_LT(drained.bytes, 20u << 20);
  EXPECT_LT(after_kb - before_kb, 64 * 1024) << "peak RSS grew from " << before_kb << " kB";
  TestClient other(server.port());
  EXPECT_EQ(other.call({"STRLEN", "big"}).debug(), ":100000");
  if (RedisReference::available()) {
    RedisReference redis;
    set_big_value(redis.port(), "normal 1mb 0 0");
    EXPECT_TRUE(pipeline_without_reading(redis.port(), 2000, 500).closed);
  }
}

TEST(LimitsTest, SoftOutputLimitNeedsItsSeconds) {
  ServerProcess server({"--threads", "2"});
  auto redis = reference();
  std::vector<int> ports = {server.port()};
  if (redis) ports.push_back(redis->port());
  for (int port : ports) {
    SCOPED_TRACE(port == server.port() ? "ringkv" : "redis-server");
    // Over the soft limit for a moment, well within its 60 s: kept.
    set_big_value(port, "normal 0 1mb 60");
    Drained kept = pipeline_without_reading(port, 100, 200);
    EXPECT_FALSE(kept.closed);
    EXPECT_EQ(kept.bytes, 100 * kBigReply);  // "$100000\r\n" + value + "\r\n"
    // Over it for longer than 1 s: closed.
    set_big_value(port, "normal 0 1mb 1");
    Drained closed = pipeline_without_reading(port, 100, 3500);
    EXPECT_TRUE(closed.closed);
    EXPECT_LT(closed.bytes, 100 * kBigReply);
  }
}

TEST(LimitsTest, NoOutputLimitByDefaultLikeRedis) {
  // Redis's default for normal clients is "0 0 0": a slow reader is never
  // cut off, whatever it asked for.
  ServerProcess server({"--threads", "2"});
  TestClient admin(server.port());
  EXPECT_EQ(admin.call({"CONFIG", "GET", "client-output-buffer-limit"}).elements.at(1).text,
            "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
  ASSERT_TRUE(admin.call({"SET", "big", std::string(kBigValue, 'b')}).is_ok());
  Drained drained = pipeline_without_reading(server.port(), 300, 1000);
  EXPECT_FALSE(drained.closed);
  EXPECT_EQ(drained.bytes, 300 * kBigReply);
}

// --- scale -------------------------------------------------------------------

TEST(LimitsTest, TenThousandConcurrentConnections) {
  rlimit files{};
  getrlimit(RLIMIT_NOFILE, &files);
  if (files.rlim_cur < 10200) {
    files.rlim_cur = files.rlim_max == RLIM_INFINITY ? 10200 : std::min<rlim_t>(10200, files.rlim_max);
    setrlimit(RLIMIT_NOFILE, &files);
    getrlimit(RLIMIT_NOFILE, &files);
  }
  if (files.rlim_cur < 10200) GTEST_SKIP() << "fd limit " << files.rlim_cur << " < 10200";
  ServerProcess server({"--threads", "2"});  // maxclients 10000 by default
  auto start = std::chrono::steady_clock::now();
  std::vector<std::unique_ptr<TestClient>> clients;
  for (int i = 0; i < 10000; ++i) clients.push_back(std::make_unique<TestClient>(server.port()));
  // Every connection sends at once, then every reply is read.
  for (int i = 0; i < 10000; ++i) {
    clients[i]->send_command({"SET", "conn:" + std::to_string(i), std::to_string(i)});
  }
  for (int i = 0; i < 10000; ++i) ASSERT_TRUE(clients[i]->read_reply().is_ok()) << i;
  for (int i = 0; i < 10000; i += 97) {
    ASSERT_EQ(clients[i]->call({"GET", "conn:" + std::to_string(i)}).text, std::to_string(i));
  }
  TestClient extra(server.port());
  EXPECT_EQ(extra.read_reply().debug(), "-ERR max number of clients reached");
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("10000 connections opened and served in %.2f s\n", seconds);
}

TEST(LimitsTest, FiveHundredTwelveMegabyteValueRoundTrip) {
  ServerProcess server({"--threads", "2"});
  TestClient client(server.port());
  std::string value(512u << 20, '\0');
  for (size_t i = 0; i < value.size(); i += 4096) value[i] = static_cast<char>('a' + i / 4096 % 26);
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(client.call({"SET", "huge", value}).is_ok());
  Reply back = client.call({"GET", "huge"});
  ASSERT_EQ(back.type, Reply::kBulk);
  EXPECT_TRUE(back.text == value) << "the value read back differs";
  // One byte more than 512 MB is refused, as Redis does.
  Reply appended = client.call({"APPEND", "huge", "x"});
  EXPECT_EQ(appended.debug(), "-ERR string exceeds maximum allowed size (proto-max-bulk-len)");
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("512 MB SET + GET in %.2f s\n", seconds);
}

}  // namespace
}  // namespace ringkv::testing
