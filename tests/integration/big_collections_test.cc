// Big collections against the real server. A hash of 1 000 000 fields and a
// set, sorted set and list of 200 000 members each are built by pipelining
// (only the hash at full size, so that the binary stays near 90 s on a
// loaded 2-core machine; the others run the same checks), then:
//  - reading the head of the collection a thousand times (LRANGE 0 9,
//    ZRANGE 0 9, HSCAN/SSCAN COUNT 10) leaves the server's peak RSS nearly
//    where it was: nothing loads the whole collection;
//  - DEL answers in constant time (its own round trip is measured) and the
//    keyspace is consistent at once (EXISTS, TYPE, DBSIZE, a new key of the
//    same name starts empty);
//  - the background sweep removes every member while PING/GET keep being
//    answered (latency printed). The server has no counter for pending
//    garbage, so the sweep is judged over when the shards' write-ahead logs
//    stop growing (its deletes are the only writes then), and its result is
//    proved by reading the shards' LevelDB after the server stopped; once
//    it is over, the idle server's CPU use falls back to nearly nothing;
//  - killing the server (SIGKILL, or SIGTERM) right after a DEL or an
//    overwrite, in the middle of the sweep, loses nothing else, shows no
//    dead member, and the sweep finishes after the restart.
// Every test prints its own duration and measurements.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/encoding.h"
#include "store/shard_store.h"
#include "test_client.h"

// Under AddressSanitizer (tools/test --sanitize builds the server with it
// too) freed memory waits in a quarantine, so RSS also counts what the
// server recently freed.
#if defined(__SANITIZE_ADDRESS__)
#define BIGCOLL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BIGCOLL_ASAN 1
#endif
#endif
#ifdef BIGCOLL_ASAN
constexpr long kHeadReadsPeakGrowthKb = 64 * 1024;
#else
// jemalloc backs the heap with 2 MB huge pages (src/malloc_conf.cc), so the
// compaction that follows the fill grows RSS in 2 MB steps: measured up to
// +16.4 MB while other tests ran beside this one.
constexpr long kHeadReadsPeakGrowthKb = 20 * 1024;
#endif

namespace ringkv::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// One collection type: how to fill it, count it and read its head.
struct Kind {
  const char* name;   // test label
  const char* type;   // TYPE reply
  const char* fill;   // adds members (RPUSH for lists, so element i is at index i)
  const char* count;  // HLEN, SCARD, ZCARD, LLEN
  int members;
};

// The arguments that add member `i` of `kind`.
void append_member(const Kind& kind, int i, std::vector<std::string>* command) {
  std::string n = std::to_string(i);
  switch (kind.fill[0]) {
    case 'H':
      command->push_back("field:" + n);
      command->push_back("value:" + n);
      break;
    case 'Z':
      command->push_back(n);
      command->push_back("member:" + n);
      break;
    case 'R':
      command->push_back("element:" + n);
      break;
    default:
      command->push_back("member:" + n);
      break;
  }
}

constexpr Kind kHash{"hash", "hash", "HSET", "HLEN", 1000000};
constexpr Kind kSet{"set", "set", "SADD", "SCARD", 200000};
constexpr Kind kZset{"zset", "zset", "ZADD", "ZCARD", 200000};
constexpr Kind kList{"list", "list", "RPUSH", "LLEN", 200000};

// Records one member takes in the shard: a sorted-set member has a score
// record besides its member record.
int records_per_member(const Kind& kind) { return kind.fill[0] == 'Z' ? 2 : 1; }

