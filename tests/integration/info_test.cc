// INFO against the real server: Redis 7.0's section selection and layout,
// and fields that report what the server really did (keys, expiries,
// command and error counts, saves, clients), checked against redis-server
// 7.0's behaviour.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "test_client.h"
#include "util/glob.h"

namespace ringkv::testing {
namespace {

class InfoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ServerProcess({"--threads", "2"}); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    TestClient client(server_->port());
    ASSERT_TRUE(client.call({"FLUSHALL"}).is_ok());
    ASSERT_TRUE(client.call({"CONFIG", "RESETSTAT"}).is_ok());
  }
  static ServerProcess* server_;
};
ServerProcess* InfoTest::server_ = nullptr;

std::string info_text(TestClient& client, std::vector<std::string> sections = {}) {
  std::vector<std::string> args = {"INFO"};
  args.insert(args.end(), sections.begin(), sections.end());
  Reply reply = client.call(args);
  EXPECT_EQ(reply.type, Reply::kBulk) << reply.debug();
  return reply.text;
}

// field -> value of every "field:value" line.
std::map<std::string, std::string> info_fields(const std::string& text) {
  std::map<std::string, std::string> fields;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find("\r\n", start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    size_t colon = line.find(':');
    if (!line.empty() && line[0] != '#' && colon != std::string::npos) {
      fields[line.substr(0, colon)] = line.substr(colon + 1);
    }
    start = end + 2;
  }
  return fields;
}

std::string field(TestClient& client, const std::string& section, const std::string& name) {
  auto fields = info_fields(info_text(client, {section}));
  auto it = fields.find(name);
  return it == fields.end() ? "(missing)" : it->second;
}

// The section titles, from the "# Title" lines.
std::vector<std::string> headers(const std::string& text) {
  std::vector<std::string> found;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find("\r\n", start);
    if (end == std::string::npos) end = text.size();
    if (text.compare(start, 2, "# ") == 0) found.push_back(text.substr(start + 2, end - start - 2));
    start = end + 2;
  }
  return found;
}

// Redis-style glob match (std::regex trips GCC 12's warnings under ASan).
bool like(std::string_view text, std::string_view pattern) { return glob_match(pattern, text); }

TEST_F(InfoTest, DefaultSectionsInRedisOrderAndLayout) {
  TestClient client(server_->port());
  std::string text = info_text(client);
  std::vector<std::string> expected = {"Server",     "Clients",     "Memory",  "Persistence",
                                       "Stats",      "Replication", "CPU",     "Modules",
                                       "Errorstats", "Cluster",     "Keyspace"};
  EXPECT_EQ(headers(text), expected);
  EXPECT_EQ(headers(info_text(client, {"default"})), expected);
  // Sections are separated by one empty line; the text ends with one CRLF.
  EXPECT_EQ(text.rfind("# Server\r\n", 0), 0u);
  EXPECT_NE(text.find("\r\n\r\n# Clients\r\n"), std::string::npos);
  EXPECT_EQ(text.find("\r\n\r\n\r\n"), std::string::npos);
  ASSERT_GE(text.size(), 2u);
  EXPECT_EQ(text.substr(text.size() - 2), "\r\n");
  EXPECT_NE(text.substr(text.size() - 4), "\r\n\r\n");
  EXPECT_EQ(text.find("rejected_calls"), std::string::npos);
}

