// DataDir: format file, shard directories, and the recovery that runs
// before the shards serve (multi-shard commands that a crash interrupted).
#include "server/data_dir.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include "server/log.h"
#include "store/open_recovery.h"

namespace ringkv::server {

namespace {
namespace fs = std::filesystem;

constexpr int kFormatVersion = 1;
constexpr const char* kFormatFile = "ringkv.format";

bool read_format(const fs::path& file, int* shards, std::string* error) {
  std::ifstream in(file);
  std::string word;
  int version = 0;
  if (!(in >> word) || word != "ringkv-format" || !(in >> version) || !(in >> word) ||
      word != "shards" || !(in >> *shards) || *shards < 1) {
    *error = fmt::format("{} is not a ringkv format file", file.string());
    return false;
  }
  if (version != kFormatVersion) {
    *error = fmt::format("{}: data format {} is not supported (this build reads format {})",
                         file.string(), version, kFormatVersion);
    return false;
  }
  return true;
}

bool sync_path(const fs::path& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

// Written to a temp file, synced and renamed, so that a crash leaves either
// no format file or a complete one.
bool write_format(const fs::path& root, int shard_count, std::string* error) {
  fs::path file = root / kFormatFile;
  fs::path temp = root / (std::string(kFormatFile) + ".tmp");
  {
    std::ofstream out(temp, std::ios::trunc);
    out << "ringkv-format " << kFormatVersion << "\nshards " << shard_count << "\n";
    out.close();
    if (!out) {
      *error = fmt::format("cannot write {}", temp.string());
      return false;
    }
  }
  std::error_code code;
  if (!sync_path(temp, O_RDONLY) || (fs::rename(temp, file, code), code) ||
      !sync_path(root, O_RDONLY | O_DIRECTORY)) {
    *error = fmt::format("cannot write {}", file.string());
    return false;
  }
  return true;
}

std::string shard_dir(int shard) { return fmt::format("shard-{:02}", shard); }

// Runs work(i) for every shard, one thread each: start-up work on one shard
// never touches another, and reading each shard is most of start-up time.
void for_each_shard(int shard_count, const std::function<void(int)>& work) {
  std::vector<std::thread> threads;
  for (int i = 0; i < shard_count; ++i) threads.emplace_back(work, i);
  for (auto& thread : threads) thread.join();
}

// The shard count of `root`: recorded in its format file, or chosen now
// for a new dir. Refuses a dir whose shard directories disagree with it.
bool decide_shard_count(const fs::path& root, int requested_shards, int default_shards,
                        int* shard_count, std::string* error) {
  const std::string dir = root.string();
  fs::path format_file = root / kFormatFile;
  std::error_code code;
  std::vector<int> found;  // numbers of existing shard-NN dirs
  for (const auto& entry : fs::directory_iterator(root, code)) {
    std::string name = entry.path().filename().string();
    if (name.starts_with("shard-")) found.push_back(std::atoi(name.c_str() + 6));
  }
  if (!fs::exists(format_file)) {
    if (!found.empty()) {
      *error = fmt::format("data dir '{}' has shard directories but no {}: refusing to guess",
                           dir, kFormatFile);
      return false;
    }
    *shard_count = requested_shards != 0 ? requested_shards : default_shards;
    return write_format(root, *shard_count, error);
  }
  if (!read_format(format_file, shard_count, error)) return false;
  if (requested_shards != 0 && requested_shards != *shard_count) {
    *error = fmt::format("data dir '{}' was created with {} shards, not {}", dir, *shard_count,
                         requested_shards);
    return false;
  }
  for (int number : found) {
    if (number >= *shard_count) {
      *error = fmt::format("data dir '{}' has {} but its {} records {} shards: refusing to "
                           "misread it", dir, shard_dir(number), kFormatFile, *shard_count);
      return false;
    }
  }
  // A shard that held data and is gone would silently lose its keys. All
  // missing is a dir whose creation stopped right after the format file.
  if (!found.empty() && static_cast<int>(found.size()) < *shard_count) {
    for (int s = 0; s < *shard_count; ++s) {
      if (!fs::exists(root / shard_dir(s))) {
        *error = fmt::format("data dir '{}' is missing {} of its {} shards: refusing to start "
                             "without its data", dir, shard_dir(s), *shard_count);
        return false;
      }
    }
  }
  return true;
}
}  // namespace

bool open_data_dir(const std::string& dir, int requested_shards, int default_shards,
                   int databases, size_t cache_bytes,
                   std::vector<std::unique_ptr<store::Keyspace>>* shards, std::string* error) {
  std::error_code code;
  fs::path root(dir);
  fs::create_directories(root, code);
  if (code || !fs::is_directory(root)) {
    *error = fmt::format("cannot use data dir '{}': {}", dir,
                         code ? code.message() : "not a directory");
    return false;
  }
  int shard_count = 0;
  if (!decide_shard_count(root, requested_shards, default_shards, &shard_count, error)) {
    return false;
  }
  store::ShardOptions options = store::shard_options_for_cache(cache_bytes, shard_count);
  options.warn = [](const std::string& text) { log_warning(text); };
  // Shards open in parallel: each replays its logs and checks its tables.
  std::vector<std::unique_ptr<store::ShardStore>> stores(static_cast<size_t>(shard_count));
  std::vector<std::string> errors(static_cast<size_t>(shard_count));
  for_each_shard(shard_count, [&](int i) {
    store::ShardOptions shard_options = options;
    shard_options.shard_index = i;
    auto index = static_cast<size_t>(i);
    stores[index] = store::ShardStore::open((root / shard_dir(i)).string(), shard_options,
                                            &errors[index]);
  });
  std::vector<leveldb::DB*> databases_of_shards;
  for (int i = 0; i < shard_count; ++i) {
    if (!stores[static_cast<size_t>(i)]) {
      *error = errors[static_cast<size_t>(i)];
      return false;
    }
    databases_of_shards.push_back(stores[static_cast<size_t>(i)]->db());
  }
  // Before anything reads the shards (key counts, clients): complete the
  // multi-shard commands that a crash left in only some shards.
  store::IntentRecovery recovery;
  if (!store::recover_intents(databases_of_shards, options.warn, &recovery, error)) return false;
  store::ShardStore::continue_intent_ids_above(recovery.newest_id);
  if (recovery.parts_rolled_forward > 0) {
    log_warning(fmt::format("completed {} shard parts of multi-shard commands interrupted by a "
                            "crash", recovery.parts_rolled_forward));
  }
  for (int i = 0; i < shard_count; ++i) {
    shards->push_back(std::make_unique<store::Keyspace>(i, std::move(stores[static_cast<size_t>(i)]),
                                                        databases));
  }
  for_each_shard(shard_count, [&](int i) { (*shards)[static_cast<size_t>(i)]->load_counts(); });
  return true;
}

}  // namespace ringkv::server
