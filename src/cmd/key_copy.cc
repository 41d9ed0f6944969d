// Copying a key's value; see key_copy.h.
#include "cmd/key_copy.h"

#include <string>
#include <utility>
#include <vector>

namespace ringkv::cmd {

namespace {

using store::Meta;
using store::ValueType;

// Records are moved in chunks: ShardStore::scan's visitor may not write, and
// a chunk bounds the memory a large collection needs while being copied.
constexpr size_t kRecordsPerChunk = 1024;

// The prefix of the list-element records of one collection version.
std::string list_key_prefix(uint8_t db, std::string_view key, uint64_t version) {
  std::string prefix = store::encode_list_key(db, key, version, 0);
  prefix.resize(prefix.size() - 8);  // drop the index
  return prefix;
}

// Copies every record under `source_prefix` in `from` to the same suffix
// under `target_prefix` in `to`.
void copy_records(store::Keyspace& from, const std::string& source_prefix, store::Keyspace& to,
                  const std::string& target_prefix) {
  std::string resume;  // empty = from the start of the prefix
  for (;;) {
    std::vector<std::pair<std::string, std::string>> chunk;
    from.store().scan(source_prefix, resume, [&](std::string_view key, std::string_view value) {
      chunk.emplace_back(std::string(key.substr(source_prefix.size())), std::string(value));
      return chunk.size() < kRecordsPerChunk;
    });
    for (const auto& [suffix, value] : chunk) to.store().put(target_prefix + suffix, value);
    if (chunk.size() < kRecordsPerChunk) return;
    // The smallest key after the last one copied.
    resume = source_prefix + chunk.back().first;
    resume.push_back('\0');
  }
}

}  // namespace

void copy_value(store::Keyspace& from, int source_db, std::string_view source_key,
                const Meta& source, store::Keyspace& to, int target_db,
                std::string_view target_key, const std::optional<Meta>& target_old) {
  Meta copy = source;
  if (source.type != ValueType::kString) {
    // Members are keyed by the collection's version: a fresh version in the
    // target shard makes the copy independent of the source (and of the
    // replaced target, whose members become garbage for the sweep).
    copy.version = to.new_version();
    auto from_db = static_cast<uint8_t>(source_db);
    auto to_db = static_cast<uint8_t>(target_db);
    auto members = [&] {
      copy_records(from, store::member_key_prefix(from_db, source_key, source.version), to,
                   store::member_key_prefix(to_db, target_key, copy.version));
    };
    switch (source.type) {
      case ValueType::kHash:
      case ValueType::kSet:
        members();
        break;
      case ValueType::kZset:
        members();
        copy_records(from, store::score_key_prefix(from_db, source_key, source.version), to,
                     store::score_key_prefix(to_db, target_key, copy.version));
        break;
      case ValueType::kList:
        copy_records(from, list_key_prefix(from_db, source_key, source.version), to,
                     list_key_prefix(to_db, target_key, copy.version));
        break;
      case ValueType::kString:
        break;
    }
  }
  to.write(target_db, target_key, copy, target_old);
}

}  // namespace ringkv::cmd
