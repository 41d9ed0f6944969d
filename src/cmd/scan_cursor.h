// ScanCursorTable: turns a SCAN position into the number handed to the
// client and back.
//
// Keys are kept in byte order per shard, so a position is (shard, last key
// returned); a key does not fit in a 64-bit cursor, hence a small
// server-wide table. A cursor is `id * shard_count + shard` (id >= 1), so
// even a cursor the table no longer holds (evicted, server restarted, made
// up by the client) still names a shard: it resumes at that shard's start,
// which may repeat keys but never skips one and always progresses. Keys
// present for the whole iteration are thus returned at least once.
//
// Threading: any loop may call in; a mutex guards the table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace ringkv::cmd {

struct ScanPosition {
  int shard = 0;
  // The last key returned from `shard`; nullopt = start of the shard.
  std::optional<std::string> last_key;
};

class ScanCursorTable {
 public:
  // Keeps at most `max_entries` positions and `max_key_bytes` of keys,
  // forgetting the oldest first.
  ScanCursorTable(size_t max_entries, size_t max_key_bytes);

  // A new nonzero cursor for `position` in `db`.
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
  uint64_t next_id_ = 1;                 // guarded by mutex_
  std::map<uint64_t, Entry> entries_;    // by id, oldest first; guarded by mutex_
  size_t key_bytes_ = 0;                 // guarded by mutex_
};

// The server-wide table SCAN uses.
ScanCursorTable& scan_cursors();

}  // namespace ringkv::cmd
