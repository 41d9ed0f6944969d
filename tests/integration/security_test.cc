// Security: default bind, protected mode, requirepass with AUTH / HELLO AUTH,
// the small request limits of unauthenticated clients, and CONFIG SET dir
// refused at run time. Every reply is compared with the real redis-server
// 7.0 under the same settings when it is installed.
//
// "Non-local" peers need no network: Redis (and ringkv) treat only a peer
// printed as exactly 127.0.0.1 or ::1 as local, so a client bound to
// 127.0.0.2 before it connects to 127.0.0.1 is a remote client.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "redis_reference.h"
#include "test_client.h"

namespace ringkv::testing {
namespace {

// A TCP connection to 127.0.0.1:port from `source`; -1 with errno set when
// it cannot connect.
int connect_from(const char* source, const char* target, int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  inet_pton(AF_INET, source, &local.sin_addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
    int saved = errno;
    close(fd);
    errno = saved;
    return -1;
  }
  sockaddr_in remote{};
  remote.sin_family = AF_INET;
  remote.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, target, &remote.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&remote), sizeof remote) != 0) {
    int saved = errno;
    close(fd);
    errno = saved;
    return -1;
  }
  return fd;
}

// Everything the server sends until it closes (or `timeout_ms` passes
// without a byte: then `closed` is false).
struct Received {
  std::string bytes;
  bool closed = false;
};

Received read_until_closed(int fd, int timeout_ms = 3000) {
  Received received;
  for (;;) {
    pollfd poll_fd{fd, POLLIN, 0};
    if (poll(&poll_fd, 1, timeout_ms) <= 0) return received;
    char chunk[4096];
    ssize_t n = recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) {
      received.closed = true;
      return received;
    }
    received.bytes.append(chunk, static_cast<size_t>(n));
  }
}

// Sends `request` from `source` and returns what came back before close.
Received exchange_from(const char* source, int port, const std::string& request) {
  int fd = connect_from(source, "127.0.0.1", port);
  EXPECT_GE(fd, 0) << strerror(errno);
  if (fd < 0) return {};
  ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  shutdown(fd, SHUT_WR);
  Received received = read_until_closed(fd);
  close(fd);
  return received;
}

// The real redis-server when installed. A password is set after start-up:
// RedisReference waits for an unauthenticated PING to answer.
std::unique_ptr<RedisReference> reference(const std::string& password = "") {
  if (!RedisReference::available()) return nullptr;
  auto redis = std::make_unique<RedisReference>();
  if (!password.empty()) {
    TestClient client(redis->port());
    EXPECT_TRUE(client.call({"CONFIG", "SET", "requirepass", password}).is_ok());
  }
  return redis;
}

// A field of INFO stats, or nullopt while INFO is not available.
std::optional<int64_t> info_field(TestClient& client, const std::string& field) {
  Reply info = client.call({"INFO", "stats"});
  size_t at = info.text.find(field + ":");
  if (info.type != Reply::kBulk || at == std::string::npos) return std::nullopt;
  return std::stoll(info.text.substr(at + field.size() + 1));
}

TEST(SecurityTest, DefaultBindIsLoopbackOnly) {
  ServerProcess server;
  TestClient client(server.port());
  Reply bind = client.call({"CONFIG", "GET", "bind"});
  ASSERT_EQ(bind.elements.size(), 2u) << bind.debug();
  EXPECT_EQ(bind.elements[1].text, "127.0.0.1");
  // Listening on 127.0.0.1 only: another address of the host refuses.
  int fd = connect_from("127.0.0.1", "127.0.0.2", server.port());
  EXPECT_EQ(fd, -1);
  EXPECT_EQ(errno, ECONNREFUSED);
  if (fd >= 0) close(fd);
}

TEST(SecurityTest, ProtectedModeDeniesNonLocalClientsWithoutPassword) {
  ServerProcess server;
  Received denied = exchange_from("127.0.0.2", server.port(), "PING\r\n");
  EXPECT_TRUE(denied.closed);
  ASSERT_EQ(denied.bytes.rfind("-DENIED Redis is running in protected mode", 0), 0u)
      << denied.bytes;
  EXPECT_EQ(denied.bytes.find("+PONG"), std::string::npos);
  auto redis = reference();
  if (redis) {
    Received expected = exchange_from("127.0.0.2", redis->port(), "PING\r\n");
    EXPECT_EQ(denied.bytes, expected.bytes);
  }
  TestClient local(server.port());
  EXPECT_EQ(local.call({"PING"}).debug(), "+PONG");
  std::optional<int64_t> rejected = info_field(local, "rejected_connections");
  if (rejected) {
    EXPECT_EQ(*rejected, 1);
  }
}

