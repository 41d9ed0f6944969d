// GarbageSweeper: removes the members of dead collection versions in the
// background, a bounded number per call, so that DEL, overwrite and expiry
// of a collection of any size cost the client O(1).
//
// A dead version is recorded durably (a 'g' record written in the same batch
// as the metadata change that killed it), so a restart in the middle of a
// sweep resumes it. Dead members are never visible: reads go through the
// live metadata's version.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "store/encoding.h"
#include "store/shard_store.h"

namespace ringkv::store {

class GarbageSweeper {
 public:
  explicit GarbageSweeper(ShardStore& store) : store_(store) {}

  // Records that the members of collection `dead` (key `key` of `db`) await removal.
  void record(int db, std::string_view key, const Meta& dead);
  // Deletes up to `budget` member keys of dead versions; returns how many
  // keys it deleted (records included).
  size_t sweep(size_t budget);
  // False once a sweep found nothing left (until the next record()).
  bool may_have_work() const { return may_have_work_; }

 private:
  // Position inside the record being swept; lost on restart (the sweep then
  // starts that record's prefixes again, which is still correct).
  struct Cursor {
    std::string record;  // the garbage key being swept
    size_t prefix = 0;   // which of its member prefixes
    std::string resume;  // first key not yet examined within that prefix
  };

  bool load_next_record();
  size_t sweep_prefix(const std::string& prefix, size_t budget, bool* done);

  ShardStore& store_;
  Cursor cursor_;
  std::vector<std::string> prefixes_;
  // Where load_next_record starts looking: no live record sorts before it.
  std::string next_record_from_;
  bool may_have_work_ = true;  // start-up: records may survive a restart
};

}  // namespace ringkv::store
