// TestClient and ServerProcess; see test_client.h.
#include "test_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <thread>

namespace ringkv::testing {

namespace {
[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "test harness: %s\n", what.c_str());
  std::abort();
}
}  // namespace

std::string Reply::debug() const {
  switch (type) {
    case kSimple: return "+" + text;
    case kError: return "-" + text;
    case kInteger: return ":" + std::to_string(integer);
    case kBulk: return "\"" + text + "\"";
    case kNull: return "(nil)";
    case kDouble: return "," + text;
    case kBool: return integer ? "#t" : "#f";
    case kVerbatim: return "=" + text;
    case kNone: return "(none:" + text + ")";
    default: {
      std::string out = type == kMap ? "%{" : type == kSet ? "~{" : "[";
      for (size_t i = 0; i < elements.size(); ++i) {
        if (i) out += ", ";
        out += elements[i].debug();
      }
      return out + (type == kArray ? "]" : "}");
    }
  }
}

std::vector<std::string> args(std::initializer_list<std::string_view> list) {
  std::vector<std::string> out;
  for (auto item : list) out.emplace_back(item);
  return out;
}

TestClient::TestClient(int port) {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    die(std::string("connect: ") + strerror(errno));
  }
  int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  timeval timeout{30, 0};
  setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
}

TestClient::~TestClient() {
  if (fd_ >= 0) close(fd_);
}

void TestClient::send_raw(std::string_view bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;  // the server may have closed: the reply read will tell
    sent += static_cast<size_t>(n);
  }
}

void TestClient::send_command(const std::vector<std::string>& arguments) {
  std::string wire = "*" + std::to_string(arguments.size()) + "\r\n";
  for (const auto& arg : arguments) {
    wire += "$" + std::to_string(arg.size()) + "\r\n" + arg + "\r\n";
  }
  send_raw(wire);
}

Reply TestClient::call(std::vector<std::string> arguments) {
  send_command(arguments);
  return read_reply();
}

Reply TestClient::call(std::initializer_list<std::string_view> list) { return call(args(list)); }

bool TestClient::fill() {
  if (offset_ > 0 && offset_ == buffer_.size()) {
    buffer_.clear();
    offset_ = 0;
  }
  char chunk[65536];
  ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) return false;
  buffer_.append(chunk, static_cast<size_t>(n));
  return true;
}

bool TestClient::read_line(std::string* line) {
  for (;;) {
    size_t end = buffer_.find("\r\n", offset_);
    if (end != std::string::npos) {
      *line = buffer_.substr(offset_, end - offset_);
      offset_ = end + 2;
      return true;
    }
    if (!fill()) return false;
  }
}

bool TestClient::read_exact(size_t count, std::string* out) {
  while (buffer_.size() - offset_ < count) {
    if (!fill()) return false;
  }
  *out = buffer_.substr(offset_, count);
  offset_ += count;
  return true;
}

Reply TestClient::read_reply() {
  Reply reply;
  std::string line;
  if (!read_line(&line) || line.empty()) {
    reply.type = Reply::kNone;
    reply.text = "closed";
    return reply;
  }
  char type = line[0];
  std::string body = line.substr(1);
  auto read_elements = [&](int64_t count) {
    for (int64_t i = 0; i < count; ++i) reply.elements.push_back(read_reply());
  };
  switch (type) {
    case '+': reply.type = Reply::kSimple; reply.text = body; break;
    case '-': reply.type = Reply::kError; reply.text = body; break;
    case ':': reply.type = Reply::kInteger; reply.integer = std::stoll(body); break;
    case '_': reply.type = Reply::kNull; break;
    case ',': reply.type = Reply::kDouble; reply.text = body; break;
    case '#': reply.type = Reply::kBool; reply.integer = body == "t"; break;
    case '$':
    case '=': {
      int64_t length = std::stoll(body);
      if (length < 0) {
        reply.type = Reply::kNull;
        break;
      }
      reply.type = type == '$' ? Reply::kBulk : Reply::kVerbatim;
      std::string crlf;
      if (!read_exact(static_cast<size_t>(length), &reply.text) || !read_exact(2, &crlf)) {
        reply.type = Reply::kNone;
        reply.text = "closed";
      }
      break;
    }
    case '*':
    case '~':
    case '%': {
      int64_t count = std::stoll(body);
      if (count < 0) {
        reply.type = Reply::kNull;
        break;
      }
      reply.type = type == '*' ? Reply::kArray : type == '~' ? Reply::kSet : Reply::kMap;
      read_elements(type == '%' ? count * 2 : count);
      break;
    }
    default:
      reply.type = Reply::kNone;
      reply.text = "bad reply line: " + line;
  }
  return reply;
}

bool TestClient::wait_closed(int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd poll_fd{fd_, POLLIN, 0};
    if (poll(&poll_fd, 1, 50) > 0) {
      char chunk[4096];
      ssize_t n = recv(fd_, chunk, sizeof chunk, MSG_DONTWAIT);
      if (n == 0 || (n < 0 && errno != EAGAIN)) return true;
    }
  }
  return false;
}

std::string ServerProcess::binary_path() {
  const char* from_env = std::getenv("RINGKV_SERVER");
  if (from_env != nullptr) return from_env;
  return RINGKV_SERVER_PATH;
}

ServerProcess::ServerProcess(std::vector<std::string> extra_args, std::string dir)
    : args_(std::move(extra_args)), dir_(std::move(dir)) {
  if (dir_.empty()) {
    char pattern[] = "/tmp/ringkv-test-XXXXXX";
    if (mkdtemp(pattern) == nullptr) die("mkdtemp failed");
    dir_ = pattern;
    own_dir_ = true;
  }
  start();
}

void ServerProcess::start() {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) die("pipe failed");
  std::vector<std::string> argv_text = {binary_path(), "--port", "0", "--dir", dir_,
                                        "--loglevel", "warning"};
  // A config file comes first, as for redis-server; the flags override it.
  auto rest = args_.begin();
  if (rest != args_.end() && !rest->starts_with("--")) argv_text.insert(argv_text.begin() + 1, *rest++);
  argv_text.insert(argv_text.end(), rest, args_.end());
  pid_ = fork();
  if (pid_ == 0) {
    dup2(pipe_fds[1], STDOUT_FILENO);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    std::vector<char*> argv;
    for (auto& text : argv_text) argv.push_back(text.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    std::fprintf(stderr, "exec %s failed\n", argv[0]);
    _exit(127);
  }
  close(pipe_fds[1]);
  // The server prints "Ready to accept connections on port N" once listening.
  std::string output;
  char chunk[256];
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd poll_fd{pipe_fds[0], POLLIN, 0};
    if (poll(&poll_fd, 1, 100) <= 0) continue;
    ssize_t n = read(pipe_fds[0], chunk, sizeof chunk);
    if (n <= 0) break;
    output.append(chunk, static_cast<size_t>(n));
    size_t at = output.find("on port ");
    if (at != std::string::npos && output.find('\n', at) != std::string::npos) {
      port_ = std::atoi(output.c_str() + at + 8);
      break;
    }
  }
  close(pipe_fds[0]);
  if (port_ == 0) die("server did not start: " + output);
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return status;
}

void ServerProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) stop();
  if (own_dir_) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

}  // namespace ringkv::testing
