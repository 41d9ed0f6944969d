// Slow and half-open peers never stall other clients: while 1 000
// connections misbehave — 600 send a request one byte per second, 200 at a
// time send half a request and close, 200 at a time send half a request and
// reset (SO_LINGER 0) — a well-behaved client's PING/GET round trips keep a
// low p99. The trickling clients' requests still complete correctly at the
// end. The same load runs against redis-server for comparison (printed).
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "redis_reference.h"
#include "test_client.h"

namespace ringkv::testing {
namespace {

using Clock = std::chrono::steady_clock;

int raw_connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return -1;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

void send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

std::string trickle_request(int index) {
  std::string key = "trickle:" + std::to_string(index);
  return "*3\r\n$3\r\nSET\r\n$" + std::to_string(key.size()) + "\r\n" + key + "\r\n$2\r\nok\r\n";
}

// The misbehaving crowd, driven by three threads until stop().
class Misbehavers {
 public:
  static constexpr int kTricklers = 600;
  static constexpr int kClosersAtOnce = 200;
  static constexpr int kResettersAtOnce = 200;

  explicit Misbehavers(int port) : port_(port) {
    for (int i = 0; i < kTricklers; ++i) tricklers_.push_back(raw_connect(port));
    threads_.emplace_back([this] { trickle(); });
    threads_.emplace_back([this] { churn(false); });
    threads_.emplace_back([this] { churn(true); });
  }
  ~Misbehavers() {
    stop();
    for (int fd : tricklers_) {
      if (fd >= 0) close(fd);
    }
  }

  void stop() {
    stopping_ = true;
    for (auto& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }

  // Sends the rest of every trickled request; returns how many got +OK.
  int finish_tricklers() {
    for (int i = 0; i < kTricklers; ++i) {
      send_all(tricklers_[i], std::string_view(trickle_request(i)).substr(sent_bytes_));
    }
    int ok = 0;
    for (int fd : tricklers_) {
      char reply[5] = {};
      pollfd poll_fd{fd, POLLIN, 0};
      if (poll(&poll_fd, 1, 10000) > 0 && recv(fd, reply, 5, MSG_WAITALL) == 5 &&
          std::string_view(reply, 5) == "+OK\r\n") {
        ++ok;
      }
    }
    return ok;
  }

  int cycles() const { return cycles_.load(); }

 private:
  // One byte per second from each trickler, all of them spread over the second.
  void trickle() {
    size_t shortest = trickle_request(0).size();
    while (!stopping_ && sent_bytes_ + 1 < shortest) {
      auto second = Clock::now() + std::chrono::seconds(1);
      for (int i = 0; i < kTricklers; ++i) send_all(tricklers_[i], trickle_request(i).substr(sent_bytes_, 1));
      ++sent_bytes_;
      while (!stopping_ && Clock::now() < second) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
  }

  // Keeps `count` connections with half a request, closing (or resetting)
  // and replacing them continuously.
  void churn(bool reset) {
    int count = reset ? kResettersAtOnce : kClosersAtOnce;
    std::vector<int> open;
    constexpr std::string_view kHalf = "*3\r\n$3\r\nSET\r\n$4\r\nhalf\r\n$100\r\nnot all of it";
    while (!stopping_) {
      while (static_cast<int>(open.size()) < count && !stopping_) {
        int fd = raw_connect(port_);
        if (fd < 0) break;
        send_all(fd, kHalf);
        open.push_back(fd);
      }
      // Replace a tenth of them per round.
      for (int i = 0; i < count / 10 && !open.empty(); ++i) {
        int fd = open.front();
        open.erase(open.begin());
        if (reset) {
          linger hard{1, 0};
          setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
        }
        close(fd);
        cycles_.fetch_add(1);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    for (int fd : open) close(fd);
  }

  int port_;
  std::vector<int> tricklers_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> cycles_{0};
  size_t sent_bytes_ = 0;  // bytes of its request each trickler has sent
};

struct Latency {
  double p50_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
  size_t count = 0;
};

// A well-behaved client alternating GET and PING for `seconds`.
Latency measure(int port, double seconds) {
  TestClient client(port);
  EXPECT_TRUE(client.call({"SET", "probe", "value"}).is_ok());
  std::vector<double> samples;
  auto end = Clock::now() + std::chrono::duration<double>(seconds);
  while (Clock::now() < end) {
    auto start = Clock::now();
    Reply reply = samples.size() % 2 == 0 ? client.call({"GET", "probe"}) : client.call({"PING"});
    samples.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    if (reply.type == Reply::kNone || reply.type == Reply::kError) {
      ADD_FAILURE() << "probe failed: " << reply.debug();
      break;
    }
  }
  std::sort(samples.begin(), samples.end());
  Latency latency;
  latency.count = samples.size();
  if (samples.empty()) return latency;
  latency.p50_ms = samples[samples.size() / 2];
  latency.p99_ms = samples[samples.size() * 99 / 100];
  latency.max_ms = samples.back();
  return latency;
}

void raise_fd_limit() {
  rlimit files{};
  getrlimit(RLIMIT_NOFILE, &files);
  if (files.rlim_cur < 4096 && (files.rlim_max == RLIM_INFINITY || files.rlim_max >= 4096)) {
    files.rlim_cur = 4096;
    setrlimit(RLIMIT_NOFILE, &files);
  }
}

void print(const char* what, const Latency& latency) {
  std::printf("%-34s p50 %.3f ms  p99 %.3f ms  max %.1f ms  (%zu round trips)\n", what,
              latency.p50_ms, latency.p99_ms, latency.max_ms, latency.count);
}

// Runs the crowd against `port` while measuring; checks what must hold on
// any server: the probe keeps answering and the tricklers' SETs complete.
Latency run_under_misbehaviour(int port, const char* name) {
  Latency quiet = measure(port, 1.0);
  print((std::string(name) + " alone").c_str(), quiet);
  Misbehavers crowd(port);
  Latency loaded = measure(port, 5.0);
  crowd.stop();
  print((std::string(name) + " with 1000 misbehaving").c_str(), loaded);
  std::printf("  (%d half-open connections closed or reset meanwhile)\n", crowd.cycles());
  EXPECT_GT(crowd.cycles(), 100);
  EXPECT_EQ(crowd.finish_tricklers(), Misbehavers::kTricklers);
  TestClient check(port);
  EXPECT_EQ(check.call({"GET", "trickle:599"}).debug(), "\"ok\"");
  EXPECT_EQ(check.call({"EXISTS", "half"}).debug(), ":0");
  return loaded;
}

TEST(SlowClientsTest, MisbehavingPeersNeverStallOthers) {
  raise_fd_limit();
  ServerProcess server({"--threads", "2"});
  Latency loaded = run_under_misbehaviour(server.port(), "ringkv");
  // A stall would show as round trips of a second or more (a trickler's
  // byte interval); the bounds are loose for a loaded 2-core machine.
  EXPECT_GT(loaded.count, 100u);
  EXPECT_LT(loaded.p99_ms, 100.0);
  EXPECT_LT(loaded.max_ms, 1000.0);
  if (RedisReference::available()) {
    RedisReference redis;
    run_under_misbehaviour(redis.port(), "redis-server");
  }
}

}  // namespace
}  // namespace ringkv::testing
