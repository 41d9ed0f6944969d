// WatchTable and WatchSet; see watch_table.h for the threading contract.
#include "cmd/watch_table.h"

#include <algorithm>
#include <cstring>

namespace ringkv::cmd {

namespace {

// A watched key's name in its shard's map: the db's bytes, then the key.
void make_watch_id(int db, std::string_view key, std::string* id) {
  id->assign(reinterpret_cast<const char*>(&db), sizeof db);
  id->append(key);
}

}  // namespace

WatchSet::~WatchSet() {
  for (const Watched& watched : keys_) table_.remove(watched.shard, watched.id, this);
}

void WatchSet::add(int shard, int db, std::string_view key) {
  std::string id;
  make_watch_id(db, key, &id);
  if (table_.add(shard, id, this)) keys_.push_back(Watched{shard, std::move(id)});
}

void WatchSet::for_each_key(
    const std::function<void(int shard, int db, std::string_view key)>& visit) const {
  for (const Watched& watched : keys_) {
    int db = 0;
    std::memcpy(&db, watched.id.data(), sizeof db);
    visit(watched.shard, db, std::string_view(watched.id).substr(sizeof db));
  }
}

WatchTable::WatchTable(int shards) {
  for (int s = 0; s < shards; ++s) parts_.push_back(std::make_unique<Part>());
}

void WatchTable::touched(int shard, int db, std::string_view key) {
  Part& part = *parts_[shard];
  // Relaxed is enough: a key is added by the shard's owner or while the
  // owner is paused, both of which happen-before the owner's next change.
  if (part.watched.load(std::memory_order_relaxed) == 0) return;
  thread_local std::string id;
  make_watch_id(db, key, &id);
  std::lock_guard lock(part.mutex);
  auto it = part.by_key.find(id);
  if (it == part.by_key.end()) return;
  for (WatchSet* set : it->second) set->dirty_.store(true, std::memory_order_release);
}

bool WatchTable::add(int shard, const std::string& id, WatchSet* set) {
  Part& part = *parts_[shard];
  std::lock_guard lock(part.mutex);
  std::vector<WatchSet*>& sets = part.by_key[id];
  if (std::find(sets.begin(), sets.end(), set) != sets.end()) return false;
  sets.push_back(set);
  part.watched.store(part.by_key.size(), std::memory_order_relaxed);
  return true;
}

void WatchTable::remove(int shard, const std::string& id, WatchSet* set) {
  Part& part = *parts_[shard];
  std::lock_guard lock(part.mutex);
  auto it = part.by_key.find(id);
  if (it == part.by_key.end()) return;
  std::erase(it->second, set);
  if (it->second.empty()) part.by_key.erase(it);
  part.watched.store(part.by_key.size(), std::memory_order_relaxed);
}

}  // namespace ringkv::cmd
