// Damaged data files: a torn or corrupt log tail, a corrupt or missing table
// file. The server must come up, say in its log what it dropped, keep every
// record it can read (never a wrong value), and serve. A data dir written
// with another shard count or format version is refused with a clear line.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "test_client.h"

namespace ringkv::testing {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  std::string path;
  TempDir() {
    char pattern[] = "/tmp/ringkv-damaged-XXXXXX";
    path = mkdtemp(pattern);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  std::string data() const { return path + "/data"; }
  std::string log() const { return path + "/server.log"; }
};

// Keys with hash tag {t0} live in shard 0 of 2, {t1} in shard 1.
std::string key_in(int shard, int i) { return "{t" + std::to_string(shard) + "}key:" + std::to_string(i); }
std::string value_of(int shard, int i) {
  return "value-" + std::to_string(shard) + "-" + std::to_string(i) + std::string(80, 'v');
}

std::vector<std::string> server_args(const TempDir& dir) {
  return {"--threads", "2", "--appendfsync", "always", "--logfile", dir.log()};
}

// Pipelined SETs of keys 0..count-1 into both shards, every reply checked.
void write_keys(int port, int count) {
  TestClient client(port);
  for (int start = 0; start < count; start += 500) {
    int end = std::min(count, start + 500);
    for (int i = start; i < end; ++i) {
      for (int shard = 0; shard < 2; ++shard) {
        client.send_command({"SET", key_in(shard, i), value_of(shard, i)});
      }
    }
    for (int i = start; i < end; ++i) {
      for (int shard = 0; shard < 2; ++shard) ASSERT_TRUE(client.read_reply().is_ok());
    }
  }
}

// Which of keys 0..count-1 of `shard` are present; a present key must hold
// exactly the value that was written.
std::vector<bool> present_keys(int port, int shard, int count) {
  TestClient client(port);
  std::vector<bool> present(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) client.send_command({"GET", key_in(shard, i)});
  for (int i = 0; i < count; ++i) {
    Reply reply = client.read_reply();
    if (reply.type == Reply::kBulk) {
      EXPECT_EQ(reply.text, value_of(shard, i)) << key_in(shard, i);
      present[static_cast<size_t>(i)] = true;
    } else {
      EXPECT_EQ(reply.type, Reply::kNull) << reply.debug();
    }
  }
  return present;
}

size_t count_present(const std::vector<bool>& present) {
  return static_cast<size_t>(std::count(present.begin(), present.end(), true));
}

// Writes to one shard reach its log in command order, so what survives
// of a damaged tail is a prefix.
void expect_prefix(const std::vector<bool>& present) {
  size_t prefix = 0;
  while (prefix < present.size() && present[prefix]) ++prefix;
  EXPECT_EQ(prefix, count_present(present)) << "a key after a dropped one survived";
}

void expect_serves(int port) {
  TestClient client(port);
  EXPECT_TRUE(client.call({"SET", "{t0}after", "x"}).is_ok());
  EXPECT_TRUE(client.call({"SET", "{t1}after", "y"}).is_ok());
  EXPECT_EQ(client.call({"GET", "{t0}after"}).text, "x");
  EXPECT_EQ(client.call({"GET", "{t1}after"}).text, "y");
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The file of `shard` with extension `ext` with the highest number (the
// newest log) or, for tables, the largest.
fs::path shard_file(const std::string& data, int shard, const std::string& ext, bool largest) {
  fs::path best;
  for (const auto& entry : fs::directory_iterator(data + "/shard-0" + std::to_string(shard))) {
    if (entry.path().extension() != ext) continue;
    if (best.empty() || (largest ? entry.file_size() > fs::file_size(best)
                                 : entry.path().filename() > best.filename())) {
      best = entry.path();
    }
  }
  return best;
}

void flip_bytes(const fs::path& file, uint64_t at, int count) {
  std::fstream io(file, std::ios::in | std::ios::out | std::ios::binary);
  for (int i = 0; i < count; ++i) {
    io.seekg(static_cast<std::streamoff>(at + static_cast<uint64_t>(i)));
    char byte = 0;
    io.get(byte);
    io.seekp(static_cast<std::streamoff>(at + static_cast<uint64_t>(i)));
    io.put(static_cast<char>(byte ^ 0x5a));
  }
}

constexpr int kKeys = 3000;

TEST(DamagedFilesTest, TornLogTailIsDroppedAndReported) {
  TempDir dir;
  {
    ServerProcess server(server_args(dir), dir.data());
    write_keys(server.port(), kKeys);
    server.kill_hard();  // the writes stay in the logs, not yet in tables
  }
  fs::path log = shard_file(dir.data(), 0, ".log", false);
  ASSERT_FALSE(log.empty());
  // Cutting 3 bytes off the end tears the last record (its header alone
  // is 7 bytes).
  fs::resize_file(log, fs::file_size(log) - 3);
  ServerProcess server(server_args(dir), dir.data());
  std::vector<bool> shard0 = present_keys(server.port(), 0, kKeys);
  expect_prefix(shard0);
  EXPECT_LT(count_present(shard0), static_cast<size_t>(kKeys));
  EXPECT_GT(count_present(shard0), 0u);
  EXPECT_EQ(count_present(present_keys(server.port(), 1, kKeys)), static_cast<size_t>(kKeys));
  std::string text = read_file(dir.log());
  EXPECT_NE(text.find("shard-00: " + log.filename().string() + " ends in an unfinished write"),
            std::string::npos)
      << text;
  expect_serves(server.port());
}

TEST(DamagedFilesTest, LogCutAtRandomBytesKeepsAPrefix) {
  std::mt19937_64 random(std::random_device{}());
  for (int round = 0; round < 3; ++round) {
    TempDir dir;
    {
      ServerProcess server(server_args(dir), dir.data());
      write_keys(server.port(), kKeys);
      server.kill_hard();
    }
    fs::path log = shard_file(dir.data(), 0, ".log", false);
    uint64_t size = fs::file_size(log);
    uint64_t cut = random() % size;
    SCOPED_TRACE("cut " + log.string() + " at byte " + std::to_string(cut) + " of " +
                 std::to_string(size));
    fs::resize_file(log, cut);
    ServerProcess server(server_args(dir), dir.data());
    expect_prefix(present_keys(server.port(), 0, kKeys));
    EXPECT_EQ(count_present(present_keys(server.port(), 1, kKeys)), static_cast<size_t>(kKeys));
    expect_serves(server.port());
  }
}

TEST(DamagedFilesTest, FlippedBytesInLogDropOnlyTheDamagedRecords) {
  TempDir dir;
  {
    ServerProcess server(server_args(dir), dir.data());
    write_keys(server.port(), kKeys);
    server.kill_hard();
  }
  fs::path log = shard_file(dir.data(), 0, ".log", false);
  uint64_t size = fs::file_size(log);
  flip_bytes(log, size / 3, 4);
  {
    ServerProcess server(server_args(dir), dir.data());
    std::vector<bool> shard0 = present_keys(server.port(), 0, kKeys);
    EXPECT_LT(count_present(shard0), static_cast<size_t>(kKeys));
    // LevelDB skips the rest of the damaged 32 KiB block only.
    EXPECT_GT(count_present(shard0), static_cast<size_t>(kKeys) / 2);
    EXPECT_EQ(count_present(present_keys(server.port(), 1, kKeys)), static_cast<size_t>(kKeys));
    std::string text = read_file(dir.log());
    EXPECT_NE(text.find("shard-00: "), std::string::npos) << text;
    EXPECT_NE(text.find("dropping"), std::string::npos) << text;
    expect_serves(server.port());
  }
  // Once recovered, the shard stays healthy across a restart.
  ServerProcess again(server_args(dir), dir.data());
  TestClient client(again.port());
  EXPECT_EQ(client.call({"GET", "{t0}after"}).text, "x");
}

// Clean stop, then a restart: LevelDB turns each shard's log into a table.
void write_keys_into_tables(const TempDir& dir, int count) {
  {
    ServerProcess server(server_args(dir), dir.data());
    write_keys(server.port(), count);
    ASSERT_EQ(server.stop(), 0);
  }
  ServerProcess server(server_args(dir), dir.data());
  ASSERT_EQ(server.stop(), 0);
}

TEST(DamagedFilesTest, CorruptTableIsRepaired) {
  TempDir dir;
  write_keys_into_tables(dir, 10000);
  fs::path table = shard_file(dir.data(), 0, ".ldb", true);
  ASSERT_FALSE(table.empty()) << "no table file in shard-00";
  flip_bytes(table, fs::file_size(table) / 2, 8);
  ServerProcess server(server_args(dir), dir.data());
  std::vector<bool> shard0 = present_keys(server.port(), 0, 10000);
  EXPECT_LT(count_present(shard0), 10000u);
  EXPECT_GT(count_present(shard0), 9000u);  // only the damaged block's keys
  EXPECT_EQ(count_present(present_keys(server.port(), 1, 10000)), 10000u);
  std::string text = read_file(dir.log());
  EXPECT_NE(text.find("shard-00: a table is damaged"), std::string::npos) << text;
  EXPECT_NE(text.find("running RepairDB"), std::string::npos) << text;
  EXPECT_NE(text.find("shard-00: repaired"), std::string::npos) << text;
  expect_serves(server.port());
}

TEST(DamagedFilesTest, MissingTableIsRepaired) {
  TempDir dir;
  write_keys_into_tables(dir, 2000);
  fs::path table = shard_file(dir.data(), 0, ".ldb", true);
  ASSERT_FALSE(table.empty());
  fs::remove(table);
  ServerProcess server(server_args(dir), dir.data());
  EXPECT_EQ(count_present(present_keys(server.port(), 1, 2000)), 2000u);
  std::string text = read_file(dir.log());
  EXPECT_NE(text.find("shard-00: LevelDB cannot open it"), std::string::npos) << text;
  EXPECT_NE(text.find("missing files"), std::string::npos) << text;
  expect_serves(server.port());
}

struct Refusal {
  int status = -1;
  std::string output;
};

// Runs the server expecting it to refuse to start (bounded by timeout(1)
// in case it does start).
Refusal start_refused(const std::string& data, const std::string& extra = "") {
  std::string command = "timeout 20 '" + ServerProcess::binary_path() + "' --port 0 --dir '" +
                        data + "' " + extra + " 2>&1";
  Refusal refusal;
  FILE* pipe = popen(command.c_str(), "r");
  char chunk[512];
  size_t got;
  while ((got = fread(chunk, 1, sizeof(chunk), pipe)) > 0) refusal.output.append(chunk, got);
  int status = pclose(pipe);
  refusal.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return refusal;
}

void make_two_shard_dir(const TempDir& dir) {
  ServerProcess server({"--threads", "2"}, dir.data());
  TestClient client(server.port());
  ASSERT_TRUE(client.call({"SET", "k", "v"}).is_ok());
}

TEST(DamagedFilesTest, OtherShardCountIsRefused) {
  TempDir dir;
  make_two_shard_dir(dir);
  Refusal refusal = start_refused(dir.data(), "--shards 3");
  EXPECT_EQ(refusal.status, 1);
  EXPECT_NE(refusal.output.find("was created with 2 shards, not 3"), std::string::npos)
      << refusal.output;
}

TEST(DamagedFilesTest, OtherFormatVersionIsRefused) {
  TempDir dir;
  make_two_shard_dir(dir);
  std::ofstream(dir.data() + "/ringkv.format", std::ios::trunc) << "ringkv-format 2\nshards 2\n";
  Refusal refusal = start_refused(dir.data());
  EXPECT_EQ(refusal.status, 1);
  EXPECT_NE(refusal.output.find("data format 2 is not supported (this build reads format 1)"),
            std::string::npos)
      << refusal.output;
  std::ofstream(dir.data() + "/ringkv.format", std::ios::trunc) << "something else\n";
  refusal = start_refused(dir.data());
  EXPECT_EQ(refusal.status, 1);
  EXPECT_NE(refusal.output.find("is not a ringkv format file"), std::string::npos)
      << refusal.output;
}

TEST(DamagedFilesTest, ShardDirectoriesMustMatchTheFormatFile) {
  TempDir dir;
  make_two_shard_dir(dir);
  fs::create_directory(dir.data() + "/shard-02");
  Refusal refusal = start_refused(dir.data());
  EXPECT_EQ(refusal.status, 1);
  EXPECT_NE(refusal.output.find("has shard-02 but its ringkv.format records 2 shards"),
            std::string::npos)
      << refusal.output;
  fs::remove(dir.data() + "/shard-02");
  fs::rename(dir.data() + "/shard-01", dir.path + "/moved-away");
  refusal = start_refused(dir.data());
  EXPECT_EQ(refusal.status, 1);
  EXPECT_NE(refusal.output.find("is missing shard-01 of its 2 shards"), std::string::npos)
      << refusal.output;
  fs::rename(dir.path + "/moved-away", dir.data() + "/shard-01");
  fs::remove(dir.data() + "/ringkv.format");
  refusal = start_refused(dir.data());
  EXPECT_EQ(refusal.status, 1);
  EXPECT_NE(refusal.output.find("has shard directories but no ringkv.format"), std::string::npos)
      << refusal.output;
}

}  // namespace
}  // namespace ringkv::testing