TEST_F(InfoTest, AllEverythingAndSectionSelection) {
  TestClient client(server_->port());
  for (std::string word : {"all", "everything", "ALL"}) {
    std::string text = info_text(client, {word});
    auto found = headers(text);
    EXPECT_EQ(found.size(), 13u) << word;
    EXPECT_NE(text.find("# Commandstats\r\n"), std::string::npos) << word;
    EXPECT_NE(text.find("# Latencystats\r\n"), std::string::npos) << word;
    EXPECT_NE(text.find("rejected_calls"), std::string::npos) << word;
  }
  // The cases of unit/info-command: names ignore case, repeats add nothing.
  EXPECT_EQ(headers(info_text(client, {"cpu"})), std::vector<std::string>{"CPU"});
  EXPECT_EQ(headers(info_text(client, {"commandSTATS"})), std::vector<std::string>{"Commandstats"});
  EXPECT_EQ(headers(info_text(client, {"cpu", "sentinel", "CPU"})),
            std::vector<std::string>{"CPU"});
  EXPECT_EQ(headers(info_text(client, {"keyspace", "server"})),
            (std::vector<std::string>{"Server", "Keyspace"}));
  EXPECT_EQ(headers(info_text(client, {"module_list"})), std::vector<std::string>{"Modules"});
  std::string cpu_all = info_text(client, {"cpu", "all"});
  EXPECT_EQ(cpu_all.find("used_cpu_user_children"), cpu_all.rfind("used_cpu_user_children"));
  EXPECT_NE(cpu_all.find("master_repl_offset"), std::string::npos);
  std::string cpu_default = info_text(client, {"cpu", "default"});
  EXPECT_NE(cpu_default.find("used_memory"), std::string::npos);
  EXPECT_EQ(cpu_default.find("rejected_calls"), std::string::npos);
  EXPECT_EQ(client.call({"INFO", "nosuchsection"}).debug(), "\"\"");
}

TEST_F(InfoTest, ServerAndClientsFieldsAreReal) {
  TestClient client(server_->port());
  auto server = info_fields(info_text(client, {"server"}));
  EXPECT_EQ(server["redis_version"].substr(0, 2), "7.");
  EXPECT_EQ(server["redis_mode"], "standalone");
  EXPECT_EQ(server["process_id"], std::to_string(server_->pid()));
  EXPECT_EQ(server["tcp_port"], std::to_string(server_->port()));
  EXPECT_EQ(server["run_id"].size(), 40u);
  EXPECT_EQ(server["run_id"].find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(server["executable"].substr(server["executable"].size() - 13), "ringkv-server");
  EXPECT_GE(std::stoll(server["server_time_usec"]), (time(nullptr) - 60) * 1000000LL);
  // Three connections are open now: this one and two more.
  TestClient second(server_->port()), third(server_->port());
  ASSERT_EQ(second.call({"PING"}).debug(), "+PONG");
  ASSERT_EQ(third.call({"PING"}).debug(), "+PONG");
  EXPECT_EQ(field(client, "clients", "connected_clients"), "3");
  EXPECT_EQ(field(client, "clients", "maxclients"), "10000");
  EXPECT_EQ(field(client, "replication", "role"), "master");
  EXPECT_EQ(field(client, "replication", "connected_slaves"), "0");
  EXPECT_EQ(field(client, "cluster", "cluster_enabled"), "0");
}

// New connections go to the loop with the fewest, counting those handed to
// a loop and not yet arrived there: a burst of connects (accepted in one
// tick) used to land on one loop.
TEST_F(InfoTest, ABurstOfConnectionsIsSpreadOverTheLoops) {
  ServerProcess server({"--threads", "2"});
  std::vector<std::unique_ptr<TestClient>> burst;
  for (int i = 0; i < 40; ++i) burst.push_back(std::make_unique<TestClient>(server.port()));
  for (auto& client : burst) ASSERT_EQ(client->call({"PING"}).debug(), "+PONG");
  TestClient observer(server.port());
  std::string spread = field(observer, "clients", "ringkv_loop_clients");
  size_t comma = spread.find(',');
  ASSERT_NE(comma, std::string::npos) << spread;
  int first = std::stoi(spread.substr(0, comma));
  int second = std::stoi(spread.substr(comma + 1));
  EXPECT_EQ(first + second, 41) << spread;
  EXPECT_LE(std::abs(first - second), 1) << spread;
}

TEST_F(InfoTest, KeyspaceCountsKeysExpiresAndAverageTtl) {
  TestClient client(server_->port());
  EXPECT_EQ(info_text(client, {"keyspace"}), "# Keyspace\r\n");
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(client.call({"SET", "key:" + std::to_string(i), "v"}).is_ok());
  }
  ASSERT_TRUE(client.call({"EXPIRE", "key:1", "100"}).type == Reply::kInteger);
  ASSERT_TRUE(client.call({"EXPIRE", "key:2", "200"}).type == Reply::kInteger);
  ASSERT_TRUE(client.call({"SELECT", "3"}).is_ok());
  ASSERT_TRUE(client.call({"SET", "other", "v"}).is_ok());
  auto keyspace = info_fields(info_text(client, {"keyspace"}));
  EXPECT_EQ(keyspace.size(), 2u);
  EXPECT_EQ(keyspace["db3"], "keys=1,expires=0,avg_ttl=0");
  const std::string prefix = "keys=20,expires=2,avg_ttl=";
  ASSERT_EQ(keyspace["db0"].rfind(prefix, 0), 0u) << keyspace["db0"];
  int64_t avg_ttl = std::stoll(keyspace["db0"].substr(prefix.size()));
  EXPECT_GT(avg_ttl, 140000);  // (100 s + 200 s) / 2, minus the test's own time
  EXPECT_LE(avg_ttl, 150000);
}

