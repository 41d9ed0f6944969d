// Opening one shard's LevelDB so that damage costs only the damaged part.
//
// - Log recovery runs with paranoid_checks off: a torn or corrupt tail of
//   the newest .log (a crash mid-write, a flipped byte) is skipped, record
//   by record, instead of refusing to open. LevelDB reports each corrupt
//   range to its info log; ShardInfoLog copies those lines (and every other
//   sign of damage) to the server's log, so an operator sees what was lost.
//   A torn tail LevelDB drops silently; report_torn_log_tails names it.
// - Table files are checked at open (every block's checksum, read once
//   without filling the block cache): LevelDB opens tables lazily, so a
//   corrupt one would otherwise surface later as missing keys on reads and
//   as a background error that stops all writes.
// - When LevelDB reports corruption at open (a missing or corrupt table,
//   MANIFEST or CURRENT) or a table fails its check, RepairDB rebuilds the
//   shard from what is readable, after a log line that says so, and the
//   shard opens again. I/O errors (a full disk) are returned, not repaired.
//
// Header-only (inline) so that it needs no build-file entry; only
// shard_store.cc includes it.
#pragma once

#include <leveldb/db.h>
#include <leveldb/env.h>
#include <leveldb/iterator.h>
#include <leveldb/options.h>

#include <cstdarg>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>

namespace ringkv::store {

// Writes LevelDB's info log to DIR/LOG as LevelDB itself would, and copies
// lines that report lost or damaged data to `warn` (the server log).
class ShardInfoLog : public leveldb::Logger {
 public:
  ShardInfoLog(std::unique_ptr<leveldb::Logger> file, std::string shard_name,
               std::function<void(const std::string&)> warn)
      : file_(std::move(file)), shard_name_(std::move(shard_name)), warn_(std::move(warn)) {}

  void Logv(const char* format, std::va_list args) override {
    std::va_list copy;
    va_copy(copy, args);
    char line[1024];
    std::vsnprintf(line, sizeof(line), format, copy);
    va_end(copy);
    if (file_) file_->Logv(format, args);
    if (warn_ && reports_damage(line)) warn_(shard_name_ + ": " + trimmed(line));
  }

 private:
  static bool reports_damage(std::string_view line) {
    for (std::string_view sign : {"dropping", "Corruption", "corruption", "ignoring", "error",
                                  "Archiving", "repaired", "dropped", "unparsable", "missing files"}) {
      if (line.find(sign) != std::string_view::npos) return true;
    }
    return false;
  }
  static std::string trimmed(std::string line) {
    while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.pop_back();
    return line;
  }