// Adds members [0, members) to `key`, 1000 per command, with at most 32
// commands awaiting their reply.
void fill(TestClient& client, const Kind& kind, const std::string& key, int members) {
  constexpr int kPerCommand = 1000;
  constexpr int kInFlight = 32;
  int sent = 0;
  int answered = 0;
  int64_t expected_total = 0;
  auto check_reply = [&] {
    Reply reply = client.read_reply();
    int batch = std::min(kPerCommand, members - answered * kPerCommand);
    expected_total += batch;
    ++answered;
    // RPUSH answers the new length, the others the number of new members.
    int64_t expected = kind.fill[0] == 'R' ? expected_total : batch;
    ASSERT_EQ(reply.debug(), ":" + std::to_string(expected)) << kind.fill << " " << key;
  };
  for (int first = 0; first < members; first += kPerCommand) {
    std::vector<std::string> command = {kind.fill, key};
    for (int i = first; i < std::min(members, first + kPerCommand); ++i) {
      append_member(kind, i, &command);
    }
    client.send_command(command);
    if (++sent - answered > kInFlight) check_reply();
  }
  while (answered < sent) check_reply();
}

// The server's resident set (current or peak) in kB, from /proc.
long status_kb(pid_t pid, const std::string& field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with(field + ":")) return std::atol(line.c_str() + field.size() + 1);
  }
  return -1;
}

// Sets the server's peak RSS (VmHWM) back to its current RSS (Linux >= 4.0).
bool reset_peak_rss(pid_t pid) {
  std::ofstream clear("/proc/" + std::to_string(pid) + "/clear_refs");
  clear << "5";
  clear.flush();
  return clear.good();
}

// utime + stime of every thread of the server, in clock ticks.
long cpu_ticks(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  std::string rest = text.substr(text.rfind(')') + 2);
  std::vector<std::string> fields;
  size_t at = 0;
  while (fields.size() < 13 && at < rest.size()) {
    size_t end = rest.find(' ', at);
    fields.push_back(rest.substr(at, end - at));
    at = end == std::string::npos ? rest.size() : end + 1;
  }
  return fields.size() < 13 ? 0 : std::atol(fields[11].c_str()) + std::atol(fields[12].c_str());
}

// Bytes written to the shards' LevelDB write-ahead logs so far. A memtable
// flush starts a new NNNNNN.log and deletes the old one, so each file's
// largest size seen is kept; a sample must be taken at least once per flush
// to miss nothing, which polling every few milliseconds does.
class LogGrowth {
 public:
  explicit LogGrowth(std::string data_dir) : data_dir_(std::move(data_dir)) {}
  uintmax_t sample() {
    std::error_code error;
    for (const auto& shard : fs::directory_iterator(data_dir_, error)) {
      for (const auto& file : fs::directory_iterator(shard.path(), error)) {
        if (file.path().extension() != ".log") continue;
        uintmax_t size = fs::file_size(file.path(), error);
        if (error) continue;  // deleted between listing and stat
        uintmax_t& seen = largest_[file.path().string()];
        seen = std::max(seen, size);
      }
    }
    uintmax_t total = 0;
    for (const auto& [path, size] : largest_) total += size;
    return total;
  }

 private:
  std::string data_dir_;
  std::map<std::string, uintmax_t> largest_;
};

// Latencies of a probe client's round trips.
struct Latencies {
  std::vector<double> ms;
  std::string summary() {
    if (ms.empty()) return "no samples";
    std::sort(ms.begin(), ms.end());
    auto at = [&](double q) {
      return ms[static_cast<size_t>(q * static_cast<double>(ms.size() - 1))];
    };
    char text[160];
    std::snprintf(text, sizeof text, "%zu round trips, p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                  ms.size(), at(0.5), at(0.99), ms.back());
    return text;
  }
};

// The shards of a stopped server's data dir, opened directly.
class StoppedShards {
 public:
  explicit StoppedShards(const std::string& data_dir) {
    std::vector<fs::path> paths;
    for (const auto& entry : fs::directory_iterator(data_dir)) {
      if (entry.path().filename().string().starts_with("shard-")) paths.push_back(entry.path());
    }
    std::sort(paths.begin(), paths.end());
    for (const fs::path& path : paths) {
      std::string error;
      auto store = store::ShardStore::open(path.string(), store::ShardOptions{}, &error);
      EXPECT_TRUE(store) << error;
      if (store) shards_.push_back(std::move(store));
    }
  }
  size_t shard_count() const { return shards_.size(); }

