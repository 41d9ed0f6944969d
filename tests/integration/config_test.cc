// CONFIG GET/SET/RESETSTAT/REWRITE/HELP against the real server: Redis 7.0's
// value rules and error texts, atomic multi-pair SET, and the settings that
// must take effect at once.
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "test_client.h"

namespace ringkv::testing {
namespace {

class ConfigTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ServerProcess({"--threads", "2"}); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static std::string get(TestClient& client, std::string_view name) {
    Reply reply = client.call({"CONFIG", "GET", name});
    return reply.elements.size() == 2 ? reply.elements[1].text : reply.debug();
  }
  static ServerProcess* server_;
};
ServerProcess* ConfigTest::server_ = nullptr;

std::string set_error(std::string_view name, std::string_view reason) {
  return "-ERR CONFIG SET failed (possibly related to argument '" + std::string(name) + "') - " +
         std::string(reason);
}

TEST_F(ConfigTest, GetExactNamesPatternsAndUnknown) {
  TestClient client(server_->port());
  EXPECT_EQ(client.call({"CONFIG", "GET", "maxmemory-policy"}).debug(),
            "[\"maxmemory-policy\", \"noeviction\"]");
  // An exact name comes back as typed; several arguments are merged once.
  EXPECT_EQ(client.call({"CONFIG", "GET", "DATABASES", "databases"}).debug(),
            "[\"DATABASES\", \"16\"]");
  EXPECT_EQ(client.call({"CONFIG", "GET", "nosuch"}).debug(), "[]");
  EXPECT_EQ(client.call({"CONFIG", "GET", "hash-max-*"}).debug(),
            "[\"hash-max-listpack-entries\", \"512\", \"hash-max-ziplist-entries\", \"512\", "
            "\"hash-max-listpack-value\", \"64\", \"hash-max-ziplist-value\", \"64\"]");
  EXPECT_EQ(client.call({"CONFIG", "GET", "Zset-max-ZIPLIST-*", "zset-max-ziplist-entries"}).debug(),
            "[\"zset-max-ziplist-entries\", \"128\", \"zset-max-ziplist-value\", \"64\"]");
  Reply all = client.call({"CONFIG", "GET", "*"});
  ASSERT_EQ(all.type, Reply::kArray);
  EXPECT_GE(all.elements.size(), 60u);
  EXPECT_EQ(get(client, "port"), std::to_string(server_->port()));
  EXPECT_EQ(get(client, "save"), "3600 1 300 100 60 10000");
  EXPECT_EQ(get(client, "list-max-ziplist-size"), "-2");
  EXPECT_EQ(get(client, "lua-time-limit"), "5000");
  EXPECT_EQ(get(client, "dir").front(), '/');
  EXPECT_EQ(client.call({"CONFIG", "GET"}).debug(),
            "-ERR wrong number of arguments for 'config|get' command");
}

TEST_F(ConfigTest, GetRepliesAMapUnderResp3) {
  TestClient client(server_->port());
  ASSERT_EQ(client.call({"HELLO", "3"}).type, Reply::kMap);
  EXPECT_EQ(client.call({"CONFIG", "GET", "appendonly", "timeout"}).debug(),
            "%{\"appendonly\", \"no\", \"timeout\", \"0\"}");
}

TEST_F(ConfigTest, SetNormalizesValuesLikeRedis) {
  TestClient client(server_->port());
  EXPECT_TRUE(client.call({"CONFIG", "SET", "maxmemory", "10gb"}).is_ok());
  EXPECT_EQ(get(client, "maxmemory"), "10737418240");
  EXPECT_TRUE(client.call({"CONFIG", "SET", "maxmemory", "1k"}).is_ok());
  EXPECT_EQ(get(client, "maxmemory"), "1000");
  EXPECT_TRUE(client.call({"CONFIG", "SET", "maxmemory", "2KB"}).is_ok());
  EXPECT_EQ(get(client, "maxmemory"), "2048");
  EXPECT_TRUE(client.call({"CONFIG", "SET", "maxmemory", "0"}).is_ok());
  EXPECT_TRUE(client.call({"CONFIG", "SET", "appendonly", "YES"}).is_ok());
  EXPECT_EQ(get(client, "appendonly"), "yes");
  EXPECT_TRUE(client.call({"CONFIG", "SET", "appendonly", "no"}).is_ok());
  EXPECT_TRUE(client.call({"CONFIG", "SET", "maxmemory-policy", "ALLKEYS-LRU"}).is_ok());
  EXPECT_EQ(get(client, "maxmemory-policy"), "allkeys-lru");
  EXPECT_TRUE(client.call({"CONFIG", "SET", "maxmemory-policy", "noeviction"}).is_ok());
  EXPECT_TRUE(client.call({"CONFIG", "SET", "notify-keyspace-events", "KEA"}).is_ok());
  EXPECT_EQ(get(client, "notify-keyspace-events"), "AKE");
  EXPECT_TRUE(client.call({"CONFIG", "SET", "notify-keyspace-events", "Ex"}).is_ok());
  EXPECT_EQ(get(client, "notify-keyspace-events"), "xE");
  EXPECT_TRUE(client.call({"CONFIG", "SET", "notify-keyspace-events", ""}).is_ok());
  EXPECT_EQ(get(client, "notify-keyspace-events"), "");
  EXPECT_TRUE(client.call({"CONFIG", "SET", "save", "100 10 200 20"}).is_ok());
  EXPECT_EQ(get(client, "save"), "100 10 200 20");
  EXPECT_TRUE(client.call({"CONFIG", "SET", "save", ""}).is_ok());
  EXPECT_EQ(get(client, "save"), "");
}

TEST_F(ConfigTest, AliasesShareTheirValue) {
  TestClient client(server_->port());
  EXPECT_TRUE(client.call({"CONFIG", "SET", "hash-max-ziplist-entries", "100"}).is_ok());
  EXPECT_EQ(get(client, "hash-max-listpack-entries"), "100");
  EXPECT_TRUE(client.call({"CONFIG", "SET", "lua-time-limit", "7000"}).is_ok());
  EXPECT_EQ(get(client, "busy-reply-threshold"), "7000");
  // An alias and its target are different parameters to the duplicate check.
  EXPECT_TRUE(client.call({"CONFIG", "SET", "zset-max-ziplist-value", "10",
                           "zset-max-listpack-value", "20"}).is_ok());
  EXPECT_EQ(get(client, "zset-max-ziplist-value"), "20");
  EXPECT_TRUE(client.call({"CONFIG", "SET", "hash-max-listpack-entries", "512", "lua-time-limit",
                           "5000", "zset-max-listpack-value", "64"}).is_ok());
}

TEST_F(ConfigTest, SetErrorsMatchRedis) {
  TestClient client(server_->port());
  EXPECT_EQ(client.call({"CONFIG", "SET", "nosuch", "1"}).debug(),
            "-ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'");
  EXPECT_EQ(client.call({"CONFIG", "SET", "port"}).debug(),
            "-ERR wrong number of arguments for 'config|set' command");
  EXPECT_EQ(client.call({"CONFIG", "SET", "timeout", "1", "x"}).debug(), "-ERR syntax error");
  EXPECT_EQ(client.call({"CONFIG", "SET", "databases", "3"}).debug(),
            set_error("databases", "can't set immutable config"));
  EXPECT_EQ(client.call({"CONFIG", "SET", "dir", "/tmp"}).debug(),
            set_error("dir", "can't set protected config"));
  EXPECT_EQ(client.call({"CONFIG", "SET", "maxclients", "1", "MAXCLIENTS", "2"}).debug(),
            set_error("MAXCLIENTS", "duplicate parameter"));
  EXPECT_EQ(client.call({"CONFIG", "SET", "timeout", "1.5"}).debug(),
            set_error("timeout", "argument couldn't be parsed into an integer"));
  EXPECT_EQ(client.call({"CONFIG", "SET", "timeout", "-1"}).debug(),
            set_error("timeout", "argument must be between 0 and 2147483647 inclusive"));
  EXPECT_EQ(client.call({"CONFIG", "SET", "maxclients", "-1"}).debug(),
            set_error("maxclients", "argument must be between 1 and 4294967295 inclusive"));
  EXPECT_EQ(client.call({"CONFIG", "SET", "set-max-intset-entries", "-1"}).debug(),
            set_error("set-max-intset-entries",
                      "argument must be between 0 and 9223372036854775807 inclusive"));
  EXPECT_EQ(client.call({"CONFIG", "SET", "proto-max-bulk-len", "100"}).debug(),
            set_error("proto-max-bulk-len",
                      "argument must be between 1048576 and 9223372036854775807 inclusive"));
  EXPECT_EQ(client.call({"CONFIG", "SET", "hash-max-ziplist-value", "-1"}).debug(),
            set_error("hash-max-ziplist-value", "argument must be a memory value"));
  EXPECT_EQ(client.call({"CONFIG", "SET", "maxmemory", "5x"}).debug(),
            set_error("maxmemory", "argument must be a memory value"));
  EXPECT_EQ(client.call({"CONFIG", "SET", "appendonly", "maybe"}).debug(),
            set_error("appendonly", "argument must be 'yes' or 'no'"));
  EXPECT_EQ(client.call({"CONFIG", "SET", "appendfsync", "sometimes"}).debug(),
            set_error("appendfsync",
                      "argument(s) must be one of the following: everysec, always, no"));
  EXPECT_EQ(client.call({"CONFIG", "SET", "save", "100"}).debug(),
            set_error("save", "Invalid save parameters"));
  EXPECT_EQ(client.call({"CONFIG", "SET", "save", "0 10"}).debug(),
            set_error("save", "Invalid save parameters"));
  EXPECT_EQ(client.call({"CONFIG", "SET", "notify-keyspace-events", "zq"}).debug(),
            set_error("notify-keyspace-events",
                      "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."));
}

TEST_F(ConfigTest, SetIsAllOrNothing) {
  TestClient client(server_->port());
  EXPECT_EQ(client.call({"CONFIG", "SET", "maxmemory", "1mb", "timeout", "10", "maxmemory-policy",
                         "bad"}).debug().substr(0, 60),
            set_error("maxmemory-policy", "").substr(0, 60));
  EXPECT_EQ(get(client, "maxmemory"), "0");
  EXPECT_EQ(get(client, "timeout"), "0");
  EXPECT_TRUE(client.call({"CONFIG", "SET", "maxmemory", "1mb", "timeout", "10"}).is_ok());
  EXPECT_EQ(get(client, "maxmemory"), "1048576");
  EXPECT_EQ(get(client, "timeout"), "10");
  EXPECT_TRUE(client.call({"CONFIG", "SET", "maxmemory", "0", "timeout", "0"}).is_ok());
}

TEST_F(ConfigTest, RequirepassTakesEffectForNewConnections) {
  TestClient admin(server_->port());
  ASSERT_TRUE(admin.call({"CONFIG", "SET", "requirepass", "pw"}).is_ok());
  TestClient fresh(server_->port());
  EXPECT_EQ(fresh.call({"GET", "x"}).debug(), "-NOAUTH Authentication required.");
  EXPECT_TRUE(fresh.call({"AUTH", "pw"}).is_ok());
  // The connection that set it stays authenticated, as in Redis.
  EXPECT_TRUE(admin.call({"CONFIG", "SET", "requirepass", ""}).is_ok());
  TestClient open(server_->port());
  EXPECT_EQ(open.call({"PING"}).debug(), "+PONG");
}

TEST_F(ConfigTest, MaxclientsRejectsConnectionsBeyondIt) {
  TestClient admin(server_->port());
  ASSERT_TRUE(admin.call({"CONFIG", "SET", "maxclients", "1"}).is_ok());
  TestClient extra(server_->port());
  EXPECT_EQ(extra.read_reply().debug(), "-ERR max number of clients reached");
  EXPECT_TRUE(extra.wait_closed());
  ASSERT_TRUE(admin.call({"CONFIG", "SET", "maxclients", "10000"}).is_ok());
  TestClient again(server_->port());
  EXPECT_EQ(again.call({"PING"}).debug(), "+PONG");
}

TEST_F(ConfigTest, ProtoMaxBulkLenLimitsNewConnections) {
  TestClient admin(server_->port());
  ASSERT_TRUE(admin.call({"CONFIG", "SET", "proto-max-bulk-len", "1mb"}).is_ok());
  TestClient limited(server_->port());
  limited.send_raw("*2\r\n$3\r\nGET\r\n$2000000\r\n");
  EXPECT_EQ(limited.read_reply().debug(), "-ERR Protocol error: invalid bulk length");
  ASSERT_TRUE(admin.call({"CONFIG", "SET", "proto-max-bulk-len", "512mb"}).is_ok());
  EXPECT_EQ(get(admin, "proto-max-bulk-len"), "536870912");
}

TEST_F(ConfigTest, ClientQueryBufferLimitClosesGreedyClients) {
  TestClient admin(server_->port());
  ASSERT_TRUE(admin.call({"CONFIG", "SET", "client-query-buffer-limit", "1mb"}).is_ok());
  TestClient greedy(server_->port());
  greedy.send_raw("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3000000\r\n" + std::string(1500000, 'x'));
  EXPECT_TRUE(greedy.wait_closed(5000));
  ASSERT_TRUE(admin.call({"CONFIG", "SET", "client-query-buffer-limit", "1gb"}).is_ok());
}

TEST_F(ConfigTest, AppendfsyncChangesDurabilityMode) {
  TestClient client(server_->port());
  ASSERT_TRUE(client.call({"CONFIG", "SET", "appendfsync", "always"}).is_ok());
  EXPECT_EQ(get(client, "appendfsync"), "always");
  // Under always every write waits for its batch's fsync; it must still flow.
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(client.call({"SET", "fsync:" + std::to_string(i), "v"}).is_ok());
  }
  ASSERT_TRUE(client.call({"CONFIG", "SET", "appendfsync", "everysec"}).is_ok());
  EXPECT_EQ(get(client, "appendfsync"), "everysec");
}

