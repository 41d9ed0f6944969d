// GarbageSweeper: see garbage.h.
#include "store/garbage.h"

#include <vector>

namespace ringkv::store {

void GarbageSweeper::record(int db, std::string_view key, const Meta& dead) {
  std::string record = encode_garbage_key(dead.version, static_cast<uint8_t>(db), key);
  if (record < next_record_from_) next_record_from_ = record;
  store_.put(record, std::string(1, static_cast<char>(dead.type)));
  may_have_work_ = true;
}

bool GarbageSweeper::load_next_record() {
  std::string record;
  std::string type;
  // Records before next_record_from_ are swept already: their tombstones
  // stay in LevelDB until a compaction, and walking over them for every
  // record would make a long sweep quadratic.
  store_.scan(garbage_key_prefix(), next_record_from_,
              [&](std::string_view key, std::string_view value) {
                record = key;
                type = value;
                return false;
              });
  next_record_from_ = record;
  uint64_t version;
  uint8_t db;
  std::string_view key;
  if (record.empty() || type.size() != 1 || !decode_garbage_key(record, &version, &db, &key)) {
    if (!record.empty()) store_.del(record);  // unreadable: nothing to sweep for it
    return !record.empty();
  }
  prefixes_.clear();
  switch (static_cast<ValueType>(type[0])) {
    case ValueType::kList:
      prefixes_.push_back(list_key_prefix(db, key, version));
      break;
    case ValueType::kZset:
      prefixes_.push_back(score_key_prefix(db, key, version));
      prefixes_.push_back(member_key_prefix(db, key, version));
      break;
    default:
      prefixes_.push_back(member_key_prefix(db, key, version));
      break;
  }
  cursor_ = Cursor{std::move(record), 0, {}};
  return true;
}

size_t GarbageSweeper::sweep_prefix(const std::string& prefix, size_t budget, bool* done) {
  std::vector<std::string> doomed;
  *done = true;
  store_.scan(prefix, cursor_.resume, [&](std::string_view key, std::string_view) {
    if (doomed.size() == budget) {
      *done = false;
      cursor_.resume = key;
      return false;
    }
    doomed.emplace_back(key);
    return true;
  });
  for (const std::string& key : doomed) store_.del(key);
  return doomed.size();
}

size_t GarbageSweeper::sweep(size_t budget) {
  size_t deleted = 0;
  while (may_have_work_ && deleted < budget) {
    if (cursor_.record.empty() && !load_next_record()) {
      may_have_work_ = false;
      break;
    }
    if (cursor_.record.empty()) continue;  // an unreadable record was dropped
    if (cursor_.prefix < prefixes_.size()) {
      bool done;
      deleted += sweep_prefix(prefixes_[cursor_.prefix], budget - deleted, &done);
      if (!done) break;
      ++cursor_.prefix;
      cursor_.resume.clear();
      continue;
    }
    store_.del(cursor_.record);
    ++deleted;
    cursor_ = Cursor{};
  }
  return deleted;
}

}  // namespace ringkv::store