  // Member, list and score records of `key` (db 0) in any version, dead or
  // alive.
  size_t records_of(std::string_view key) {
    // Each prefix minus its version: 'f'|'l'|'z' db len32(key) key.
    std::vector<std::string> prefixes = {store::member_key_prefix(0, key, 0),
                                         store::list_key_prefix(0, key, 0),
                                         store::score_key_prefix(0, key, 0)};
    size_t count = 0;
    for (std::string& prefix : prefixes) {
      prefix.resize(prefix.size() - 8);
      count += count_prefix(prefix);
    }
    return count;
  }
  // Records naming dead collection versions that await the sweep.
  size_t garbage_records() { return count_prefix(store::garbage_key_prefix()); }

 private:
  size_t count_prefix(std::string_view prefix) {
    size_t count = 0;
    for (auto& shard : shards_) {
      shard->scan(prefix, {}, [&](std::string_view, std::string_view) {
        ++count;
        return true;
      });
    }
    return count;
  }
  std::vector<std::unique_ptr<store::ShardStore>> shards_;
};

// A data dir that outlives the servers started on it.
struct DataDir {
  DataDir() {
    char pattern[] = "/tmp/ringkv-bigcoll-XXXXXX";
    path = mkdtemp(pattern);
  }
  ~DataDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  std::string path;
};

// Reads the head of `key` 1000 times (LRANGE 0 9, ZRANGE 0 9, or HSCAN and
// SSCAN COUNT 10 following the cursor); sets *growth to how much the
// server's peak RSS grew across the reads, in kB.
void head_reads_peak_growth(ServerProcess& server, TestClient& client, const Kind& kind,
                            const std::string& key, long* growth) {
  auto read_head = [&](const std::string& cursor) {
    switch (kind.fill[0]) {
      case 'R':
        return client.call({"LRANGE", key, "0", "9"});
      case 'Z':
        return client.call({"ZRANGE", key, "0", "9"});
      case 'H':
        return client.call({"HSCAN", key, cursor, "COUNT", "10"});
      default:
        return client.call({"SSCAN", key, cursor, "COUNT", "10"});
    }
  };
  std::string cursor = "0";
  std::set<std::string> scanned;
  read_head(cursor);  // warms the block cache and the connection's buffers
  EXPECT_TRUE(reset_peak_rss(server.pid()));
  long before = status_kb(server.pid(), "VmRSS");
  Clock::time_point start = Clock::now();
  for (int call = 0; call < 1000; ++call) {
    Reply reply = read_head(cursor);
    if (kind.fill[0] == 'R' || kind.fill[0] == 'Z') {
      ASSERT_EQ(reply.elements.size(), 10u) << reply.debug();
      const char* stem = kind.fill[0] == 'R' ? "element:" : "member:";
      EXPECT_EQ(reply.elements[0].text, std::string(stem) + "0");
      EXPECT_EQ(reply.elements[9].text, std::string(stem) + "9");
      continue;
    }
    ASSERT_EQ(reply.elements.size(), 2u) << reply.debug();
    cursor = reply.elements[0].text;
    const auto& items = reply.elements[1].elements;
    size_t step = kind.fill[0] == 'H' ? 2 : 1;  // HSCAN answers field, value pairs
    for (size_t i = 0; i < items.size(); i += step) scanned.insert(items[i].text);
    ASSERT_NE(cursor, "0") << "the cursor of a big collection ended after " << call << " calls";
  }
  double per_call = ms_since(start) / 1000;
  long peak = status_kb(server.pid(), "VmHWM");
  // Reading the whole collection for each call would take tens of
  // milliseconds (200 000 members) to seconds (1 000 000); a head read is a
  // round trip plus ten members (generous for oversubscribed cores).
  EXPECT_LT(per_call, 5.0) << "a head read costs as if it read the whole collection";
  // COUNT is a hint, but the cursor must keep bringing new members.
  if (kind.fill[0] == 'H' || kind.fill[0] == 'S') {
    EXPECT_GE(scanned.size(), 1000u * 5);
  }
  std::printf(
      "[bigcoll] %s: 1000 head reads, %.2f ms each; RSS %ld kB, peak "
      "during reads +%ld kB\n",
      kind.name, per_call, before, peak - before);
  *growth = peak - before;
}

// Waits, probing with PING and GET `string_key` (which must answer
// `string_value`), until the shards' logs stop growing; returns how long
// after `since` the last growth was seen, in ms. `min_log_bytes` is the
// least the sweep must have logged: a delete is logged with its whole key.
double await_sweep(const std::string& label, int port, const std::string& data_dir,
                   Clock::time_point since, uintmax_t min_log_bytes, const std::string& string_key,
                   const std::string& string_value) {
  // The loops sweep on their 100 ms timer; 2 s (20 ticks) without a write
  // means the sweep has nothing left, even on oversubscribed cores.
  constexpr auto kQuiet = std::chrono::seconds(2);
  constexpr auto kLimit = std::chrono::seconds(150);
  TestClient probe(port);
  LogGrowth log(data_dir);
  uintmax_t first = log.sample();
  uintmax_t last = first;
  Clock::time_point last_growth = Clock::now();
  Latencies latencies;
  while (Clock::now() - last_growth < kQuiet && Clock::now() - since < kLimit) {
    Clock::time_point sent = Clock::now();
    EXPECT_EQ(probe.call({"PING"}).debug(), "+PONG");
    EXPECT_EQ(probe.call({"GET", string_key}).debug(), "\"" + string_value + "\"");
    latencies.ms.push_back(ms_since(sent));
    uintmax_t now = log.sample();
    if (now != last) {
      last = now;
      last_growth = Clock::now();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  double swept_ms = std::chrono::duration<double, std::milli>(last_growth - since).count();
  EXPECT_LT(Clock::now() - since, kLimit) << "the shards' logs still grow after the limit";
  EXPECT_GE(last - first, min_log_bytes)
      << "the sweep logged too little to have deleted everything";
  std::printf(
      "[bigcoll] %s: sweep over %.0f ms after it began (%ju log bytes); "
      "PING+GET during it: %s\n",
      label.c_str(), swept_ms, last - first, latencies.summary().c_str());
  // Sweeping in one go would stall the loop for seconds; a bounded share
  // per tick keeps round trips short (generous for oversubscribed cores).
  std::sort(latencies.ms.begin(), latencies.ms.end());
  if (!latencies.ms.empty()) {
    EXPECT_LT(latencies.ms[latencies.ms.size() * 99 / 100], 500.0);
  }
  return swept_ms;
}

// The share of a core the server used over one second.
double cpu_share_over_a_second(pid_t pid) {
  long ticks = cpu_ticks(pid);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  return static_cast<double>(cpu_ticks(pid) - ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

class BigCollectionsTest : public ::testing::TestWithParam<Kind> {
 protected:
  void SetUp() override { started_ = Clock::now(); }
  void TearDown() override {
    std::printf("[bigcoll] %s: test took %.1f s\n", GetParam().name, ms_since(started_) / 1000);
  }
  Clock::time_point started_;
};

TEST_P(BigCollectionsTest, DeleteAnswersAtOnceAndTheSweepRemovesEveryMember) {
  const Kind& kind = GetParam();
  DataDir dir;
  const std::string key = std::string("big:") + kind.name;
  // Collections of the same type whose records border the doomed ones in
  // LevelDB (names of the same length sort by their bytes).
  std::string before_key = key;
  std::string after_key = key;
  --before_key.back();  // big:hasg < big:hash < big:hasi
  ++after_key.back();
  {
    ServerProcess server({"--threads", "2"}, dir.path);
    TestClient client(server.port());
    Clock::time_point start = Clock::now();
    fill(client, kind, key, kind.members);
    std::printf("[bigcoll] %s: %d members added in %.1f s\n", kind.name, kind.members,
                ms_since(start) / 1000);
    fill(client, kind, before_key, 100);
    fill(client, kind, after_key, 100);
    ASSERT_TRUE(client.call({"SET", "plain", "still here"}).is_ok());
    ASSERT_EQ(client.call({kind.count, key}).debug(), ":" + std::to_string(kind.members));
    ASSERT_EQ(client.call({"TYPE", key}).debug(), std::string("+") + kind.type);
    ASSERT_EQ(client.call({"DBSIZE"}).debug(), ":4");

    long growth = 0;
    ASSERT_NO_FATAL_FAILURE(head_reads_peak_growth(server, client, kind, key, &growth));
    // LevelDB's background work and block cache account for a few MB (and
    // ASan's quarantine for ~10 more); holding the members in memory would
    // take tens (the 1M hash: ~100 MB).
    EXPECT_LT(growth, kHeadReadsPeakGrowthKb)
        << "reading the head of a big collection grew the server's RSS";

    // The DEL of a one-member key first, for comparison on this machine.
    ASSERT_EQ(client.call({"SADD", "tiny", "m"}).debug(), ":1");
    start = Clock::now();
    ASSERT_EQ(client.call({"DEL", "tiny"}).debug(), ":1");
    double tiny_ms = ms_since(start);
    Clock::time_point deleted = Clock::now();
    ASSERT_EQ(client.call({"DEL", key}).debug(), ":1");
    double del_ms = ms_since(deleted);
    std::printf(
        "[bigcoll] %s: DEL of %d members took %.3f ms (DEL of 1 "
        "member: %.3f ms)\n",
        kind.name, kind.members, del_ms, tiny_ms);
    // Under 10 ms on an idle machine, where deleting the members in the DEL
    // itself would take seconds; the bound leaves room for a loaded one.
    EXPECT_LT(del_ms, 250.0);

    EXPECT_EQ(client.call({"EXISTS", key}).debug(), ":0");
    EXPECT_EQ(client.call({"TYPE", key}).debug(), "+none");
    EXPECT_EQ(client.call({kind.count, key}).debug(), ":0");
    EXPECT_EQ(client.call({"DBSIZE"}).debug(), ":3");
    // A new collection of the same name starts empty while the old members
    // still await the sweep.
    std::vector<std::string> add = {kind.fill, key};
    append_member(kind, 7, &add);
    EXPECT_EQ(client.call(add).debug(), ":1");
    EXPECT_EQ(client.call({kind.count, key}).debug(), ":1");
    EXPECT_EQ(client.call({"DBSIZE"}).debug(), ":4");

    size_t min_log_bytes = static_cast<size_t>(kind.members) * 10 * records_per_member(kind);
    await_sweep(kind.name, server.port(), dir.path, deleted, min_log_bytes, "plain", "still here");
    EXPECT_EQ(client.call({kind.count, key}).debug(), ":1");
    EXPECT_EQ(client.call({kind.count, before_key}).debug(), ":100");
    EXPECT_EQ(client.call({kind.count, after_key}).debug(), ":100");
    // Once the sweep is over the server idles: only its 100 ms timer runs.
    double idle = cpu_share_over_a_second(server.pid());
    std::printf("[bigcoll] %s: idle server after the sweep: %.0f%% of a core\n", kind.name,
                idle * 100);
    EXPECT_LT(idle, 0.10) << "the idle server keeps working after the sweep";
    ASSERT_EQ(server.stop(), 0);
  }
  StoppedShards shards(dir.path);
  ASSERT_EQ(shards.shard_count(), 2u);
  EXPECT_EQ(shards.records_of(key), static_cast<size_t>(records_per_member(kind)))
      << "dead members of " << key << " survived the sweep";
  EXPECT_EQ(shards.records_of(before_key), 100u * records_per_member(kind));
  EXPECT_EQ(shards.records_of(after_key), 100u * records_per_member(kind));
  EXPECT_EQ(shards.garbage_records(), 0u);
}

// Keys that must come through every restart unchanged.
void add_bystanders(TestClient& client) {
  ASSERT_TRUE(client.call({"SET", "plain", "still here"}).is_ok());
  fill(client, kHash, "nb:hash", 1000);
  fill(client, kList, "nb:list", 1000);
  ASSERT_EQ(client.call({"SADD", "nb:ttl", "a", "b"}).debug(), ":2");
  ASSERT_EQ(client.call({"EXPIRE", "nb:ttl", "3600"}).debug(), ":1");
}

void check_bystanders(TestClient& client) {
  EXPECT_EQ(client.call({"GET", "plain"}).debug(), "\"still here\"");
  EXPECT_EQ(client.call({"HLEN", "nb:hash"}).debug(), ":1000");
  EXPECT_EQ(client.call({"HGET", "nb:hash", "field:999"}).debug(), "\"value:999\"");
  EXPECT_EQ(client.call({"LLEN", "nb:list"}).debug(), ":1000");
  EXPECT_EQ(client.call({"LINDEX", "nb:list", "999"}).debug(), "\"element:999\"");
  EXPECT_EQ(client.call({"SMISMEMBER", "nb:ttl", "a", "b"}).debug(), "[:1, :1]");
  Reply ttl = client.call({"TTL", "nb:ttl"});
  EXPECT_TRUE(ttl.integer > 3000 && ttl.integer <= 3600) << ttl.debug();
}

// Waits (up to 30 s) until the shards' logs grew `bytes` past `from`.
bool await_log_growth(LogGrowth& log, uintmax_t from, uintmax_t bytes) {
  Clock::time_point start = Clock::now();
  while (log.sample() < from + bytes) {
    if (Clock::now() - start > std::chrono::seconds(30)) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

// Log bytes that show a sweep of `records` records well under way but not
// over: each delete logs its whole key (some 40 bytes here), so this is
// about a third of the sweep. A kill can tear the batch being written,
// which the restart drops, so the mark must lie past the first batch.
uintmax_t sweep_under_way(size_t records) { return records * 12; }

// A hash killed by DEL and then SIGKILL, and a sorted set killed by an
// overwrite (SET) and then SIGTERM, each while its sweep is under way.
TEST(SweepRestartTest, StoppedMidSweepLosesNothingAndFinishesAfterRestart) {
  Clock::time_point started = Clock::now();
  constexpr int kMembers = 100000;
  DataDir dir;
  // Under appendfsync always a reply means the write is on disk, so the
  // SIGKILL cannot take the DEL back.
  const std::vector<std::string> args = {"--threads", "2", "--appendfsync", "always"};
  auto server = std::make_unique<ServerProcess>(args, dir.path);
  LogGrowth log(dir.path);
  {
    TestClient client(server->port());
    fill(client, kHash, "doomed:kill", kMembers);
    fill(client, kZset, "doomed:term", kMembers);
    ASSERT_NO_FATAL_FAILURE(add_bystanders(client));
    uintmax_t from = log.sample();
    ASSERT_EQ(client.call({"DEL", "doomed:kill"}).debug(), ":1");
    ASSERT_TRUE(await_log_growth(log, from, sweep_under_way(kMembers)));
    server->kill_hard();
  }
  size_t left = 0;
  {
    StoppedShards shards(dir.path);
    left = shards.records_of("doomed:kill");
    EXPECT_EQ(shards.garbage_records(), 1u);
  }
  std::printf("[bigcoll] SIGKILL: %zu of %d dead hash fields left to sweep\n", left, kMembers);
  EXPECT_GT(left, 0u) << "the sweep ended before the kill: nothing was interrupted";
  EXPECT_LT(left, static_cast<size_t>(kMembers)) << "no sweep batch was whole at the kill";

  server = std::make_unique<ServerProcess>(args, dir.path);
  {
    Clock::time_point restarted = Clock::now();
    TestClient client(server->port());
    EXPECT_EQ(client.call({"EXISTS", "doomed:kill"}).debug(), ":0");
    EXPECT_EQ(client.call({"TYPE", "doomed:kill"}).debug(), "+none");
    EXPECT_EQ(client.call({"ZCARD", "doomed:term"}).debug(), ":" + std::to_string(kMembers));
    EXPECT_EQ(client.call({"ZSCORE", "doomed:term", "member:99999"}).debug(), "\"99999\"");
    check_bystanders(client);
    EXPECT_EQ(client.call({"DBSIZE"}).debug(), ":5");
    // The name is free again and no dead field shows through a new hash.
    EXPECT_EQ(client.call({"HSET", "doomed:kill", "field:7", "new"}).debug(), ":1");
    EXPECT_EQ(client.call({"HGETALL", "doomed:kill"}).debug(), "[\"field:7\", \"new\"]");
    EXPECT_EQ(client.call({"HSCAN", "doomed:kill", "0", "COUNT", "1000"}).debug(),
              "[\"0\", [\"field:7\", \"new\"]]");
    await_sweep("restart after SIGKILL", server->port(), dir.path, restarted, left * 10, "plain",
                "still here");

    uintmax_t from = log.sample();
    Clock::time_point start = Clock::now();
    ASSERT_TRUE(client.call({"SET", "doomed:term", "a string now"}).is_ok());
    std::printf("[bigcoll] SET over a sorted set of %d members took %.3f ms\n", kMembers,
                ms_since(start));
    ASSERT_TRUE(await_log_growth(log, from, sweep_under_way(2 * kMembers)));
    EXPECT_EQ(server->stop(), 0);
  }
  {
    StoppedShards shards(dir.path);
    left = shards.records_of("doomed:term");
    EXPECT_EQ(shards.records_of("doomed:kill"), 1u);
    EXPECT_EQ(shards.garbage_records(), 1u);
  }
  std::printf("[bigcoll] SIGTERM: %zu of %d dead sorted set records left to sweep\n", left,
              2 * kMembers);
  EXPECT_GT(left, 0u) << "the sweep ended before the stop: nothing was interrupted";
  EXPECT_LT(left, 2u * kMembers) << "the sweep had not begun";

  server = std::make_unique<ServerProcess>(args, dir.path);
  {
    Clock::time_point restarted = Clock::now();
    TestClient client(server->port());
    EXPECT_EQ(client.call({"GET", "doomed:term"}).debug(), "\"a string now\"");
    EXPECT_EQ(client.call({"TYPE", "doomed:term"}).debug(), "+string");
    EXPECT_EQ(client.call({"HGETALL", "doomed:kill"}).debug(), "[\"field:7\", \"new\"]");
    check_bystanders(client);
    EXPECT_EQ(client.call({"DBSIZE"}).debug(), ":6");
    await_sweep("restart after SIGTERM", server->port(), dir.path, restarted, left * 10, "plain",
                "still here");
    EXPECT_EQ(server->stop(), 0);
  }
  StoppedShards shards(dir.path);
  EXPECT_EQ(shards.records_of("doomed:term"), 0u);
  EXPECT_EQ(shards.records_of("doomed:kill"), 1u);
  EXPECT_EQ(shards.records_of("nb:hash"), 1000u);
  EXPECT_EQ(shards.records_of("nb:list"), 1000u);
  EXPECT_EQ(shards.records_of("nb:ttl"), 2u);
  EXPECT_EQ(shards.garbage_records(), 0u);
  std::printf("[bigcoll] restarts mid-sweep: test took %.1f s\n", ms_since(started) / 1000);
}

INSTANTIATE_TEST_SUITE_P(Types, BigCollectionsTest, ::testing::Values(kHash, kSet, kZset, kList),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace ringkv::testing
