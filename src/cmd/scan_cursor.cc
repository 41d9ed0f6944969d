// The SCAN cursor table; see scan_cursor.h.
#include "cmd/scan_cursor.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <random>

namespace ringkv::cmd {

bool parse_scan_cursor(std::string_view text, uint64_t* cursor) {
  std::string copy(text);
  if (!copy.empty() && std::isspace(static_cast<unsigned char>(copy[0]))) return false;
  errno = 0;
  char* end = nullptr;
  unsigned long long value = std::strtoull(copy.c_str(), &end, 10);
  if (*end != '\0' || errno == ERANGE) return false;
  *cursor = value;
  return true;
}

ScanCursorTable::ScanCursorTable(size_t max_entries, size_t max_key_bytes)
    : max_entries_(max_entries), max_key_bytes_(max_key_bytes) {
  // Below 2^40, so that id * shard_count (at most 1024 shards) never wraps.
  std::mt19937_64 engine{std::random_device{}()};
  next_id_ = std::uniform_int_distribution<uint64_t>(1, uint64_t{1} << 39)(engine);
}

uint64_t ScanCursorTable::save(int db, const ScanPosition& position, int shard_count) {
  auto shard = static_cast<uint64_t>(position.shard);
  if (!position.last_key) return shard;  // id 0: the shard's start
  size_t bytes = position.last_key->size();
  std::lock_guard lock(mutex_);
  while (!entries_.empty() &&
         (entries_.size() >= max_entries_ || key_bytes_ + bytes > max_key_bytes_)) {
    const ScanPosition& oldest = entries_.begin()->second.position;
    key_bytes_ -= oldest.last_key ? oldest.last_key->size() : 0;
    entries_.erase(entries_.begin());
  }
  uint64_t id = next_id_++;
  entries_.emplace(id, Entry{db, position});
  key_bytes_ += bytes;
  return id * static_cast<uint64_t>(shard_count) + shard;
}

ScanPosition ScanCursorTable::resolve(uint64_t cursor, int db, int shard_count) {
  auto shards = static_cast<uint64_t>(shard_count);
  ScanPosition start{static_cast<int>(cursor % shards), std::nullopt};
  std::lock_guard lock(mutex_);
  auto it = entries_.find(cursor / shards);
  if (it == entries_.end() || it->second.db != db || it->second.position.shard != start.shard) {
    return start;
  }
  return it->second.position;
}

ScanCursorTable& scan_cursors() {
  // Bounded so that abandoned iterations cost little: 64k positions, 64 MB of keys.
  static ScanCursorTable table(65536, 64 << 20);
  return table;
}

}  // namespace ringkv::cmd
