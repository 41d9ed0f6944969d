// Storage encoding: how keys and metadata are laid out in a shard's LevelDB
// (bytewise comparator). All integers are big-endian so that byte order is
// numeric order; see DESIGN.md "Storage encoding".
//
//   meta    'm' db key                                → Meta (type, version, expiry, ...)
//   member  'f' db len32(key) key version64 member    → hash value | empty | score
//   list    'l' db len32(key) key version64 index64   → element
//   score   'z' db len32(key) key version64 ordered(score) member → empty
//   expiry  'e' expire_ms64 db key                    → empty
//   garbage 'g' version64 db key                      → type of a dead collection
//
// Deleting or overwriting a collection writes a new meta with a new
// version; members of dead versions are swept in the background.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ringkv::store {

enum class ValueType : uint8_t { kString = 0, kHash = 1, kList = 2, kSet = 3, kZset = 4 };

struct Meta {
  ValueType type = ValueType::kString;
  uint64_t version = 0;
  uint64_t expire_at_ms = 0;  // 0 = no expiry
  uint64_t count = 0;         // collections: number of members
  uint64_t list_head = 0;     // lists: index of the first element
  uint64_t list_tail = 0;     // lists: index after the last element
  std::string value;          // strings: the value itself
};

void append_u64_be(std::string* out, uint64_t value);
// The smallest string greater than every string starting with `prefix`
// (empty when there is none: the prefix is all 0xff bytes) — the exclusive
// upper bound of a prefix range.
std::string prefix_successor(std::string_view prefix);
uint64_t read_u64_be(const char* bytes);

std::string encode_meta_key(uint8_t db, std::string_view key);
void append_meta_key(std::string* out, uint8_t db, std::string_view key);
std::string meta_key_prefix(uint8_t db);
bool decode_meta_key(std::string_view raw, uint8_t* db, std::string_view* key);
std::string encode_meta_value(const Meta& meta);
void append_meta_value(std::string* out, const Meta& meta);
// False on short or corrupt input; never reads out of bounds.
bool decode_meta_value(std::string_view raw, Meta* out);

std::string member_key_prefix(uint8_t db, std::string_view key, uint64_t version);
std::string encode_member_key(uint8_t db, std::string_view key, uint64_t version,
                              std::string_view member);
std::string encode_list_key(uint8_t db, std::string_view key, uint64_t version, uint64_t index);
std::string score_key_prefix(uint8_t db, std::string_view key, uint64_t version);
std::string encode_score_key(uint8_t db, std::string_view key, uint64_t version, double score,
                             std::string_view member);

// 8 bytes whose byte order is the numeric order of doubles (-inf..inf);
// -0.0 encodes as 0.0.
void append_ordered_double(std::string* out, double value);
double decode_ordered_double(std::string_view eight_bytes);

std::string encode_expiry_key(uint64_t expire_at_ms, uint8_t db, std::string_view key);
bool decode_expiry_key(std::string_view raw, uint64_t* expire_at_ms, uint8_t* db,
                       std::string_view* key);

std::string list_key_prefix(uint8_t db, std::string_view key, uint64_t version);

// A sorted-set member's score as stored under its member key: the exact
// IEEE bits (so -0.0 and every NaN-free value round-trip unchanged).
std::string encode_score_value(double score);
bool decode_score_value(std::string_view raw, double* score);

// Garbage records name collection versions whose members await the sweep;
// ordered by version, so the oldest dead collection is swept first.
std::string garbage_key_prefix();
std::string encode_garbage_key(uint64_t version, uint8_t db, std::string_view key);
bool decode_garbage_key(std::string_view raw, uint64_t* version, uint8_t* db,
                        std::string_view* key);

}  // namespace ringkv::store
