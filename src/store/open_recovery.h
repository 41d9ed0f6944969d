// Crash atomicity of commands that write to several shards (MSET, RENAME,
// EXEC, FLUSHALL...): the intent records and the roll-forward at open.
//
// Each shard is its own LevelDB, so one command's writes reach the shards in
// separate log writes and a crash between them would leave the command
// half-applied. So, when a command (an AtomicWriteScope) wrote to two or
// more shards, every participant's batch also carries
//   't' id64            -> the command's writes to every OTHER participant
//   "T"                 -> id64, the newest multi-shard command of this shard
// in the same LevelDB write as its own part. Command ids increase in the
// order commands run, and a shard's log is replayed as a prefix, so after a
// crash shard s holds command `id` exactly when its "T" >= id. At open, every
// intent record naming a participant that lacks the command has that
// participant's part written there (roll forward), in id order; then the
// records are deleted. While running, a shard deletes its record once every
// participant's part is synced (see ShardStore::reap_durable).
//
// Header-only (inline) so that it needs no build-file entry.
#pragma once

#include <leveldb/db.h>
#include <leveldb/iterator.h>
#include <leveldb/write_batch.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/encoding.h"

namespace ringkv::store {

// One participant's writes: raw LevelDB keys, nullopt value = delete.
struct IntentPart {
  uint32_t shard = 0;
  std::vector<std::pair<std::string, std::optional<std::string>>> writes;
};

// "shard-NN", the shard's directory name, as log lines name it.
inline std::string shard_name(size_t shard) {
  char name[24];
  std::snprintf(name, sizeof(name), "shard-%02zu", shard);
  return name;
}

inline constexpr char kIntentPrefix = 't';
inline constexpr std::string_view kNewestIntentKey = "T";

inline std::string encode_intent_key(uint64_t id) {
  std::string key(1, kIntentPrefix);
  append_u64_be(&key, id);
  return key;
}

namespace intent_detail {
inline void put_u32(std::string* out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>(value >> shift));
}
inline bool get_u32(std::string_view* in, uint32_t* value) {
  if (in->size() < 4) return false;
  *value = 0;
  for (int i = 0; i < 4; ++i) *value = (*value << 8) | static_cast<unsigned char>((*in)[i]);
  in->remove_prefix(4);
  return true;
}
inline bool get_bytes(std::string_view* in, std::string* out) {
  uint32_t size;
  if (!get_u32(in, &size) || in->size() < size) return false;
  out->assign(in->data(), size);
  in->remove_prefix(size);
  return true;
}
}  // namespace intent_detail

// parts: u32 count, then per part u32 shard, u32 writes, and per write
// u8 (1 put, 0 delete), u32 key size, key, [u32 value size, value].
inline std::string encode_intent(const std::vector<const IntentPart*>& parts) {
  using intent_detail::put_u32;
  std::string out;
  put_u32(&out, static_cast<uint32_t>(parts.size()));
  for (const IntentPart* part : parts) {
    put_u32(&out, part->shard);
    put_u32(&out, static_cast<uint32_t>(part->writes.size()));
    for (const auto& [key, value] : part->writes) {
      out.push_back(value ? 1 : 0);
      put_u32(&out, static_cast<uint32_t>(key.size()));
      out += key;
      if (value) {
        put_u32(&out, static_cast<uint32_t>(value->size()));
        out += *value;
      }
    }
  }
  return out;
}

// False on short or corrupt input; never reads out of bounds.
inline bool decode_intent(std::string_view in, std::vector<IntentPart>* parts) {
  using intent_detail::get_bytes;
  using intent_detail::get_u32;
  uint32_t count;
  if (!get_u32(&in, &count)) return false;
  parts->clear();
  for (uint32_t p = 0; p < count; ++p) {
    IntentPart part;
    uint32_t writes;
    if (!get_u32(&in, &part.shard) || !get_u32(&in, &writes)) return false;
    for (uint32_t w = 0; w < writes; ++w) {
      if (in.empty()) return false;
      bool is_put = in[0] == 1;
      in.remove_prefix(1);
      std::string key;
      if (!get_bytes(&in, &key)) return false;
      std::optional<std::string> value;
      if (is_put && !get_bytes(&in, &value.emplace())) return false;
      part.writes.emplace_back(std::move(key), std::move(value));
    }
    parts->push_back(std::move(part));
  }
  return in.empty();
}