// Each SET names only the classes it changes; values take Redis's memory
// units and read back in bytes, in the order normal, slave, pubsub. The
// normal class is enforced on this very client, so it only gets limits
// far above the replies here.
// Starts the server with `flags` expecting it to refuse: its one line.
std::string refused_start(const std::string& flags) {
  std::string command = ServerProcess::binary_path() +
                        " --port 0 --dir /tmp/ringkv-never-created " + flags + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return "(popen failed)";
  char line[512] = {};
  std::string output = fgets(line, sizeof line, pipe) != nullptr ? line : "";
  int status = pclose(pipe);
  return WEXITSTATUS(status) == 1 ? output : "(exit status " + std::to_string(status) + ")";
}

// Every parameter CONFIG SET knows may also be given at start-up (flag or
// config file line), checked with the same rules.
TEST(ConfigStartupTest, RuntimeParametersAsStartupSettings) {
  ServerProcess server({"--latency-tracking", "no", "--client-output-buffer-limit", "normal",
                        "1mb", "512kb", "10", "--hash-max-listpack-entries", "256"});
  TestClient client(server.port());
  auto get = [&](std::string_view name) { return client.call({"CONFIG", "GET", name}).debug(); };
  EXPECT_EQ(get("latency-tracking"), "[\"latency-tracking\", \"no\"]");
  EXPECT_EQ(get("client-output-buffer-limit"),
            "[\"client-output-buffer-limit\", \"normal 1048576 524288 10 slave 268435456 "
            "67108864 60 pubsub 33554432 8388608 60\"]");
  EXPECT_EQ(get("hash-max-listpack-entries"), "[\"hash-max-listpack-entries\", \"256\"]");
  // latency-tracking no takes effect: INFO latencystats stays empty.
  ASSERT_TRUE(client.call({"SET", "k", "v"}).is_ok());
  EXPECT_EQ(client.call({"INFO", "latencystats"}).text.find("latency_percentiles_usec_set"),
            std::string::npos);

  std::string bad = refused_start("--latency-tracking maybe");
  EXPECT_NE(bad.find("invalid value 'maybe' for 'latency-tracking'"), std::string::npos) << bad;
  std::string unknown = refused_start("--no-such-setting 1");
  EXPECT_NE(unknown.find("unknown setting 'no-such-setting'"), std::string::npos) << unknown;
}