TEST_F(InfoTest, CommandstatsCountCallsRejectionsAndFailures) {
  TestClient client(server_->port());
  ASSERT_TRUE(client.call({"SET", "k1", "v1"}).is_ok());
  ASSERT_TRUE(client.call({"SET", "k2", "v2"}).is_ok());
  EXPECT_EQ(client.call({"SET", "k"}).debug(), "-ERR wrong number of arguments for 'set' command");
  EXPECT_EQ(client.call({"INCR", "k1"}).debug(), "-ERR value is not an integer or out of range");
  EXPECT_EQ(client.call({"CONFIG", "GET"}).type, Reply::kError);
  ASSERT_EQ(client.call({"CONFIG", "GET", "port"}).type, Reply::kArray);
  auto stats = info_fields(info_text(client, {"commandstats"}));
  EXPECT_TRUE(like(stats["cmdstat_set"],
                   "calls=2,usec=[0-9]*,usec_per_call=[0-9]*.[0-9][0-9],rejected_calls=1,"
                   "failed_calls=0"))
      << stats["cmdstat_set"];
  EXPECT_TRUE(like(stats["cmdstat_incr"], "calls=1,*,rejected_calls=0,failed_calls=1"));
  // Subcommands are counted under Redis's full name.
  EXPECT_TRUE(like(stats["cmdstat_config|get"], "calls=1,*,rejected_calls=1,failed_calls=0"))
      << stats["cmdstat_config|get"];
  EXPECT_EQ(stats.count("cmdstat_get"), 0u);
  auto all = info_fields(info_text(client, {"stats", "errorstats"}));
  EXPECT_EQ(all["total_error_replies"], "3");
  EXPECT_EQ(all["errorstat_ERR"], "count=3");
}

TEST_F(InfoTest, ErrorstatsUseTheErrorsFirstWordAndResetstatClearsThem) {
  TestClient client(server_->port());
  ASSERT_TRUE(client.call({"SET", "s", "v"}).is_ok());
  EXPECT_EQ(client.call({"NOSUCHCOMMAND"}).type, Reply::kError);
  EXPECT_EQ(client.call({"AUTH", "x"}).type, Reply::kError);  // no password set: ERR
  auto errors = info_fields(info_text(client, {"errorstats"}));
  EXPECT_EQ(errors["errorstat_ERR"], "count=2");
  EXPECT_TRUE(like(field(client, "commandstats", "cmdstat_auth"),
                   "calls=1,*,rejected_calls=0,failed_calls=1"));
  ASSERT_TRUE(client.call({"CONFIG", "RESETSTAT"}).is_ok());
  EXPECT_EQ(info_text(client, {"errorstats"}), "# Errorstats\r\n");
  EXPECT_EQ(field(client, "stats", "total_error_replies"), "0");
}

