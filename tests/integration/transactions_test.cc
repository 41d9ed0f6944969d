// MULTI EXEC DISCARD WATCH UNWATCH against the real server, two loops, with
// keys chosen on both loops' shards so that queued commands, watched keys
// and the changes that dirty them cross loops. Expected replies were taken
// from Redis 7.0.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "test_client.h"
#include "util/slot.h"

namespace ringkv::testing {
namespace {

constexpr int kLoops = 2;

class TransactionsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess({"--threads", "2", "--shards", "2"});
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { TestClient(server_->port()).call({"FLUSHALL"}); }

  // A key named `base`-something whose shard is owned by loop `loop`
  // (shard = slot % shards, owner = shard % loops).
  static std::string key_on_loop(const std::string& base, int loop) {
    for (int i = 0;; ++i) {
      std::string key = base + std::to_string(i);
      if (key_slot(key) % kLoops == loop) return key;
    }
  }

  static ServerProcess* server_;
};
ServerProcess* TransactionsTest::server_ = nullptr;

// The raw bytes of the next `size` bytes of replies (tells *-1 from _).
std::string read_raw(TestClient& client, size_t size) {
  std::string bytes;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (bytes.size() < size && std::chrono::steady_clock::now() < deadline) {
    pollfd poll_fd{client.fd(), POLLIN, 0};
    if (poll(&poll_fd, 1, 50) <= 0) continue;
    char chunk[256];
    ssize_t n = recv(client.fd(), chunk, std::min(sizeof chunk, size - bytes.size()), 0);
    if (n <= 0) break;
    bytes.append(chunk, static_cast<size_t>(n));
  }
  return bytes;
}

TEST_F(TransactionsTest, QueuesAndExecutesAcrossLoops) {
  std::string a = key_on_loop("a", 0), b = key_on_loop("b", 1);
  TestClient client(server_->port());
  EXPECT_EQ(client.call({"MULTI"}).debug(), "+OK");
  EXPECT_EQ(client.call({"SET", a, "1"}).debug(), "+QUEUED");
  EXPECT_EQ(client.call({"SET", b, "2"}).debug(), "+QUEUED");
  EXPECT_EQ(client.call({"GET", a}).debug(), "+QUEUED");
  EXPECT_EQ(client.call({"MGET", a, b}).debug(), "+QUEUED");
  // Nothing ran yet.
  TestClient other(server_->port());
  EXPECT_EQ(other.call({"GET", a}).debug(), "(nil)");
  EXPECT_EQ(client.call({"EXEC"}).debug(), "[+OK, +OK, \"1\", [\"1\", \"2\"]]");
  EXPECT_EQ(other.call({"GET", b}).debug(), "\"2\"");
  EXPECT_EQ(client.call({"MULTI"}).debug(), "+OK");
  EXPECT_EQ(client.call({"EXEC"}).debug(), "[]");
}

TEST_F(TransactionsTest, MisplacedCommandsAreRefused) {
  TestClient client(server_->port());
  EXPECT_EQ(client.call({"EXEC"}).debug(), "-ERR EXEC without MULTI");
  EXPECT_EQ(client.call({"DISCARD"}).debug(), "-ERR DISCARD without MULTI");
  EXPECT_EQ(client.call({"MULTI"}).debug(), "+OK");
  // Neither error dooms the transaction.
  EXPECT_EQ(client.call({"MULTI"}).debug(), "-ERR MULTI calls can not be nested");
  EXPECT_EQ(client.call({"WATCH", "x"}).debug(), "-ERR WATCH inside MULTI is not allowed");
  EXPECT_EQ(client.call({"SET", "x", "1"}).debug(), "+QUEUED");
  EXPECT_EQ(client.call({"EXEC"}).debug(), "[+OK]");
  EXPECT_EQ(client.call({"WATCH"}).debug(), "-ERR wrong number of arguments for 'watch' command");
  EXPECT_EQ(client.call({"UNWATCH", "x"}).debug(),
            "-ERR wrong number of arguments for 'unwatch' command");
  EXPECT_EQ(client.call({"MULTI", "x"}).debug(),
            "-ERR wrong number of arguments for 'multi' command");
  EXPECT_EQ(client.call({"DISCARD", "x"}).debug(),
            "-ERR wrong number of arguments for 'discard' command");
}

TEST_F(TransactionsTest, QueuingErrorsAbortExec) {
  std::string a = key_on_loop("a", 1);
  TestClient client(server_->port());
  ASSERT_TRUE(client.call({"MULTI"}).is_ok());
  EXPECT_EQ(client.call({"NOSUCH", "x"}).debug(),
            "-ERR unknown command 'NOSUCH', with args beginning with: 'x' ");
  EXPECT_EQ(client.call({"SET", a, "1"}).debug(), "+QUEUED");
  EXPECT_EQ(client.call({"EXEC"}).debug(),
            "-EXECABORT Transaction discarded because of previous errors.");
  EXPECT_EQ(client.call({"EXEC"}).debug(), "-ERR EXEC without MULTI");
  EXPECT_EQ(client.call({"GET", a}).debug(), "(nil)");

  ASSERT_TRUE(client.call({"MULTI"}).is_ok());
  EXPECT_EQ(client.call({"SET", a}).debug(), "-ERR wrong number of arguments for 'set' command");
  EXPECT_EQ(client.call({"EXEC"}).debug(),
            "-EXECABORT Transaction discarded because of previous errors.");

  // Commands a transaction may not hold are refused, and doom it too.
  ASSERT_TRUE(client.call({"MULTI"}).is_ok());
  EXPECT_EQ(client.call({"SAVE"}).debug(), "-ERR Command not allowed inside a transaction");
  EXPECT_EQ(client.call({"EXEC"}).debug(),
            "-EXECABORT Transaction discarded because of previous errors.");
}

TEST_F(TransactionsTest, ExecWithArgumentsAbortsAtOnce) {
  TestClient client(server_->port());
  ASSERT_TRUE(client.call({"MULTI"}).is_ok());
  EXPECT_EQ(client.call({"PING"}).debug(), "+QUEUED");
  EXPECT_EQ(client.call({"EXEC", "x"}).debug(),
            "-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' "
            "command");
  EXPECT_EQ(client.call({"PING"}).debug(), "+PONG");
  EXPECT_EQ(client.call({"EXEC", "x"}).debug(),
            "-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' "
            "command");
}

TEST_F(TransactionsTest, RuntimeErrorsStayInPlace) {
  std::string a = key_on_loop("a", 0), b = key_on_loop("b", 1);
  TestClient client(server_->port());
  ASSERT_TRUE(client.call({"SET", b, "text"}).is_ok());
  ASSERT_TRUE(client.call({"MULTI"}).is_ok());
  EXPECT_EQ(client.call({"SET", a, "1", "BAD"}).debug(), "+QUEUED");
  EXPECT_EQ(client.call({"INCR", a}).debug(), "+QUEUED");
  EXPECT_EQ(client.call({"INCR", b}).debug(), "+QUEUED");
  EXPECT_EQ(client.call({"SET", b, "x"}).debug(), "+QUEUED");
  EXPECT_EQ(client.call({"GET", a}).debug(), "+QUEUED");
  EXPECT_EQ(client.call({"EXEC"}).debug(),
            "[-ERR syntax error, :1, -ERR value is not an integer or out of range, +OK, \"1\"]");
  EXPECT_EQ(client.call({"GET", b}).debug(), "\"x\"");
}

TEST_F(TransactionsTest, DiscardDropsQueueAndWatches) {
  std::string a = key_on_loop("a", 0), b = key_on_loop("b", 1);
  TestClient client(server_->port());
  ASSERT_TRUE(client.call({"WATCH", b}).is_ok());
  ASSERT_TRUE(client.call({"MULTI"}).is_ok());
  EXPECT_EQ(client.call({"SET", a, "1"}).debug(), "+QUEUED");
  EXPECT_EQ(client.call({"DISCARD"}).debug(), "+OK");
  EXPECT_EQ(client.call({"GET", a}).debug(), "(nil)");
  EXPECT_EQ(client.call({"EXEC"}).debug(), "-ERR EXEC without MULTI");
  TestClient(server_->port()).call({"SET", b, "changed"});
  ASSERT_TRUE(client.call({"MULTI"}).is_ok());
  client.call({"GET", b});
  EXPECT_EQ(client.call({"EXEC"}).debug(), "[\"changed\"]");
}

TEST_F(TransactionsTest, WatchedKeyChangedByAnotherClientFailsExec) {
  for (int loop = 0; loop < kLoops; ++loop) {
    std::string key = key_on_loop("w", loop);
    TestClient client(server_->port());
    TestClient other(server_->port());
    ASSERT_TRUE(client.call({"SET", key, "1"}).is_ok());
    ASSERT_TRUE(client.call({"WATCH", key}).is_ok());
    ASSERT_TRUE(other.call({"SET", key, "2"}).is_ok());
    ASSERT_TRUE(client.call({"MULTI"}).is_ok());
    client.call({"SET", key, "3"});
    Reply reply = client.call({"EXEC"});
    EXPECT_EQ(reply.type, Reply::kNull) << reply.debug();
    EXPECT_EQ(client.call({"GET", key}).debug(), "\"2\"");
  }
}

TEST_F(TransactionsTest, UnchangedWatchedKeysLetExecRun) {
  std::string a = key_on_loop("a", 0), b = key_on_loop("b", 1);
  TestClient client(server_->port());
  ASSERT_TRUE(client.call({"SET", a, "1"}).is_ok());
  ASSERT_TRUE(client.call({"WATCH", a, b, a}).is_ok());
  // Reads and changes of other keys or other dbs do not count.
  TestClient other(server_->port());
  other.call({"GET", a});
  other.call({"SET", "unrelated", "x"});
  other.call({"SELECT", "1"});
  other.call({"SET", a, "db1"});
  other.call({"DEL", b});  // absent: nothing changes
  ASSERT_TRUE(client.call({"MULTI"}).is_ok());
  client.call({"INCR", a});
  EXPECT_EQ(client.call({"EXEC"}).debug(), "[:2]");
}

TEST_F(TransactionsTest, NullReplyFollowsProtocol) {
  std::string key = key_on_loop("w", 1);
  TestClient client(server_->port());
  for (std::string protocol : {"2", "3"}) {
    ASSERT_TRUE(client.call({"HELLO", protocol}).type != Reply::kError);
    ASSERT_TRUE(client.call({"WATCH", key}).is_ok());
    ASSERT_TRUE(client.call({"SET", key, "self"}).is_ok());  // the watcher itself counts too
    ASSERT_TRUE(client.call({"MULTI"}).is_ok());
    client.call({"PING"});
    client.send_command({"EXEC"});
    EXPECT_EQ(read_raw(client, protocol == "2" ? 5 : 3), protocol == "2" ? "*-1\r\n" : "_\r\n");
  }
}

TEST_F(TransactionsTest, ChangeSentBeforeExecIsSeen) {
  // The watcher's own write, pipelined to another loop right before MULTI
  // and EXEC, must be seen by EXEC; a write pipelined before WATCH must not.
  for (int loop = 0; loop < kLoops; ++loop) {
    std::string key = key_on_loop("p", loop);
    TestClient client(server_->port());
    client.send_raw("*3\r\n$3\r\nSET\r\n$" + std::to_string(key.size()) + "\r\n" + key +
                    "\r\n$1\r\n0\r\n");
    client.send_command({"WATCH", key});
    client.send_command({"SET", key, "1"});
    client.send_command({"MULTI"});
    client.send_command({"GET", key});
    client.send_command({"EXEC"});
    for (int i = 0; i < 5; ++i) client.read_reply();
    EXPECT_EQ(client.read_reply().type, Reply::kNull);

    client.send_command({"SET", key, "2"});
    client.send_command({"WATCH", key});
    client.send_command({"MULTI"});
    client.send_command({"GET", key});
    client.send_command({"EXEC"});
    for (int i = 0; i < 4; ++i) client.read_reply();
    EXPECT_EQ(client.read_reply().debug(), "[\"2\"]");
  }
}

TEST_F(TransactionsTest, ExpiryOfWatchedKeyFailsExec) {
  std::string key = key_on_loop("e", 1);
  TestClient client(server_->port());
  ASSERT_TRUE(client.call({"SET", key, "1", "PX", "100"}).is_ok());
  ASSERT_TRUE(client.call({"WATCH", key}).is_ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ASSERT_TRUE(client.call({"MULTI"}).is_ok());
  client.call({"PING"});
  EXPECT_EQ(client.call({"EXEC"}).type, Reply::kNull);
}

TEST_F(TransactionsTest, WatchingAnAlreadyExpiredKeyDoesNotFailExec) {
  std::string key = key_on_loop("e", 0);
  TestClient client(server_->port());
  ASSERT_TRUE(client.call({"SET", key, "1", "PX", "20"}).is_ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  ASSERT_TRUE(client.call({"WATCH", key}).is_ok());
  ASSERT_TRUE(client.call({"MULTI"}).is_ok());
  client.call({"PING"});
  EXPECT_EQ(client.call({"EXEC"}).debug(), "[+PONG]");
}

TEST_F(TransactionsTest, FlushOfExistingWatchedKeyFailsExec) {
  std::string present = key_on_loop("f", 1), absent = key_on_loop("g", 0);
  for (std::string flush : {"FLUSHDB", "FLUSHALL"}) {
    TestClient client(server_->port());
    ASSERT_TRUE(client.call({"SET", present, "1"}).is_ok());
    ASSERT_TRUE(client.call({"WATCH", absent}).is_ok());
    TestClient(server_->port()).call({flush});
    ASSERT_TRUE(client.call({"MULTI"}).is_ok());
    client.call({"PING"});
    EXPECT_EQ(client.call({"EXEC"}).debug(), "[+PONG]") << flush << " of absent key";

    ASSERT_TRUE(client.call({"SET", present, "1"}).is_ok());
    ASSERT_TRUE(client.call({"WATCH", present}).is_ok());
    TestClient(server_->port()).call({flush});
    ASSERT_TRUE(client.call({"MULTI"}).is_ok());
    client.call({"PING"});
    EXPECT_EQ(client.call({"EXEC"}).type, Reply::kNull) << flush;
  }
}

TEST_F(TransactionsTest, FlushOfAnotherDbDoesNotFailExec) {
  std::string key = key_on_loop("f", 0);
  TestClient client(server_->port());
  ASSERT_TRUE(client.call({"SET", key, "1"}).is_ok());
  ASSERT_TRUE(client.call({"WATCH", key}).is_ok());
  TestClient other(server_->port());
  ASSERT_TRUE(other.call({"SELECT", "2"}).is_ok());
  ASSERT_TRUE(other.call({"SET", key, "1"}).is_ok());
  ASSERT_TRUE(other.call({"FLUSHDB"}).is_ok());
  ASSERT_TRUE(client.call({"MULTI"}).is_ok());
  client.call({"PING"});
  EXPECT_EQ(client.call({"EXEC"}).debug(), "[+PONG]");
}

TEST_F(TransactionsTest, UnwatchExecAndResetForgetWatchedKeys) {
  std::string key = key_on_loop("u", 1);
  TestClient client(server_->port());
  TestClient other(server_->port());
  auto change_then_exec = [&] {
    other.call({"SET", key, "changed"});
    EXPECT_TRUE(client.call({"MULTI"}).is_ok());
    client.call({"PING"});
    return client.call({"EXEC"}).debug();
  };
  ASSERT_TRUE(client.call({"WATCH", key}).is_ok());
  EXPECT_EQ(client.call({"UNWATCH"}).debug(), "+OK");
  EXPECT_EQ(change_then_exec(), "[+PONG]");

  // EXEC unwatches, whether it ran or not.
  ASSERT_TRUE(client.call({"WATCH", key}).is_ok());
  EXPECT_EQ(change_then_exec(), "(nil)");
  EXPECT_EQ(change_then_exec(), "[+PONG]");

  ASSERT_TRUE(client.call({"WATCH", key}).is_ok());
  ASSERT_TRUE(client.call({"MULTI"}).is_ok());
  client.call({"SET", key, "queued"});
  EXPECT_EQ(client.call({"RESET"}).debug(), "+RESET");
  EXPECT_EQ(client.call({"EXEC"}).debug(), "-ERR EXEC without MULTI");
  EXPECT_EQ(change_then_exec(), "[+PONG]");
  EXPECT_EQ(client.call({"GET", key}).debug(), "\"changed\"");

  // UNWATCH inside MULTI is queued, and harmless.
  ASSERT_TRUE(client.call({"MULTI"}).is_ok());
  EXPECT_EQ(client.call({"UNWATCH"}).debug(), "+QUEUED");
  EXPECT_EQ(client.call({"EXEC"}).debug(), "[+OK]");
}

TEST_F(TransactionsTest, SelectInsideMultiAppliesToLaterCommands) {
  std::string a = key_on_loop("s", 0), b = key_on_loop("s", 1);
  TestClient client(server_->port());
  ASSERT_TRUE(client.call({"MULTI"}).is_ok());
  client.call({"SET", a, "db0"});
  client.call({"SELECT", "5"});
  client.call({"SET", b, "db5"});
  client.call({"GET", a});
  EXPECT_EQ(client.call({"EXEC"}).debug(), "[+OK, +OK, +OK, (nil)]");
  // The connection stays in db 5 after EXEC.
  EXPECT_EQ(client.call({"GET", b}).debug(), "\"db5\"");
  ASSERT_TRUE(client.call({"SELECT", "0"}).is_ok());
  EXPECT_EQ(client.call({"GET", a}).debug(), "\"db0\"");
  EXPECT_EQ(client.call({"GET", b}).debug(), "(nil)");
}

TEST_F(TransactionsTest, QuitInsideMultiClosesAtOnce) {
  TestClient client(server_->port());
  ASSERT_TRUE(client.call({"MULTI"}).is_ok());
  client.call({"SET", "q", "1"});
  EXPECT_TRUE(client.call({"QUIT"}).is_ok());
  EXPECT_TRUE(client.wait_closed());
  EXPECT_EQ(TestClient(server_->port()).call({"GET", "q"}).debug(), "(nil)");
}

// One client runs MULTI INCR a INCR b EXEC while another reads both keys
// with MGET: it must never see one increment without the other.
void expect_atomic_increments(int port, const std::string& a, const std::string& b) {
  std::atomic<bool> done{false};
  std::thread writer([&] {
    TestClient client(port);
    for (int i = 0; i < 300; ++i) {
      client.call({"MULTI"});
      client.call({"INCR", a});
      client.call({"INCR", b});
      client.call({"EXEC"});
    }
    done = true;
  });
  TestClient reader(port);
  int reads = 0;
  for (; reads < 5000 && !done; ++reads) {
    Reply values = reader.call({"MGET", a, b});
    ASSERT_EQ(values.elements.size(), 2u) << values.debug();
    ASSERT_EQ(values.elements[0].debug(), values.elements[1].debug()) << "after " << reads;
  }
  writer.join();
  EXPECT_GT(reads, 0);
  EXPECT_EQ(reader.call({"MGET", a, b}).debug(), "[\"300\", \"300\"]");
}

TEST_F(TransactionsTest, CrossShardTransactionIsAtomic) {
  expect_atomic_increments(server_->port(), key_on_loop("c", 0), key_on_loop("c", 1));
}

TEST_F(TransactionsTest, SingleLoopTransactionIsAtomic) {
  // Runs without pausing the other loop when the client's own loop owns
  // both keys (server::transaction_is_local), exclusively otherwise.
  for (int loop = 0; loop < kLoops; ++loop) {
    expect_atomic_increments(server_->port(), key_on_loop("x", loop), key_on_loop("y", loop));
  }
}

TEST_F(TransactionsTest, QueuedCommandsMayTouchEveryShard) {
  std::string a = key_on_loop("m", 0), b = key_on_loop("m", 1);
  TestClient client(server_->port());
  ASSERT_TRUE(client.call({"MULTI"}).is_ok());
  client.call({"MSET", a, "1", b, "2"});
  client.call({"DBSIZE"});
  client.call({"FLUSHDB"});
  client.call({"DBSIZE"});
  client.call({"SET", a, "3"});
  EXPECT_EQ(client.call({"EXEC"}).debug(), "[+OK, :2, +OK, :0, +OK]");
  EXPECT_EQ(client.call({"MGET", a, b}).debug(), "[\"3\", (nil)]");
}

TEST(TransactionsDurabilityTest, AcknowledgedExecSurvivesKill9UnderAlways) {
  char pattern[] = "/tmp/ringkv-transactions-XXXXXX";
  std::string dir = mkdtemp(pattern);
  constexpr int kTransactions = 300;
  std::string a = "{a}", b = "{b}";  // slots 15495 and 3300: one key per shard
  {
    ServerProcess server({"--threads", "2", "--shards", "2", "--appendfsync", "always"}, dir);
    TestClient client(server.port());
    for (int i = 0; i < kTransactions; ++i) {
      std::string n = std::to_string(i);
      client.send_command({"MULTI"});
      client.send_command({"SET", a + n, n});
      client.send_command({"SET", b + n, n});
      client.send_command({"EXEC"});
    }
    for (int i = 0; i < kTransactions; ++i) {
      for (int reply = 0; reply < 3; ++reply) client.read_reply();
      ASSERT_EQ(client.read_reply().debug(), "[+OK, +OK]");
    }
    server.kill_hard();
  }
  {
    ServerProcess again({"--threads", "2"}, dir);
    TestClient client(again.port());
    for (int i = 0; i < kTransactions; ++i) {
      std::string n = std::to_string(i);
      ASSERT_EQ(client.call({"MGET", a + n, b + n}).debug(), "[\"" + n + "\", \"" + n + "\"]");
    }
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

TEST_F(TransactionsTest, RefusedWhenNotAuthenticated) {
  ServerProcess secured({"--threads", "2", "--requirepass", "pw"});
  TestClient client(secured.port());
  EXPECT_EQ(client.call({"MULTI"}).debug(), "-NOAUTH Authentication required.");
  EXPECT_EQ(client.call({"EXEC"}).debug(),
            "-EXECABORT Transaction discarded because of: NOAUTH Authentication required.");
  ASSERT_TRUE(client.call({"AUTH", "pw"}).is_ok());
  ASSERT_TRUE(client.call({"MULTI"}).is_ok());
  EXPECT_EQ(client.call({"AUTH", "wrong"}).debug(), "+QUEUED");
  EXPECT_EQ(client.call({"PING"}).debug(), "+QUEUED");
  EXPECT_EQ(client.call({"EXEC"}).debug(),
            "[-WRONGPASS invalid username-password pair or user is disabled., +PONG]");
}

}  // namespace
}  // namespace ringkv::testing