// cache-size takes bytes or Redis's memory units, as maxmemory does.
TEST(ConfigStartupTest, CacheSizeTakesMemoryUnits) {
  for (const char* size : {"64mb", "1GB", "100000000"}) {
    ServerProcess server({"--cache-size", size});
    TestClient client(server.port());
    EXPECT_TRUE(client.call({"SET", "k", "v"}).is_ok()) << size;
    EXPECT_EQ(client.call({"GET", "k"}).text, "v") << size;
  }
  std::string bad = refused_start("--cache-size lots");
  EXPECT_NE(bad.find("invalid value 'lots' for 'cache-size'"), std::string::npos) << bad;
  std::string huge = refused_start("--cache-size 2tb");
  EXPECT_NE(huge.find("invalid value '2tb' for 'cache-size'"), std::string::npos) << huge;
}

// The Cpus_allowed_list line of a /proc status file, without its label.
std::string cpus_allowed_list(const std::filesystem::path& status_file) {
  std::ifstream status(status_file);
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("Cpus_allowed_list:")) return line.substr(line.find_first_not_of(" \t", 18));
  }
  return "";
}

// The lowest CPU this test process may run on (a CI container's cpuset may
// lack CPU 0).
int first_usable_cpu() {
  cpu_set_t allowed;
  EXPECT_EQ(sched_getaffinity(0, sizeof allowed, &allowed), 0);
  int first = 0;
  while (first < CPU_SETSIZE - 1 && !CPU_ISSET(first, &allowed)) ++first;
  return first;
}