TEST_F(InfoTest, StatsCountCommandsHitsMissesAndRate) {
  TestClient client(server_->port());
  ASSERT_TRUE(client.call({"SET", "present", "v"}).is_ok());
  ASSERT_EQ(client.call({"GET", "present"}).debug(), "\"v\"");
  ASSERT_EQ(client.call({"GET", "absent"}).type, Reply::kNull);
  auto stats = info_fields(info_text(client, {"stats"}));
  EXPECT_EQ(stats["keyspace_hits"], "1");
  EXPECT_EQ(stats["keyspace_misses"], "1");
  int64_t before = std::stoll(stats["total_commands_processed"]);
  std::string pings;
  for (int i = 0; i < 2000; ++i) pings += "PING\r\n";
  client.send_raw(pings);
  for (int i = 0; i < 2000; ++i) ASSERT_EQ(client.read_reply().debug(), "+PONG");
  stats = info_fields(info_text(client, {"stats"}));
  // The INFO call itself counts once it has run: 2000 PINGs plus one INFO.
  EXPECT_EQ(std::stoll(stats["total_commands_processed"]), before + 2001);
  EXPECT_GT(std::stoll(stats["instantaneous_ops_per_sec"]), 0);
  EXPECT_GT(std::stoll(stats["total_net_input_bytes"]), 2000 * 6);
  EXPECT_GT(std::stoll(stats["total_connections_received"]), 0);
}

TEST_F(InfoTest, PersistenceTracksChangesAndSaves) {
  TestClient client(server_->port());
  ASSERT_TRUE(client.call({"SAVE"}).is_ok());
  auto persistence = info_fields(info_text(client, {"persistence"}));
  EXPECT_EQ(persistence["rdb_changes_since_last_save"], "0");
  EXPECT_EQ(persistence["loading"], "0");
  EXPECT_EQ(persistence["rdb_bgsave_in_progress"], "0");
  EXPECT_EQ(persistence["aof_last_write_status"], "ok");
  int64_t saves = std::stoll(persistence["rdb_saves"]);
  EXPECT_GE(saves, 1);
  EXPECT_EQ(persistence["rdb_last_save_time"], std::to_string(client.call({"LASTSAVE"}).integer));
  ASSERT_TRUE(client.call({"SET", "a", "1"}).is_ok());
  ASSERT_TRUE(client.call({"SET", "b", "1"}).is_ok());
  EXPECT_EQ(field(client, "persistence", "rdb_changes_since_last_save"), "2");
  ASSERT_EQ(client.call({"BGSAVE"}).debug(), "+Background saving started");
  persistence = info_fields(info_text(client, {"persistence"}));
  EXPECT_EQ(persistence["rdb_changes_since_last_save"], "0");
  EXPECT_EQ(persistence["rdb_saves"], std::to_string(saves + 1));
}

TEST_F(InfoTest, MemoryAndCpuReportTheProcess) {
  TestClient client(server_->port());
  auto memory = info_fields(info_text(client, {"memory"}));
  EXPECT_GT(std::stoll(memory["used_memory"]), 0);
  EXPECT_GT(std::stoll(memory["used_memory_rss"]), 0);
  EXPECT_GE(std::stoll(memory["used_memory_peak"]), std::stoll(memory["used_memory"]));
  EXPECT_TRUE(like(memory["used_memory_human"], "[0-9]*[BKMGTP]"));
  EXPECT_GT(std::stoll(memory["total_system_memory"]), 0);
  EXPECT_EQ(memory["maxmemory"], "0");
  EXPECT_EQ(memory["maxmemory_human"], "0B");
  EXPECT_EQ(memory["maxmemory_policy"], "noeviction");
  // The allocator's own count when it gives one (jemalloc, glibc), else the
  // resident size (under the sanitizers).
  EXPECT_TRUE(like(memory["mem_allocator"], "jemalloc-*") || memory["mem_allocator"] == "libc" ||
              memory["mem_allocator"] == "unknown")
      << memory["mem_allocator"];
  auto cpu = info_fields(info_text(client, {"cpu"}));
  const char* seconds = "[0-9]*.[0-9][0-9][0-9][0-9][0-9][0-9]";
  EXPECT_TRUE(like(cpu["used_cpu_user"], seconds));
  EXPECT_TRUE(like(cpu["used_cpu_sys_children"], seconds));
}