TEST(SecurityTest, ProtectedModeOffOrPasswordLetsNonLocalClientsIn) {
  {
    ServerProcess server({"--protected-mode", "no"});
    EXPECT_EQ(exchange_from("127.0.0.2", server.port(), "PING\r\n").bytes, "+PONG\r\n");
  }
  {
    ServerProcess server({"--requirepass", "secret"});
    EXPECT_EQ(exchange_from("127.0.0.2", server.port(), "PING\r\nAUTH secret\r\nPING\r\n").bytes,
              "-NOAUTH Authentication required.\r\n+OK\r\n+PONG\r\n");
  }
  // CONFIG SET protected-mode no takes effect for the next connection.
  ServerProcess server;
  TestClient local(server.port());
  EXPECT_TRUE(local.call({"CONFIG", "SET", "protected-mode", "no"}).is_ok());
  EXPECT_EQ(exchange_from("127.0.0.2", server.port(), "PING\r\n").bytes, "+PONG\r\n");
  EXPECT_TRUE(local.call({"CONFIG", "SET", "protected-mode", "yes"}).is_ok());
  EXPECT_TRUE(exchange_from("127.0.0.2", server.port(), "PING\r\n").bytes.starts_with("-DENIED"));
}

// One AUTH/HELLO conversation; `hello_fields` is the HELLO reply reduced
// to what both servers must agree on (its proto).
std::vector<std::string> auth_conversation(int port) {
  TestClient client(port);
  std::vector<std::string> replies;
  auto run = [&](std::vector<std::string> command) {
    replies.push_back(client.call(std::move(command)).debug());
  };
  run({"GET", "k"});
  run({"SET", "k", "v"});
  run({"AUTH", "wrong"});
  run({"AUTH", "default", "wrong"});
  run({"AUTH", "nobody", "secret"});
  run({"AUTH", "a", "b", "c"});
  run({"HELLO", "3", "AUTH", "default", "wrong"});
  run({"HELLO", "3", "AUTH", "default"});
  run({"GET", "k"});
  run({"AUTH", "secret"});
  run({"GET", "k"});
  run({"RESET"});
  run({"GET", "k"});
  Reply hello = client.call({"HELLO", "3", "AUTH", "default", "secret"});
  replies.push_back(hello.type == Reply::kMap && hello.elements.size() >= 6
                        ? hello.elements[4].text + "=" + hello.elements[5].debug()
                        : hello.debug());
  run({"GET", "k"});
  return replies;
}

TEST(SecurityTest, RequirepassAuthAndHelloAuthRepliesMatchRedis) {
  ServerProcess server({"--requirepass", "secret"});
  std::vector<std::string> ours = auth_conversation(server.port());
  const std::vector<std::string> expected = {
      "-NOAUTH Authentication required.",
      "-NOAUTH Authentication required.",
      "-WRONGPASS invalid username-password pair or user is disabled.",
      "-WRONGPASS invalid username-password pair or user is disabled.",
      "-WRONGPASS invalid username-password pair or user is disabled.",
      "-ERR syntax error",
      "-WRONGPASS invalid username-password pair or user is disabled.",
      "-ERR Syntax error in HELLO option 'AUTH'",
      "-NOAUTH Authentication required.",
      "+OK",
      "(nil)",
      "+RESET",
      "-NOAUTH Authentication required.",
      "proto=:3",
      "(nil)",
  };
  EXPECT_EQ(ours, expected);
  auto redis = reference("secret");
  if (redis) {
    EXPECT_EQ(auth_conversation(redis->port()), ours);
  }
}

// Redis 7.0's exact text (networking.c helloCommand), checked against
// redis-server when one is installed.
TEST(SecurityTest, HelloBeforeAuthGetsRedisNoauthText) {
  const std::string expected =
      "-NOAUTH HELLO must be called with the client already authenticated, otherwise the "
      "HELLO AUTH <user> <pass> option can be used to authenticate the client and select "
      "the RESP protocol version at the same time";
  ServerProcess server({"--requirepass", "secret"});
  EXPECT_EQ(TestClient(server.port()).call({"HELLO", "3"}).debug(), expected);
  if (auto redis = reference("secret")) {
    EXPECT_EQ(TestClient(redis->port()).call({"HELLO", "3"}).debug(), expected);
  }
}