  std::unique_ptr<leveldb::Logger> file_;
  std::string shard_name_;
  std::function<void(const std::string&)> warn_;
};

// The shard's info log: DIR/LOG, the previous one kept as LOG.old (what
// LevelDB does when it makes its own).
inline std::unique_ptr<ShardInfoLog> make_shard_info_log(
    leveldb::Env* env, const std::string& path, const std::string& shard_name,
    std::function<void(const std::string&)> warn) {
  env->CreateDir(path);  // a new shard: the dir may not exist yet
  env->RenameFile(path + "/LOG", path + "/LOG.old");  // absent on a new shard: ignored
  leveldb::Logger* file = nullptr;
  if (!env->NewLogger(path + "/LOG", &file).ok()) file = nullptr;
  return std::make_unique<ShardInfoLog>(std::unique_ptr<leveldb::Logger>(file), shard_name,
                                        std::move(warn));
}

// LevelDB drops a log's unfinished last record (a crash mid-write, a torn
// tail) without a word; this walks the log's record framing (32 KiB
// blocks of records with a 7-byte header: crc32c, length16, type) to say so.
// Checksum mismatches inside the log are LevelDB's to report.
inline void report_torn_log_tails(const std::string& path, const std::string& shard_name,
                                  const std::function<void(const std::string&)>& warn) {
  constexpr uint64_t kBlock = 32768;
  constexpr uint64_t kHeader = 7;
  std::error_code code;
  for (const auto& entry : std::filesystem::directory_iterator(path, code)) {
    if (entry.path().extension() != ".log") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    uint64_t size = bytes.size();
    uint64_t offset = 0;
    uint64_t complete_end = 0;  // just after the last whole record
    while (offset < size) {
      uint64_t block_left = kBlock - offset % kBlock;
      if (block_left < kHeader) {  // the writer pads a block's last bytes
        offset += block_left;
        if (offset >= size) complete_end = size;
        continue;
      }
      if (size - offset < kHeader) break;
      auto byte = [&](uint64_t at) { return static_cast<unsigned char>(bytes[at]); };
      uint64_t length = byte(offset + 4) | (byte(offset + 5) << 8);
      int type = byte(offset + 6);
      if (type == 0 || type > 4 || kHeader + length > block_left) {
        complete_end = size;  // damage, not a torn tail: LevelDB reports it
        break;
      }
      if (offset + kHeader + length > size) break;
      offset += kHeader + length;
      if (type == 1 || type == 4) complete_end = offset;  // a full or last fragment
    }
    if (complete_end < size && warn) {
      warn(shard_name + ": " + entry.path().filename().string() + " ends in an unfinished write: " +
           std::to_string(size - complete_end) + " bytes from byte " +
           std::to_string(complete_end) + " are dropped");
    }
  }
}

// Reads every table block with checksums on. Returns the first error.
inline leveldb::Status verify_tables(leveldb::DB* db) {
  leveldb::ReadOptions read_options;
  read_options.verify_checksums = true;
  read_options.fill_cache = false;
  std::unique_ptr<leveldb::Iterator> it(db->NewIterator(read_options));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
  }
  return it->status();
}

// Opens `path` with `options` (whose info_log should be a ShardInfoLog),
// repairing it once when it is damaged. `warn` gets the clear line that
// precedes a repair.
inline leveldb::Status open_shard_db(const leveldb::Options& options, const std::string& path,
                                     const std::string& shard_name,
                                     const std::function<void(const std::string&)>& warn,
                                     std::unique_ptr<leveldb::DB>* out) {
  report_torn_log_tails(path, shard_name, warn);
  leveldb::DB* raw = nullptr;
  leveldb::Status status = leveldb::DB::Open(options, path, &raw);
  std::unique_ptr<leveldb::DB> db(raw);
  std::string damage;
  if (status.ok()) {
    leveldb::Status tables = verify_tables(db.get());
    if (tables.ok()) {
      *out = std::move(db);
      return status;
    }
    if (!tables.IsCorruption()) return tables;
    damage = "a table is damaged (" + tables.ToString() + ")";
    db.reset();  // RepairDB needs the lock
  } else if (status.IsCorruption()) {
    damage = "LevelDB cannot open it (" + status.ToString() + ")";
  } else {
    // An I/O error (no space, no permission) is no damage: repairing would
    // rewrite a healthy shard on a disk that is failing.
    return status;
  }
  if (warn) {
    warn(shard_name + ": " + damage +
         "; running RepairDB, which keeps every record it can read and drops the rest "
         "(damaged files are moved to " + path + "/lost)");
  }
  leveldb::Options repair_options = options;
  repair_options.paranoid_checks = true;  // verify checksums while salvaging tables
  leveldb::Status repaired = leveldb::RepairDB(path, repair_options);
  if (!repaired.ok()) return repaired;
  status = leveldb::DB::Open(options, path, &raw);
  if (!status.ok()) return status;
  db.reset(raw);
  leveldb::Status tables = verify_tables(db.get());
  if (!tables.ok()) return tables;
  if (warn) warn(shard_name + ": repaired; the shard opened and its tables verify");
  *out = std::move(db);
  return status;
}

}  // namespace ringkv::store