TEST_F(InfoTest, UsedMemoryCountsWhatTheServerHolds) {
  TestClient client(server_->port());
  auto used = [&] { return std::stoll(field(client, "memory", "used_memory")); };
  long long before = used();
  // 8 values of 4 MB: held in the write overlay and the row cache at least.
  std::string value(4 << 20, 'v');
  for (int i = 0; i < 8; ++i) {
    ASSERT_TRUE(client.call({"SET", "big" + std::to_string(i), value}).is_ok());
  }
  EXPECT_GT(used(), before + (16 << 20));
}

TEST_F(InfoTest, LatencystatsFollowTheTrackingSettings) {
  TestClient client(server_->port());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(client.call({"SET", "k", "v"}).is_ok());
  auto latency = info_fields(info_text(client, {"latencystats"}));
  const char* three =
      "p50=[0-9]*.[0-9][0-9][0-9],p99=[0-9]*.[0-9][0-9][0-9],p99.9=[0-9]*.[0-9][0-9][0-9]";
  EXPECT_TRUE(like(latency["latency_percentiles_usec_set"], three))
      << latency["latency_percentiles_usec_set"];
  EXPECT_TRUE(like(latency["latency_percentiles_usec_config|resetstat"], three));
  EXPECT_EQ(latency.count("latency_percentiles_usec_get"), 0u);
  ASSERT_TRUE(
      client.call({"CONFIG", "SET", "latency-tracking-info-percentiles", "0.0 50.0 100.0"}).is_ok());
  latency = info_fields(info_text(client, {"latencystats"}));
  EXPECT_TRUE(like(latency["latency_percentiles_usec_set"], "p0=[0-9]*,p50=[0-9]*,p100=[0-9]*"));
  ASSERT_TRUE(client.call({"CONFIG", "SET", "latency-tracking-info-percentiles", ""}).is_ok());
  EXPECT_EQ(info_fields(info_text(client, {"latencystats"}))["latency_percentiles_usec_set"], "");
  ASSERT_TRUE(client.call({"CONFIG", "SET", "latency-tracking", "no"}).is_ok());
  EXPECT_EQ(info_text(client, {"latencystats"}), "# Latencystats\r\n");
  ASSERT_TRUE(client.call({"CONFIG", "SET", "latency-tracking", "yes"}).is_ok());
  ASSERT_TRUE(
      client.call({"CONFIG", "SET", "latency-tracking-info-percentiles", "50 99 99.9"}).is_ok());
  ASSERT_TRUE(client.call({"CONFIG", "RESETSTAT"}).is_ok());
  latency = info_fields(info_text(client, {"latencystats"}));
  EXPECT_EQ(latency.count("latency_percentiles_usec_set"), 0u);
}

TEST_F(InfoTest, Resp3RepliesAVerbatimString) {
  TestClient client(server_->port());
  ASSERT_EQ(client.call({"HELLO", "3"}).type, Reply::kMap);
  Reply reply = client.call({"INFO", "server"});
  ASSERT_EQ(reply.type, Reply::kVerbatim);
  EXPECT_EQ(reply.text.rfind("txt:# Server\r\n", 0), 0u);
}

}  // namespace
}  // namespace ringkv::testing
