// DataDir: format file and shard directories.
#include "server/data_dir.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace ringkv::server {

namespace {
constexpr int kFormatVersion = 1;
constexpr const char* kFormatFile = "ringkv.format";

bool read_format(const std::filesystem::path& file, int* shards, std::string* error) {
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
}  // namespace

bool open_data_dir(const std::string& dir, int requested_shards, int default_shards,
                   int databases, size_t cache_bytes,
                   std::vector<std::unique_ptr<store::Keyspace>>* shards, std::string* error) {
  namespace fs = std::filesystem;
  std::error_code code;
  fs::path root(dir);
  fs::create_directories(root, code);
  if (code || !fs::is_directory(root)) {
    *error = fmt::format("cannot use data dir '{}': {}", dir,
                         code ? code.message() : "not a directory");
    return false;
  }
  fs::path format_file = root / kFormatFile;
  int shard_count = 0;
  if (fs::exists(format_file)) {
    if (!read_format(format_file, &shard_count, error)) return false;
    if (requested_shards != 0 && requested_shards != shard_count) {
      *error = fmt::format("data dir '{}' was created with {} shards, not {}", dir, shard_count,
                           requested_shards);
      return false;
    }
  } else {
    bool has_shards = false;
    for (const auto& entry : fs::directory_iterator(root, code)) {
      if (entry.path().filename().string().starts_with("shard-")) has_shards = true;
    }
    if (has_shards) {
      *error = fmt::format("data dir '{}' has shard directories but no {}: refusing to guess", dir,
                           kFormatFile);
      return false;
    }
    shard_count = requested_shards != 0 ? requested_shards : default_shards;
    std::ofstream out(format_file);
    out << "ringkv-format " << kFormatVersion << "\nshards " << shard_count << "\n";
    out.close();
    if (!out) {
      *error = fmt::format("cannot write {}", format_file.string());
      return false;
    }
  }
  store::ShardOptions options;
  // A quarter for LevelDB's block cache, the rest for decoded hot rows.
  options.block_cache_bytes = cache_bytes / 4 / static_cast<size_t>(shard_count);
  options.row_cache_bytes = cache_bytes / 4 * 3 / static_cast<size_t>(shard_count);
  for (int i = 0; i < shard_count; ++i) {
    std::string path = (root / fmt::format("shard-{:02}", i)).string();
    auto shard_store = store::ShardStore::open(path, options, error);
    if (!shard_store) return false;
    auto keyspace = std::make_unique<store::Keyspace>(i, std::move(shard_store), databases);
    keyspace->load_counts();
    shards->push_back(std::move(keyspace));
  }
  return true;
}

}  // namespace ringkv::server
