// Storage encoding; see encoding.h for the layout.
#include "store/encoding.h"

#include <cstring>

namespace ringkv::store {

namespace {
constexpr char kMetaTag = 'm';
constexpr char kMemberTag = 'f';
constexpr char kListTag = 'l';
constexpr char kScoreTag = 'z';
constexpr char kExpiryTag = 'e';
constexpr char kGarbageTag = 'g';

void append_u32_be(std::string* out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>(value >> shift));
}

std::string collection_prefix(char tag, uint8_t db, std::string_view key, uint64_t version) {
  std::string out;
  out.reserve(14 + key.size());
  out.push_back(tag);
  out.push_back(static_cast<char>(db));
  append_u32_be(&out, static_cast<uint32_t>(key.size()));
  out.append(key);
  append_u64_be(&out, version);
  return out;
}
}  // namespace

void append_u64_be(std::string* out, uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) out->push_back(static_cast<char>(value >> shift));
}

uint64_t read_u64_be(const char* bytes) {
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  return value;
}

std::string encode_meta_key(uint8_t db, std::string_view key) {
  std::string out;
  out.reserve(2 + key.size());
  append_meta_key(&out, db, key);
  return out;
}

void append_meta_key(std::string* out, uint8_t db, std::string_view key) {
  out->push_back(kMetaTag);
  out->push_back(static_cast<char>(db));
  out->append(key);
}

std::string meta_key_prefix(uint8_t db) { return std::string{kMetaTag, static_cast<char>(db)}; }

bool decode_meta_key(std::string_view raw, uint8_t* db, std::string_view* key) {
  if (raw.size() < 2 || raw[0] != kMetaTag) return false;
  *db = static_cast<uint8_t>(raw[1]);
  *key = raw.substr(2);
  return true;
}

std::string encode_meta_value(const Meta& meta) {
  std::string out;
  append_meta_value(&out, meta);
  return out;
}

void append_meta_value(std::string* out, const Meta& meta) {
  out->reserve(out->size() + 17 + (meta.type == ValueType::kString ? meta.value.size() : 24));
  out->push_back(static_cast<char>(meta.type));
  append_u64_be(out, meta.version);
  append_u64_be(out, meta.expire_at_ms);
  if (meta.type == ValueType::kString) {
    out->append(meta.value);
  } else {
    append_u64_be(out, meta.count);
    if (meta.type == ValueType::kList) {
      append_u64_be(out, meta.list_head);
      append_u64_be(out, meta.list_tail);
    }
  }
}

bool decode_meta_value(std::string_view raw, Meta* out) {
  if (raw.size() < 17) return false;
  auto type = static_cast<uint8_t>(raw[0]);
  if (type > static_cast<uint8_t>(ValueType::kZset)) return false;
  out->type = static_cast<ValueType>(type);
  out->version = read_u64_be(raw.data() + 1);
  out->expire_at_ms = read_u64_be(raw.data() + 9);
  if (out->type == ValueType::kString) {
    out->value.assign(raw.data() + 17, raw.size() - 17);
    out->count = 0;
    return true;
  }
  size_t needed = out->type == ValueType::kList ? 41 : 25;
  if (raw.size() != needed) return false;
  out->value.clear();
  out->count = read_u64_be(raw.data() + 17);
  if (out->type == ValueType::kList) {
    out->list_head = read_u64_be(raw.data() + 25);
    out->list_tail = read_u64_be(raw.data() + 33);
  }
  return true;
}

std::string member_key_prefix(uint8_t db, std::string_view key, uint64_t version) {
  return collection_prefix(kMemberTag, db, key, version);
}

std::string encode_member_key(uint8_t db, std::string_view key, uint64_t version,
                              std::string_view member) {
  std::string out = member_key_prefix(db, key, version);
  out.append(member);
  return out;
}

std::string encode_list_key(uint8_t db, std::string_view key, uint64_t version, uint64_t index) {
  std::string out = collection_prefix(kListTag, db, key, version);
  append_u64_be(&out, index);
  return out;
}

std::string score_key_prefix(uint8_t db, std::string_view key, uint64_t version) {
  return collection_prefix(kScoreTag, db, key, version);
}

std::string encode_score_key(uint8_t db, std::string_view key, uint64_t version, double score,
                             std::string_view member) {
  std::string out = score_key_prefix(db, key, version);
  append_ordered_double(&out, score);
  out.append(member);
  return out;
}

void append_ordered_double(std::string* out, double value) {
  if (value == 0.0) value = 0.0;  // folds -0.0 into 0.0
  uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  // Negative numbers: flip all bits (larger magnitude sorts first);
  // positive: flip the sign bit so they sort after every negative.
  bits = (bits & (uint64_t{1} << 63)) ? ~bits : bits | (uint64_t{1} << 63);
  append_u64_be(out, bits);
}

double decode_ordered_double(std::string_view eight_bytes) {
  uint64_t bits = read_u64_be(eight_bytes.data());
  bits = (bits & (uint64_t{1} << 63)) ? bits & ~(uint64_t{1} << 63) : ~bits;
  double value = 0;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

std::string encode_expiry_key(uint64_t expire_at_ms, uint8_t db, std::string_view key) {
  std::string out;
  out.reserve(10 + key.size());
  out.push_back(kExpiryTag);
  append_u64_be(&out, expire_at_ms);
  out.push_back(static_cast<char>(db));
  out.append(key);
  return out;
}

bool decode_expiry_key(std::string_view raw, uint64_t* expire_at_ms, uint8_t* db,
                       std::string_view* key) {
  if (raw.size() < 10 || raw[0] != kExpiryTag) return false;
  *expire_at_ms = read_u64_be(raw.data() + 1);
  *db = static_cast<uint8_t>(raw[9]);
  *key = raw.substr(10);
  return true;
}

std::string list_key_prefix(uint8_t db, std::string_view key, uint64_t version) {
  return collection_prefix(kListTag, db, key, version);
}

std::string encode_score_value(double score) {
  uint64_t bits;
  std::memcpy(&bits, &score, sizeof bits);
  std::string out;
  append_u64_be(&out, bits);
  return out;
}

bool decode_score_value(std::string_view raw, double* score) {
  if (raw.size() != 8) return false;
  uint64_t bits = read_u64_be(raw.data());
  std::memcpy(score, &bits, sizeof bits);
  return true;
}

std::string garbage_key_prefix() { return std::string(1, kGarbageTag); }

std::string encode_garbage_key(uint64_t version, uint8_t db, std::string_view key) {
  std::string out;
  out.reserve(10 + key.size());
  out.push_back(kGarbageTag);
  append_u64_be(&out, version);
  out.push_back(static_cast<char>(db));
  out.append(key);
  return out;
}

bool decode_garbage_key(std::string_view raw, uint64_t* version, uint8_t* db,
                        std::string_view* key) {
  if (raw.size() < 10 || raw[0] != kGarbageTag) return false;
  *version = read_u64_be(raw.data() + 1);
  *db = static_cast<uint8_t>(raw[9]);
  *key = raw.substr(10);
  return true;
}

std::string prefix_successor(std::string_view prefix) {
  std::string next(prefix);
  while (!next.empty()) {
    auto last = static_cast<unsigned char>(next.back());
    if (last != 0xff) {
      next.back() = static_cast<char>(last + 1);
      return next;
    }
    next.pop_back();
  }
  return next;
}

}  // namespace ringkv::store