inline uint64_t read_newest_intent(leveldb::DB* db) {
  std::string value;
  if (!db->Get(leveldb::ReadOptions(), leveldb::Slice(kNewestIntentKey.data(), kNewestIntentKey.size()),
               &value).ok() || value.size() != 8) {
    return 0;
  }
  return read_u64_be(value.data());
}

struct IntentRecovery {
  uint64_t newest_id = 0;      // the largest command id seen (ids go on above it)
  size_t parts_rolled_forward = 0;
  size_t records_removed = 0;
};

// Completes every multi-shard command that a crash left half-applied, then
// removes the intent records. `shards[i]` is shard i's database. Each fix is
// written synced before the records go. Returns false with *error set when
// a database refuses a write.
inline bool recover_intents(const std::vector<leveldb::DB*>& shards,
                            const std::function<void(const std::string&)>& warn,
                            IntentRecovery* result, std::string* error) {
  std::vector<uint64_t> newest(shards.size());
  // id -> (holding shard, record); several shards hold the same command.
  std::multimap<uint64_t, std::pair<size_t, std::string>> records;
  for (size_t s = 0; s < shards.size(); ++s) {
    newest[s] = read_newest_intent(shards[s]);
    result->newest_id = std::max(result->newest_id, newest[s]);
    std::unique_ptr<leveldb::Iterator> it(shards[s]->NewIterator(leveldb::ReadOptions()));
    for (it->Seek(leveldb::Slice(&kIntentPrefix, 1));
         it->Valid() && it->key().size() == 9 && it->key()[0] == kIntentPrefix; it->Next()) {
      records.emplace(read_u64_be(it->key().data() + 1),
                      std::make_pair(s, it->value().ToString()));
    }
  }
  leveldb::WriteOptions synced;
  synced.sync = true;
  for (const auto& [id, holder_and_record] : records) {
    const auto& [holder, record] = holder_and_record;
    std::vector<IntentPart> parts;
    if (!decode_intent(record, &parts)) {
      if (warn) warn(shard_name(holder) + ": intent record " + std::to_string(id) +
                     " is unreadable; ignored");
      continue;
    }
    for (const IntentPart& part : parts) {
      if (part.shard >= shards.size() || newest[part.shard] >= id) continue;
      leveldb::WriteBatch batch;
      for (const auto& [key, value] : part.writes) {
        if (value) {
          batch.Put(key, *value);
        } else {
          batch.Delete(key);
        }
      }
      std::string id_value;
      append_u64_be(&id_value, id);
      batch.Put(leveldb::Slice(kNewestIntentKey.data(), kNewestIntentKey.size()), id_value);
      leveldb::Status status = shards[part.shard]->Write(synced, &batch);
      if (!status.ok()) {
        *error = shard_name(part.shard) + ": cannot complete a multi-shard write: " +
                 status.ToString();
        return false;
      }
      newest[part.shard] = id;
      ++result->parts_rolled_forward;
      if (warn) {
        warn(shard_name(part.shard) + ": completed multi-shard command " + std::to_string(id) +
             " that a crash interrupted (" + std::to_string(part.writes.size()) +
             " writes, from " + shard_name(holder) + "'s intent record)");
      }
    }
  }
  for (const auto& [id, holder_and_record] : records) {
    leveldb::WriteBatch batch;
    batch.Delete(encode_intent_key(id));
    leveldb::Status status = shards[holder_and_record.first]->Write(synced, &batch);
    if (!status.ok()) {
      *error = shard_name(holder_and_record.first) + ": cannot remove an intent record: " +
               status.ToString();
      return false;
    }
    ++result->records_removed;
  }
  return true;
}

}  // namespace ringkv::store
