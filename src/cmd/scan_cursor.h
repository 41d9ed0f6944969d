// ScanCursorTable: turns a SCAN position into the number handed to the
// client and back.
//
// Keys are kept in byte order per shard, so a position is (shard, last key
// returned); a key does not fit in a 64-bit cursor, hence a small
// server-wide table. A cursor is `id * shard_count + shard`: id 0 means the
// shard's start and needs no entry; other ids name an entry. A cursor the
// table does not hold (evicted, made up by the client, from before a
// restart) still names a shard and resumes at that shard's start, which may
// repeat keys but never skips one. Keys present for the whole iteration are
// thus returned at least once. Ids start at a random number in each process,
// so a cursor from before a restart does not name another iteration's entry.
//
// Threading: any loop may call in; a mutex guards the table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace ringkv::cmd {

// Redis parses SCAN-family cursors with strtoul: "-1" wraps, "" is 0, a
// leading space or any trailing byte is an error (false).
bool parse_scan_cursor(std::string_view text, uint64_t* cursor);

struct ScanPosition {
  int shard = 0;
  // The last key examined in `shard`; nullopt = the shard's start.
  std::optional<std::string> last_key;
};

class ScanCursorTable {
 public:
  // Keeps at most `max_entries` positions and `max_key_bytes` of keys,
  // forgetting the oldest first.
  ScanCursorTable(size_t max_entries, size_t max_key_bytes);

  // A cursor for `position` in `db` (nonzero unless it is the start of
  // shard 0, where every iteration begins).
  uint64_t save(int db, const ScanPosition& position, int shard_count);
  // Where `cursor` (nonzero) resumes for `db`.
  ScanPosition resolve(uint64_t cursor, int db, int shard_count);

 private:
  struct Entry {
    int db;
    ScanPosition position;
  };

  const size_t max_entries_;
  const size_t max_key_bytes_;
  std::mutex mutex_;
  uint64_t next_id_;                     // guarded by mutex_
  std::map<uint64_t, Entry> entries_;    // by id, oldest first; guarded by mutex_
  size_t key_bytes_ = 0;                 // guarded by mutex_
};

// The server-wide table SCAN uses.
ScanCursorTable& scan_cursors();

}  // namespace ringkv::cmd
