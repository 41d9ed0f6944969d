// RedisReference; see redis_reference.h.
#include "redis_reference.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <thread>

namespace ringkv::testing {

namespace {

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "redis reference: %s\n", what.c_str());
  std::abort();
}

// A port the kernel considers free right now. Another process may take it
// before redis-server binds it; try_start() then fails and we pick again.
int pick_free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    die(std::string("cannot find a free port: ") + strerror(errno));
  }
  close(fd);
  return ntohs(address.sin_port);
}

// True when a server on `port` accepts a connection and answers PING.
bool answers_ping(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  bool ok = false;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    constexpr std::string_view kPing = "*1\r\n$4\r\nPING\r\n";
    char reply[16] = {};
    if (send(fd, kPing.data(), kPing.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(kPing.size()) &&
        recv(fd, reply, 7, MSG_WAITALL) == 7) {
      ok = std::string_view(reply, 7) == "+PONG\r\n";
    }
  }
  close(fd);
  return ok;
}

}  // namespace

std::string RedisReference::binary_path() {
  const char* from_env = std::getenv("REDIS_SERVER");
  return from_env != nullptr ? from_env : "/usr/bin/redis-server";
}

bool RedisReference::available() { return access(binary_path().c_str(), X_OK) == 0; }

RedisReference::RedisReference(std::vector<std::string> extra_args) {
  char pattern[] = "/tmp/ringkv-redis-XXXXXX";
  if (mkdtemp(pattern) == nullptr) die("mkdtemp failed");
  dir_ = pattern;
  for (int attempt = 0; attempt < 5; ++attempt) {
    if (try_start(extra_args)) return;
  }
  die("redis-server did not start; see " + dir_ + "/redis.log");
}

bool RedisReference::try_start(const std::vector<std::string>& extra_args) {
  port_ = pick_free_port();
  std::vector<std::string> argv_text = {binary_path(),
                                        "--port",
                                        std::to_string(port_),
                                        "--bind",
                                        "127.0.0.1",
                                        "--save",
                                        "",
                                        "--appendonly",
                                        "no",
                                        "--dir",
                                        dir_,
                                        "--daemonize",
                                        "no",
                                        "--logfile",
                                        ""};
  argv_text.insert(argv_text.end(), extra_args.begin(), extra_args.end());
  std::string log_path = dir_ + "/redis.log";
  pid_ = fork();
  if (pid_ < 0) die("fork failed");
  if (pid_ == 0) {
    // If the test process dies (an abort, a crash), the server goes too.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (log >= 0) {
      dup2(log, STDOUT_FILENO);
      dup2(log, STDERR_FILENO);
      close(log);
    }
    std::vector<char*> argv;
    for (auto& text : argv_text) argv.push_back(text.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    std::fprintf(stderr, "exec %s failed\n", argv[0]);
    _exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    if (answers_ping(port_)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  stop();
  return false;
}

void RedisReference::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) != pid_) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  pid_ = -1;
}

RedisReference::~RedisReference() {
  stop();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

}  // namespace ringkv::testing
