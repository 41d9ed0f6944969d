// TestClient: the project's own blocking RESP client for integration tests,
// and ServerProcess: the real ringkv-server binary started on an ephemeral
// port with a temporary data dir.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace ringkv::testing {

struct Reply {
  enum Type { kSimple, kError, kInteger, kBulk, kNull, kArray, kMap, kSet, kDouble, kBool,
              kVerbatim, kNone } type = kNone;
  std::string text;      // simple, error, bulk, double, verbatim
  int64_t integer = 0;   // integer, bool
  std::vector<Reply> elements;  // array, set; map as k,v,k,v

  bool is_ok() const { return type == kSimple && text == "OK"; }
  std::string debug() const;
};

class TestClient {
 public:
  // Connects to 127.0.0.1:port; aborts the test process on failure.
  explicit TestClient(int port);
  ~TestClient();
  TestClient(const TestClient&) = delete;

  // Sends one command and reads its reply.
  Reply call(std::vector<std::string> args);
  Reply call(std::initializer_list<std::string_view> args);
  // Writes raw bytes (pipelines, malformed input).
  void send_raw(std::string_view bytes);
  void send_command(const std::vector<std::string>& args);
  // Reads one reply; kNone with text "closed" when the server closed.
  Reply read_reply();
  // True when the server closed the connection (reads until EOF or timeout).
  bool wait_closed(int timeout_ms = 2000);
  int fd() const { return fd_; }

 private:
  bool fill();
  bool read_line(std::string* line);
  bool read_exact(size_t count, std::string* out);

  int fd_ = -1;
  std::string buffer_;
  size_t offset_ = 0;
};

class ServerProcess {
 public:
  // Starts build's ringkv-server with `extra_args` on port 0 and a fresh
  // temp dir (or `dir` when given), waiting until it accepts connections.
  // A first extra argument not starting with "--" is a config file.
  explicit ServerProcess(std::vector<std::string> extra_args = {}, std::string dir = "");
  ~ServerProcess();

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& dir() const { return dir_; }
  // SIGTERM and wait; returns the exit status.
  int stop();
  // SIGKILL and wait.
  void kill_hard();
  bool running() const { return pid_ > 0; }

  static std::string binary_path();

 private:
  void start();

  std::vector<std::string> args_;
  std::string dir_;
  bool own_dir_ = false;
  pid_t pid_ = -1;
  int port_ = 0;
};

std::vector<std::string> args(std::initializer_list<std::string_view> list);

}  // namespace ringkv::testing
