// Crash cycles (CI variant of tools/crash-test): the real server is killed
// with SIGKILL at random moments under pipelined writes from several
// connections and restarted on the same dir; every acknowledged write must
// be there and no multi-key command half-applied. The checking lives in
// tools/crash-test, run here with a bounded number of cycles.
#include <gtest/gtest.h>
#include <leveldb/db.h>
#include <leveldb/write_batch.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>

#include "store/encoding.h"
#include "store/open_recovery.h"
#include "test_client.h"

namespace ringkv::testing {
namespace {

namespace fs = std::filesystem;

// tools/crash-test in the source tree. __FILE__ is absolute or relative to
// the build root, which holds src/ringkv-server.
fs::path crash_tool() {
  fs::path source(__FILE__);
  if (source.is_relative()) {
    fs::path build_root = fs::path(ServerProcess::binary_path()).parent_path().parent_path();
    source = build_root / source;
  }
  return source.parent_path().parent_path().parent_path() / "tools" / "crash-test";
}

struct ToolRun {
  int status = -1;
  std::string output;
};

ToolRun run_tool(const std::string& arguments) {
  std::string command = "python3 '" + crash_tool().string() + "' --server '" +
                        ServerProcess::binary_path() + "' " + arguments + " 2>&1";
  ToolRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char chunk[4096];
  size_t got;
  while ((got = fread(chunk, 1, sizeof(chunk), pipe)) > 0) run.output.append(chunk, got);
  int status = pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

bool have_python() { return std::system("python3 -c '' >/dev/null 2>&1") == 0; }

// The cycle count from the tool's closing line ("crash-test: N cycles, ...").
int cycles_run(const std::string& output) {
  size_t at = output.rfind("crash-test: ");
  return at == std::string::npos ? 0 : std::atoi(output.c_str() + at + 12);
}

int random_seed() { return static_cast<int>(std::random_device()() % 1000000); }

TEST(CrashCyclesTest, AcknowledgedWritesSurviveKill9UnderAlways) {
  if (!have_python()) GTEST_SKIP() << "python3 is needed to run tools/crash-test";
  ASSERT_TRUE(fs::exists(crash_tool())) << crash_tool();
  // 10 cycles of 30..250 ms of load each; the time limit only guards
  // against a much slower machine (sanitizer builds).
  ToolRun run = run_tool("--cycles 10 --max-kill-ms 250 --time-limit 45 --appendfsync always "
                         "--seed " + std::to_string(random_seed()));
  EXPECT_EQ(run.status, 0) << run.output;
  EXPECT_NE(run.output.find(" 0 lost, 0 failed checks"), std::string::npos) << run.output;
  EXPECT_GE(cycles_run(run.output), 10) << run.output;
  std::printf("%s", run.output.substr(run.output.rfind("crash-test:")).c_str());
}

TEST(CrashCyclesTest, EverySecLosesAtMostOneSecond) {
  if (!have_python()) GTEST_SKIP() << "python3 is needed to run tools/crash-test";
  ToolRun run = run_tool("--cycles 3 --max-kill-ms 250 --time-limit 12 --appendfsync everysec "
                         "--max-loss-ms 1000 --seed " + std::to_string(random_seed()));
  EXPECT_EQ(run.status, 0) << run.output;
  EXPECT_NE(run.output.find(" 0 failed checks"), std::string::npos) << run.output;
  std::printf("%s", run.output.substr(run.output.rfind("crash-test:")).c_str());
}

// The recovery half, without a crash's luck: the state a kill -9 leaves when
// an MSET's batch reached shard 0 and not shard 1 is written straight into
// the shards' LevelDBs, then the server must complete the command.
struct StoppedDir {
  std::string path;
  StoppedDir() {
    char pattern[] = "/tmp/ringkv-intent-XXXXXX";
    path = mkdtemp(pattern);
  }
  ~StoppedDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  std::string data() const { return path + "/data"; }
};

std::unique_ptr<leveldb::DB> open_shard(const std::string& data, int shard) {
  leveldb::DB* db = nullptr;
  leveldb::Options options;
  leveldb::Status status =
      leveldb::DB::Open(options, data + "/" + store::shard_name(static_cast<size_t>(shard)), &db);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return std::unique_ptr<leveldb::DB>(db);
}

std::string string_meta(const std::string& value) {
  store::Meta meta;
  meta.value = value;
  return store::encode_meta_value(meta);
}

// Shard `holder` gets its own part of command `id` (key = value), the
// intent record with `other_part`, and "T" = id, in one write.
void write_half_command(leveldb::DB* holder, uint64_t id, const std::string& key,
                        const std::string& value, const store::IntentPart& other_part) {
  leveldb::WriteBatch batch;
  batch.Put(store::encode_meta_key(0, key), string_meta(value));
  batch.Put(store::encode_intent_key(id), store::encode_intent({&other_part}));
  std::string id_value;
  store::append_u64_be(&id_value, id);
  batch.Put(std::string(store::kNewestIntentKey), id_value);
  ASSERT_TRUE(holder->Write(leveldb::WriteOptions(), &batch).ok());
}

size_t intent_records(leveldb::DB* db) {
  std::unique_ptr<leveldb::Iterator> it(db->NewIterator(leveldb::ReadOptions()));
  size_t count = 0;
  for (it->Seek("t"); it->Valid() && it->key().starts_with("t"); it->Next()) ++count;
  return count;
}

TEST(CrashCyclesTest, RestartCompletesAMultiShardCommandFoundInOneShard) {
  StoppedDir dir;
  std::string log = dir.path + "/server.log";
  {
    ServerProcess server({"--threads", "2"}, dir.data());
    TestClient client(server.port());
    ASSERT_TRUE(client.call({"MSET", "{t0}x", "old", "{t1}y", "old", "{t1}z", "old"}).is_ok());
    ASSERT_EQ(server.stop(), 0);
  }
  uint64_t first = 0;
  uint64_t second = 0;
  {
    auto shard0 = open_shard(dir.data(), 0);
    auto shard1 = open_shard(dir.data(), 1);
    // Above the ids the server gave its own multi-shard commands so far.
    uint64_t base = std::max(store::read_newest_intent(shard0.get()),
                             store::read_newest_intent(shard1.get()));
    first = base + 900;
    second = base + 1000;
    // One command reached both shards, and shard 1 wrote z again after it:
    // completing it again would undo that later write.
    store::IntentPart done{1, {{store::encode_meta_key(0, "{t1}z"), string_meta("stale")}}};
    write_half_command(shard0.get(), first, "{t0}x", "new", done);
    leveldb::WriteBatch later;
    later.Put(store::encode_meta_key(0, "{t1}z"), string_meta("later"));
    std::string id_value;
    store::append_u64_be(&id_value, first);
    later.Put(std::string(store::kNewestIntentKey), id_value);
    ASSERT_TRUE(shard1->Write(leveldb::WriteOptions(), &later).ok());
    // A later command (MSET {t0}x new {t1}y new) reached only shard 0.
    store::IntentPart missing{1, {{store::encode_meta_key(0, "{t1}y"), string_meta("new")}}};
    write_half_command(shard0.get(), second, "{t0}x", "new", missing);
  }
  {
    ServerProcess server({"--threads", "2", "--logfile", log}, dir.data());
    TestClient client(server.port());
    EXPECT_EQ(client.call({"MGET", "{t0}x", "{t1}y", "{t1}z"}).debug(),
              "[\"new\", \"new\", \"later\"]");
    EXPECT_EQ(client.call({"DBSIZE"}).integer, 3);
    ASSERT_EQ(server.stop(), 0);
  }
  std::ifstream in(log);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("shard-01: completed multi-shard command " + std::to_string(second) +
                      " that a crash interrupted"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("command " + std::to_string(first)), std::string::npos) << text;
  auto shard0 = open_shard(dir.data(), 0);
  EXPECT_EQ(intent_records(shard0.get()), 0u);
}

}  // namespace
}  // namespace ringkv::testing