TEST(SecurityTest, AuthWithoutPasswordConfigured) {
  ServerProcess server;
  auto conversation = [](int port) {
    TestClient client(port);
    std::vector<std::string> replies;
    replies.push_back(client.call({"AUTH", "anything"}).debug());
    replies.push_back(client.call({"AUTH", "default", "anything"}).debug());
    replies.push_back(client.call({"AUTH", "other", "anything"}).debug());
    return replies;
  };
  std::vector<std::string> ours = conversation(server.port());
  EXPECT_EQ(ours[0],
            "-ERR AUTH <password> called without any password configured for the default user. "
            "Are you sure your configuration is correct?");
  EXPECT_EQ(ours[1], "+OK");
  auto redis = reference();
  if (redis) {
    EXPECT_EQ(conversation(redis->port()), ours);
  }
}

// Sends raw bytes on a fresh connection and returns the replies until close.
Received raw_exchange(int port, const std::string& request) {
  return exchange_from("127.0.0.1", port, request);
}

TEST(SecurityTest, UnauthenticatedClientsGetSmallRequestLimits) {
  ServerProcess server({"--requirepass", "secret"});
  auto redis = reference("secret");
  std::string big(16385, 'x');
  const std::vector<std::string> requests = {
      "*11\r\n",
      "*10\r\n$16385\r\n",
      "*2\r\n$4\r\nECHO\r\n$16384\r\n" + std::string(16384, 'x') + "\r\n",
      // After AUTH the limits are the normal ones again.
      "*2\r\n$4\r\nAUTH\r\n$6\r\nsecret\r\n*11\r\n$3\r\nDEL\r\n" + [] {
        std::string keys;
        for (int i = 0; i < 10; ++i) keys += "$2\r\nk" + std::to_string(i) + "\r\n";
        return keys;
      }() + "*2\r\n$4\r\nECHO\r\n$16385\r\n" + big + "\r\n",
      // RESET makes the client unauthenticated again.
      "AUTH secret\r\nRESET\r\n*11\r\n",
  };
  const std::vector<std::string> expected = {
      "-ERR Protocol error: unauthenticated multibulk length\r\n",
      "-ERR Protocol error: unauthenticated bulk length\r\n",
      "-NOAUTH Authentication required.\r\n",
      "+OK\r\n:0\r\n$16385\r\n" + big + "\r\n",
      "+OK\r\n+RESET\r\n-ERR Protocol error: unauthenticated multibulk length\r\n",
  };
  for (size_t i = 0; i < requests.size(); ++i) {
    Received ours = raw_exchange(server.port(), requests[i]);
    EXPECT_TRUE(ours.closed) << i;
    EXPECT_EQ(ours.bytes, expected[i]) << i;
    if (redis) {
      EXPECT_EQ(raw_exchange(redis->port(), requests[i]).bytes, ours.bytes) << i;
    }
  }
}

TEST(SecurityTest, ConfigSetDirIsRefusedAtRunTime) {
  ServerProcess server;
  TestClient client(server.port());
  std::string dir_before = client.call({"CONFIG", "GET", "dir"}).elements.at(1).text;
  Reply refused = client.call({"CONFIG", "SET", "dir", "/tmp"});
  EXPECT_EQ(refused.debug(),
            "-ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected "
            "config");
  EXPECT_EQ(client.call({"CONFIG", "GET", "dir"}).elements.at(1).text, dir_before);
  Reply logfile = client.call({"CONFIG", "SET", "logfile", "/tmp/elsewhere.log"});
  EXPECT_EQ(logfile.debug(),
            "-ERR CONFIG SET failed (possibly related to argument 'logfile') - can't set "
            "immutable config");
  auto redis = reference();
  if (redis) {
    TestClient other(redis->port());
    EXPECT_EQ(other.call({"CONFIG", "SET", "dir", "/tmp"}).debug(), refused.debug());
    EXPECT_EQ(other.call({"CONFIG", "SET", "logfile", "/tmp/elsewhere.log"}).debug(),
              logfile.debug());
  }
}

}  // namespace
}  // namespace ringkv::testing