// The CPUs each loop thread may run on (its Cpus_allowed_list), by name.
std::map<std::string, std::string> loop_cpus(pid_t pid) {
  std::map<std::string, std::string> cpus;
  std::string task_dir = "/proc/" + std::to_string(pid) + "/task";
  for (const auto& task : std::filesystem::directory_iterator(task_dir)) {
    std::ifstream comm(task.path() / "comm");
    std::string name;
    std::getline(comm, name);
    if (name.starts_with("ringkv-loop")) cpus[name] = cpus_allowed_list(task.path() / "status");
  }
  return cpus;
}

// Loops are pinned only when server_cpulist names CPUs (Redis's setting and
// default: none, so the scheduler may move a loop off a busy core).
TEST(ConfigStartupTest, ServerCpulistPinsLoops) {
  {
    ServerProcess server({"--threads", "2"});
    TestClient client(server.port());
    EXPECT_EQ(client.call({"CONFIG", "GET", "server_cpulist"}).debug(),
              "[\"server_cpulist\", \"\"]");
    std::string process_cpus =
        cpus_allowed_list("/proc/" + std::to_string(server.pid()) + "/status");
    ASSERT_FALSE(process_cpus.empty());
    auto cpus = loop_cpus(server.pid());
    ASSERT_EQ(cpus.size(), 2u);
    for (const auto& [name, allowed] : cpus) EXPECT_EQ(allowed, process_cpus) << name;
  }
  {
    // A CPU this process may use, written as a one-CPU strided range.
    std::string cpu = std::to_string(first_usable_cpu());
    std::string list = cpu + "-" + cpu + ":1";
    ServerProcess server({"--threads", "2", "--server_cpulist", list});
    TestClient client(server.port());
    EXPECT_EQ(client.call({"CONFIG", "GET", "server_cpulist"}).debug(),
              "[\"server_cpulist\", \"" + list + "\"]");
    EXPECT_EQ(client.call({"CONFIG", "SET", "server_cpulist", "1"}).debug(),
              set_error("server_cpulist", "can't set immutable config"));
    auto cpus = loop_cpus(server.pid());
    EXPECT_EQ(cpus, (std::map<std::string, std::string>{{"ringkv-loop0", cpu},
                                                        {"ringkv-loop1", cpu}}));
    EXPECT_EQ(client.call({"PING"}).text, "PONG");
  }
  std::string bad = refused_start("--server_cpulist 1-0");
  EXPECT_NE(bad.find("invalid value '1-0' for 'server_cpulist'"), std::string::npos) << bad;
}

