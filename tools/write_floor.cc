// write-floor: what storing one SET costs below the network and the command
// layer, in CPU microseconds per write of the whole process (every thread:
// committer, LevelDB's compaction), so that tools/write-floor can set it
// beside redis-server's whole cost of a SET measured in the same run.
//
//   --layer leveldb  plain leveldb::DB::Write of batches into the shard's
//                    LevelDB: the engine's own floor.
//   --layer keyspace ringkv's storage layer as SET uses it: Keyspace::lookup
//                    (key filter, row cache, LevelDB) and Keyspace::write
//                    per write, submit_batch() and reap_durable() per batch
//                    as a loop tick does (overlay, committer thread).
//
// Keys are "key:NNNNNNNNNNNN", random in [0, --keys) as redis-benchmark -r
// draws them (the defaults are one shard's share of the bench's SET load),
// with 100-byte values; the leveldb layer writes them encoded as ringkv
// stores a string (metadata key and value). Both layers open one of the
// server's two shards as the server does, under the default cache-size.
//
// Usage: write-floor [--layer leveldb|keyspace] [--writes N] [--keys K]
//                    [--batch B] [--write-buffer-mb M] [--dir DIR]
#include <leveldb/db.h>
#include <leveldb/write_batch.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "store/encoding.h"
#include "server/config.h"
#include "store/keyspace.h"
#include "store/shard_store.h"

namespace {

struct Settings {
  std::string layer = "keyspace";
  // One shard's share of redis-benchmark -n 1000000 -r 1000000 over the
  // server's two shards.
  long writes = 500000;
  long keys = 500000;
  long batch = 400;  // 50 clients x P16 spread over 2 loops
  long write_buffer_mb = 0;  // 0: ShardOptions' default
  std::string dir;
};

double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

bool parse_settings(int argc, char** argv, Settings* settings) {
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (i + 1 >= argc) return false;
    const char* value = argv[++i];
    if (flag == "--layer") {
      settings->layer = value;
    } else if (flag == "--writes") {
      settings->writes = std::atol(value);
    } else if (flag == "--keys") {
      settings->keys = std::atol(value);
    } else if (flag == "--batch") {
      settings->batch = std::atol(value);
    } else if (flag == "--write-buffer-mb") {
      settings->write_buffer_mb = std::atol(value);
    } else if (flag == "--dir") {
      settings->dir = value;
    } else {
      return false;
    }
  }
  return (settings->layer == "leveldb" || settings->layer == "keyspace") && settings->writes > 0 &&
         settings->keys > 0 && settings->batch > 0 && !settings->dir.empty();
}

// The SETs' keys and value, made before the clock starts so that only
// storing them is measured.
class StringWrites {
 public:
  StringWrites(long writes, long keys) {
    std::mt19937_64 random(42);
    std::uniform_int_distribution<long> pick(0, keys - 1);
    names_.reserve(static_cast<size_t>(writes));
    encoded_keys_.reserve(static_cast<size_t>(writes));
    for (long i = 0; i < writes; ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "key:%012ld", pick(random));
      names_.emplace_back(name);
      encoded_keys_.push_back(ringkv::store::encode_meta_key(0, name));
    }
    meta_.value.assign(100, 'x');
    encoded_value_ = ringkv::store::encode_meta_value(meta_);
  }
  const std::string& name(long i) const { return names_[static_cast<size_t>(i)]; }
  const std::string& encoded_key(long i) const { return encoded_keys_[static_cast<size_t>(i)]; }
  const ringkv::store::Meta& meta() const { return meta_; }
  const std::string& encoded_value() const { return encoded_value_; }

 private:
  std::vector<std::string> names_;
  std::vector<std::string> encoded_keys_;
  ringkv::store::Meta meta_;
  std::string encoded_value_;
};

// One of the server's two shards (2 cores) under the default cache-size,
// opened as the server opens it.
std::unique_ptr<ringkv::store::ShardStore> open_shard(const Settings& settings,
                                                      const std::string& name) {
  ringkv::store::ShardOptions options =
      ringkv::store::shard_options_for_cache(ringkv::server::Config().cache_bytes, 2);
  if (settings.write_buffer_mb > 0) {
    options.write_buffer_bytes = static_cast<size_t>(settings.write_buffer_mb) << 20;
  }
  std::string error;
  auto store = ringkv::store::ShardStore::open(settings.dir + "/" + name, options, &error);
  if (!store) std::fprintf(stderr, "write-floor: %s\n", error.c_str());
  return store;
}

// Writes straight into the shard's LevelDB (the same options), bypassing
// everything of ringkv's above it.
bool run_leveldb(const Settings& settings, StringWrites& writes) {
  auto store = open_shard(settings, "leveldb");
  if (!store) return false;
  leveldb::WriteBatch batch;
  for (long i = 0; i < settings.writes; ++i) {
    batch.Put(writes.encoded_key(i), writes.encoded_value());
    if ((i + 1) % settings.batch == 0 || i + 1 == settings.writes) {
      if (!store->db()->Write(leveldb::WriteOptions(), &batch).ok()) return false;
      batch.Clear();
    }
  }
  return true;
}

bool run_keyspace(const Settings& settings, StringWrites& writes) {
  auto store = open_shard(settings, "shard");
  if (!store) return false;
  ringkv::store::Keyspace keyspace(0, std::move(store), 16);
  keyspace.load_counts();
  uint64_t now_ms = 1;  // no key has an expiry: the clock does not matter
  for (long i = 0; i < settings.writes; ++i) {
    const std::string& name = writes.name(i);
    // SET reads the old metadata (type, expiry, whether the key is new).
    std::optional<ringkv::store::Meta> old = keyspace.lookup(0, name, now_ms);
    keyspace.write(0, name, writes.meta(), old);
    if ((i + 1) % settings.batch == 0 || i + 1 == settings.writes) {
      keyspace.store().submit_batch();
      keyspace.store().reap_durable();
    }
    // The loop's 100 ms timer grows the key filter as keys are added; at
    // ~100 000 writes a second that is every 10 000 writes.
    if ((i + 1) % 10000 == 0) keyspace.maintain_key_filter(20000);
  }
  return keyspace.store().flush_and_sync();
}

}  // namespace

int main(int argc, char** argv) {
  Settings settings;
  if (!parse_settings(argc, argv, &settings)) {
    std::fprintf(stderr,
                 "usage: write-floor --dir DIR [--layer leveldb|keyspace] [--writes N] [--keys K] "
                 "[--batch B]\n");
    return 2;
  }
  std::filesystem::create_directories(settings.dir);
  StringWrites writes(settings.writes, settings.keys);
  double cpu_before = process_cpu_seconds();
  auto wall_before = std::chrono::steady_clock::now();
  bool ok =
      settings.layer == "leveldb" ? run_leveldb(settings, writes) : run_keyspace(settings, writes);
  if (!ok) return 1;
  double cpu = process_cpu_seconds() - cpu_before;
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_before).count();
  std::printf("layer=%s writes=%ld cpu_us_per_write=%.2f writes_per_s=%.0f\n",
              settings.layer.c_str(), settings.writes, cpu * 1e6 / static_cast<double>(settings.writes),
              static_cast<double>(settings.writes) / wall);
  return 0;
}