// Without --threads, one loop per core the server may run on: confined to
// one core (as taskset or a container's cpuset would), it starts one loop.
TEST(ConfigStartupTest, DefaultThreadsFollowTheUsableCores) {
  cpu_set_t original;
  ASSERT_EQ(sched_getaffinity(0, sizeof original, &original), 0);
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(first_usable_cpu(), &one);
  // The server inherits this thread's affinity; put it back at once.
  ASSERT_EQ(sched_setaffinity(0, sizeof one, &one), 0);
  ServerProcess confined;
  ASSERT_EQ(sched_setaffinity(0, sizeof original, &original), 0);
  TestClient client(confined.port());
  std::string info = client.call({"INFO", "clients"}).text;
  size_t at = info.find("ringkv_loop_clients:");
  ASSERT_NE(at, std::string::npos) << info;
  std::string counts = info.substr(at, info.find('\r', at) - at);
  EXPECT_EQ(counts.find(','), std::string::npos) << counts;  // one loop
}

// A config file written for Redis: parameters ringkv knows take effect,
// Redis-only ones (replication, RDB files, daemonizing...) are ignored.
TEST(ConfigStartupTest, RedisConfigFile) {
  char pattern[] = "/tmp/ringkv-conf-XXXXXX";
  int fd = mkstemp(pattern);
  ASSERT_GE(fd, 0);
  std::string text =
      "# written for redis-server\n"
      "bind 127.0.0.1 -::1\n"
      "tcp-backlog 511\n"
      "daemonize no\n"
      "pidfile /run/redis/redis-server.pid\n"
      "save 3600 1 300 100\n"
      "latency-tracking no\n"
      "client-output-buffer-limit normal 2mb 1mb 5\n"
      "appendonly no\n"
      "replica-read-only yes\n";
  ASSERT_EQ(write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  close(fd);
  {
    ServerProcess server({pattern});
    TestClient client(server.port());
    EXPECT_EQ(client.call({"CONFIG", "GET", "latency-tracking"}).debug(),
              "[\"latency-tracking\", \"no\"]");
    EXPECT_EQ(client.call({"CONFIG", "GET", "save"}).debug(), "[\"save\", \"3600 1 300 100\"]");
    EXPECT_NE(client.call({"CONFIG", "GET", "client-output-buffer-limit"}).debug().find(
                  "normal 2097152 1048576 5"),
              std::string::npos);
  }
  unlink(pattern);
}

TEST_F(ConfigTest, ClientOutputBufferLimitFollowsRedisSyntax) {
  TestClient client(server_->port());
  const std::string name = "client-output-buffer-limit";
  EXPECT_EQ(get(client, name),
            "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
  ASSERT_TRUE(client.call({"CONFIG", "SET", name, "normal 1mb 2mb 3"}).is_ok());
  EXPECT_EQ(get(client, name),
            "normal 1048576 2097152 3 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
  ASSERT_TRUE(client.call({"CONFIG", "SET", name, "REPLICA 1k 2k 3 pubsub 4g 5gb 6"}).is_ok());
  EXPECT_EQ(get(client, name),
            "normal 1048576 2097152 3 slave 1000 2000 3 pubsub 4000000000 5368709120 6");
  // The last group of a class wins; an empty value changes nothing.
  ASSERT_TRUE(client.call({"CONFIG", "SET", name, "pubsub 1 2 3 pubsub 4 5 6"}).is_ok());
  ASSERT_TRUE(client.call({"CONFIG", "SET", name, ""}).is_ok());
  EXPECT_EQ(get(client, name), "normal 1048576 2097152 3 slave 1000 2000 3 pubsub 4 5 6");
  EXPECT_EQ(client.call({"CONFIG", "SET", name, "normal 1 2"}).debug(),
            set_error(name, "Wrong number of arguments in buffer limit configuration."));
  EXPECT_EQ(client.call({"CONFIG", "SET", name, "master 1 2 3"}).debug(),
            set_error(name, "Invalid client class specified in buffer limit configuration."));
  // Words are split on single spaces: a leading space makes an empty class.
  EXPECT_EQ(client.call({"CONFIG", "SET", name, " normal 1 2"}).debug(),
            set_error(name, "Invalid client class specified in buffer limit configuration."));
  for (std::string bad : {"normal -1 2 3", "normal 1x 2 3", "normal 1 2 x", "normal 1 2 -3"}) {
    EXPECT_EQ(client.call({"CONFIG", "SET", name, bad}).debug(),
              set_error(name,
                        "Error in hard, soft or soft_seconds setting in buffer limit "
                        "configuration."))
        << bad;
  }
  // A refused value leaves the old one in place; an empty word reads as 0.
  EXPECT_EQ(get(client, name), "normal 1048576 2097152 3 slave 1000 2000 3 pubsub 4 5 6");
  ASSERT_TRUE(client.call({"CONFIG", "SET", name, "pubsub  1 2"}).is_ok());
  EXPECT_EQ(get(client, name), "normal 1048576 2097152 3 slave 1000 2000 3 pubsub 0 1 2");
  ASSERT_TRUE(client.call({"CONFIG", "SET", name, "normal 0 0 0 slave 268435456 67108864 60 "
                                                  "pubsub 33554432 8388608 60"})
                  .is_ok());
}

TEST_F(ConfigTest, LatencyTrackingPercentiles) {
  TestClient client(server_->port());
  const std::string name = "latency-tracking-info-percentiles";
  EXPECT_EQ(get(client, name), "50 99 99.9");
  EXPECT_EQ(get(client, "latency-tracking"), "yes");
  ASSERT_TRUE(client.call({"CONFIG", "SET", name, "0.0 50.0 100.0"}).is_ok());
  EXPECT_EQ(get(client, name), "0 50 100");
  ASSERT_TRUE(client.call({"CONFIG", "SET", name, "99.99 1e1 0.5"}).is_ok());
  EXPECT_EQ(get(client, name), "99.99 10 0.5");
  EXPECT_EQ(client.call({"CONFIG", "SET", name, "10 a"}).debug(),
            set_error(name, "Invalid latency-tracking-info-percentiles parameters"));
  EXPECT_EQ(client.call({"CONFIG", "SET", name, "50  99"}).debug(),
            set_error(name, "Invalid latency-tracking-info-percentiles parameters"));
  for (std::string bad : {"101", "-1"}) {
    EXPECT_EQ(client.call({"CONFIG", "SET", name, bad}).debug(),
              set_error(name,
                        "latency-tracking-info-percentiles parameters should sit between "
                        "[0.0,100.0]"));
  }
  EXPECT_EQ(get(client, name), "99.99 10 0.5");
  ASSERT_TRUE(client.call({"CONFIG", "SET", name, ""}).is_ok());
  EXPECT_EQ(get(client, name), "");
  ASSERT_TRUE(client.call({"CONFIG", "SET", name, "50 99 99.9"}).is_ok());
  EXPECT_EQ(client.call({"CONFIG", "SET", "latency-tracking", "maybe"}).debug(),
            set_error("latency-tracking", "argument must be 'yes' or 'no'"));
}

TEST_F(ConfigTest, LoglevelResetstatRewriteAndHelp) {
  TestClient client(server_->port());
  EXPECT_TRUE(client.call({"CONFIG", "SET", "loglevel", "warning"}).is_ok());
  EXPECT_EQ(get(client, "loglevel"), "warning");
  EXPECT_TRUE(client.call({"CONFIG", "SET", "loglevel", "notice"}).is_ok());
  EXPECT_TRUE(client.call({"CONFIG", "RESETSTAT"}).is_ok());
  EXPECT_EQ(client.call({"CONFIG", "RESETSTAT", "x"}).debug(),
            "-ERR wrong number of arguments for 'config|resetstat' command");
  EXPECT_EQ(client.call({"CONFIG", "REWRITE"}).debug(),
            "-ERR The server is running without a config file");
  EXPECT_EQ(client.call({"CONFIG", "NOSUCH"}).debug(),
            "-ERR unknown subcommand 'NOSUCH'. Try CONFIG HELP.");
  Reply help = client.call({"CONFIG", "HELP"});
  ASSERT_EQ(help.elements.size(), 11u) << help.debug();
  EXPECT_EQ(help.elements[1].debug(), "+GET <pattern>");
  EXPECT_EQ(help.elements[10].debug(), "+    Prints this help.");
}

}  // namespace
}  // namespace ringkv::testing
