// store/encoding: round trips of every record, byte order of encoded keys
// (LevelDB's bytewise comparator must see the intended order), and decoders
// that refuse truncated or corrupt input without reading past it.
#include "store/encoding.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace ringkv::store {
namespace {

using namespace std::string_literals;

// A heap copy of exactly raw.size() bytes, so a decoder reading past the end
// trips AddressSanitizer (the sanitize build) instead of reading slack.
class ExactBuffer {
 public:
  explicit ExactBuffer(std::string_view raw)
      : bytes_(new char[std::max<size_t>(raw.size(), 1)]), size_(raw.size()) {
    std::copy(raw.begin(), raw.end(), bytes_.get());
  }
  std::string_view view() const { return {bytes_.get(), size_}; }

 private:
  std::unique_ptr<char[]> bytes_;
  size_t size_;
};

Meta round_trip(const Meta& meta) {
  Meta decoded;
  EXPECT_TRUE(decode_meta_value(encode_meta_value(meta), &decoded));
  return decoded;
}

TEST(EncodingTest, StringMetaRoundTrip) {
  Meta meta;
  meta.type = ValueType::kString;
  meta.version = 0x0102030405060708ull;
  meta.expire_at_ms = UINT64_MAX;
  meta.value = "bin\0ary\xff"s;
  Meta decoded = round_trip(meta);
  EXPECT_EQ(decoded.type, ValueType::kString);
  EXPECT_EQ(decoded.version, meta.version);
  EXPECT_EQ(decoded.expire_at_ms, meta.expire_at_ms);
  EXPECT_EQ(decoded.value, meta.value);
  meta.value.clear();
  EXPECT_EQ(round_trip(meta).value, "");
}

TEST(EncodingTest, CollectionMetaRoundTrip) {
  for (ValueType type : {ValueType::kHash, ValueType::kSet, ValueType::kZset, ValueType::kList}) {
    Meta meta;
    meta.type = type;
    meta.version = 77;
    meta.expire_at_ms = 1700000000000ull;
    meta.count = 123456789;
    if (type == ValueType::kList) {
      meta.list_head = (1ull << 63) - 5;
      meta.list_tail = (1ull << 63) + 123456784;
    }
    Meta decoded = round_trip(meta);
    EXPECT_EQ(decoded.type, type);
    EXPECT_EQ(decoded.version, 77u);
    EXPECT_EQ(decoded.expire_at_ms, meta.expire_at_ms);
    EXPECT_EQ(decoded.count, meta.count);
    EXPECT_EQ(decoded.list_head, meta.list_head);
    EXPECT_EQ(decoded.list_tail, meta.list_tail);
    EXPECT_TRUE(decoded.value.empty());
  }
}

TEST(EncodingTest, TruncatedOrCorruptMetaIsRefused) {
  for (ValueType type : {ValueType::kString, ValueType::kHash, ValueType::kList}) {
    Meta meta;
    meta.type = type;
    meta.value = type == ValueType::kString ? "value" : "";
    std::string raw = encode_meta_value(meta);
    size_t minimum = type == ValueType::kString ? 17 : raw.size();
    for (size_t length = 0; length < minimum; ++length) {
      Meta decoded;
      ExactBuffer truncated(raw.substr(0, length));
      EXPECT_FALSE(decode_meta_value(truncated.view(), &decoded))
          << "type " << int(type) << " length " << length;
    }
    if (type != ValueType::kString) {
      Meta decoded;
      ExactBuffer longer(raw + "x");
      EXPECT_FALSE(decode_meta_value(longer.view(), &decoded));
    }
  }
  Meta meta;
  std::string raw = encode_meta_value(meta);
  for (int bad_type : {5, 0x7f, 0xff}) {
    raw[0] = static_cast<char>(bad_type);
    Meta decoded;
    EXPECT_FALSE(decode_meta_value(raw, &decoded)) << bad_type;
  }
}

TEST(EncodingTest, RandomBytesNeverCrashTheDecoders) {
  std::mt19937_64 random(99);
  for (int i = 0; i < 20000; ++i) {
    std::string raw(random() % 48, '\0');
    for (char& c : raw) c = static_cast<char>(random() % 6 == 0 ? random() % 6 : random());
    if (!raw.empty() && i % 2 == 0) raw[0] = "mfeg"[random() % 4];
    ExactBuffer buffer(raw);
    Meta meta;
    uint8_t db = 0;
    uint64_t number = 0;
    double score = 0;
    std::string_view key;
    if (decode_meta_value(buffer.view(), &meta) && meta.type != ValueType::kString) {
      EXPECT_TRUE(raw.size() == 25 || raw.size() == 41);
    }
    if (decode_meta_key(buffer.view(), &db, &key)) {
      EXPECT_EQ(key.size(), raw.size() - 2);
    }
    if (decode_expiry_key(buffer.view(), &number, &db, &key)) {
      EXPECT_EQ(key.size(), raw.size() - 10);
    }
    if (decode_garbage_key(buffer.view(), &number, &db, &key)) {
      EXPECT_EQ(key.size(), raw.size() - 10);
    }
    EXPECT_EQ(decode_score_value(buffer.view(), &score), raw.size() == 8);
  }
}

TEST(EncodingTest, MetaKeysOrderByDbThenKey) {
  uint8_t db = 0;
  std::string_view key;
  std::string raw = encode_meta_key(9, "k\0ey"s);
  ASSERT_TRUE(decode_meta_key(raw, &db, &key));
  EXPECT_EQ(db, 9);
  EXPECT_EQ(key, "k\0ey"s);
  EXPECT_TRUE(raw.starts_with(meta_key_prefix(9)));
  EXPECT_FALSE(decode_meta_key("m", &db, &key));
  EXPECT_FALSE(decode_meta_key("f\x01key", &db, &key));
  ASSERT_TRUE(decode_meta_key(encode_meta_key(3, ""), &db, &key));
  EXPECT_EQ(key, "");

  std::vector<std::pair<uint8_t, std::string>> expected = {{0, ""},   {0, "a"}, {0, "a\0"s},
                                                           {0, "ab"}, {0, "b"}, {0, "\xff"},
                                                           {1, ""},   {1, "a"}, {255, "z"}};
  std::vector<std::string> encoded;
  for (const auto& [d, k] : expected) encoded.push_back(encode_meta_key(d, k));
  EXPECT_TRUE(std::is_sorted(encoded.begin(), encoded.end()));
  EXPECT_EQ(std::adjacent_find(encoded.begin(), encoded.end()), encoded.end());
}

TEST(EncodingTest, MemberKeysGroupByKeyThenVersionThenMember) {
  // Versions compare numerically (big-endian), also across byte boundaries.
  std::vector<uint64_t> versions = {0, 1, 255, 256, 65535, 65536, 1ull << 32, UINT64_MAX};
  for (size_t i = 1; i < versions.size(); ++i) {
    EXPECT_LT(member_key_prefix(0, "k", versions[i - 1]), member_key_prefix(0, "k", versions[i]));
  }
  std::string prefix = member_key_prefix(2, "hash", 7);
  std::vector<std::string> members = {"", "a", "a\0"s, "ab", "b", "\xff"};
  std::vector<std::string> encoded;
  for (const auto& member : members) {
    encoded.push_back(encode_member_key(2, "hash", 7, member));
    EXPECT_TRUE(encoded.back().starts_with(prefix));
    EXPECT_EQ(encoded.back().substr(prefix.size()), member);
  }
  EXPECT_TRUE(std::is_sorted(encoded.begin(), encoded.end()));
  // The key's length comes first, so one key's members never fall inside
  // another key's prefix ("a" and "ab", or a key that ends in a version).
  std::string a_prefix = member_key_prefix(0, "a", 1);
  EXPECT_FALSE(encode_member_key(0, "ab", 1, "x").starts_with(a_prefix));
  EXPECT_FALSE(encode_member_key(0, "a\0\0\0\0\0\0\0\x01"s, 1, "").starts_with(a_prefix));
  EXPECT_FALSE(encode_member_key(1, "a", 1, "x").starts_with(a_prefix));
  EXPECT_FALSE(encode_member_key(0, "a", 2, "x").starts_with(a_prefix));
}

TEST(EncodingTest, ListKeysOrderByIndex) {
  std::string prefix = list_key_prefix(0, "list", 3);
  std::vector<uint64_t> indexes = {0, 1, 255, 256, (1ull << 63) - 1, 1ull << 63, UINT64_MAX};
  std::vector<std::string> encoded;
  for (uint64_t index : indexes) {
    encoded.push_back(encode_list_key(0, "list", 3, index));
    ASSERT_TRUE(encoded.back().starts_with(prefix));
    ASSERT_EQ(encoded.back().size(), prefix.size() + 8);
    EXPECT_EQ(read_u64_be(encoded.back().data() + prefix.size()), index);
  }
  EXPECT_TRUE(std::is_sorted(encoded.begin(), encoded.end()));
  EXPECT_FALSE(encode_list_key(0, "list", 3, 0).starts_with(member_key_prefix(0, "list", 3)));
}

std::string ordered(double value) {
  std::string out;
  append_ordered_double(&out, value);
  return out;
}

TEST(EncodingTest, OrderedDoublesSortNumerically) {
  const double inf = std::numeric_limits<double>::infinity();
  const double denormal = std::numeric_limits<double>::denorm_min();
  std::vector<double> ascending = {-inf,
                                   -1e300,
                                   -1.5,
                                   -1,
                                   -1e-300,
                                   -denormal,
                                   0,
                                   denormal,
                                   1e-300,
                                   1,
                                   1.5,
                                   1e300,
                                   std::numeric_limits<double>::max(),
                                   inf};
  for (size_t i = 1; i < ascending.size(); ++i) {
    EXPECT_LT(ordered(ascending[i - 1]), ordered(ascending[i])) << ascending[i];
  }
  EXPECT_EQ(ordered(-0.0), ordered(0.0));
  for (double value : ascending) {
    EXPECT_EQ(ordered(value).size(), 8u);
    EXPECT_EQ(decode_ordered_double(ordered(value)), value);
  }
  double zero = decode_ordered_double(ordered(-0.0));
  EXPECT_EQ(zero, 0.0);
  EXPECT_FALSE(std::signbit(zero));
}

TEST(EncodingTest, OrderedDoublesRandomAgreeWithNumericOrder) {
  std::mt19937_64 random(5);
  std::vector<double> values;
  for (int i = 0; i < 5000; ++i) {
    uint64_t bits = random();
    double value = 0;
    std::memcpy(&value, &bits, sizeof value);
    if (std::isnan(value)) continue;  // scores are never NaN
    values.push_back(value);
  }
  std::vector<std::string> encoded;
  for (double value : values) encoded.push_back(ordered(value));
  std::vector<size_t> by_bytes(values.size());
  for (size_t i = 0; i < by_bytes.size(); ++i) by_bytes[i] = i;
  std::sort(by_bytes.begin(), by_bytes.end(),
            [&](size_t a, size_t b) { return encoded[a] < encoded[b]; });
  for (size_t i = 1; i < by_bytes.size(); ++i) {
    ASSERT_LE(values[by_bytes[i - 1]], values[by_bytes[i]]);
  }
}

TEST(EncodingTest, ScoreKeysOrderByScoreThenMember) {
  std::string prefix = score_key_prefix(0, "z", 1);
  std::vector<std::pair<double, std::string>> ascending = {
      {-std::numeric_limits<double>::infinity(), "a"},
      {-1, "b"},
      {-1, "c"},
      {0, ""},
      {0, "a"},
      {1e-300, "a"},
      {2, "a"},
      {std::numeric_limits<double>::infinity(), ""}};
  std::vector<std::string> encoded;
  for (const auto& [score, member] : ascending) {
    encoded.push_back(encode_score_key(0, "z", 1, score, member));
    ASSERT_TRUE(encoded.back().starts_with(prefix));
    std::string_view rest = std::string_view(encoded.back()).substr(prefix.size());
    EXPECT_EQ(decode_ordered_double(rest.substr(0, 8)), score);
    EXPECT_EQ(rest.substr(8), member);
  }
  EXPECT_TRUE(std::is_sorted(encoded.begin(), encoded.end()));
  EXPECT_EQ(encode_score_key(0, "z", 1, -0.0, "m"), encode_score_key(0, "z", 1, 0.0, "m"));
}

TEST(EncodingTest, ScoreValuesKeepExactBits) {
  for (double score : {-0.0, 0.0, 1.5, -1e-310, std::numeric_limits<double>::infinity()}) {
    double decoded = 1234;
    ASSERT_TRUE(decode_score_value(encode_score_value(score), &decoded));
    EXPECT_EQ(decoded, score);
    EXPECT_EQ(std::signbit(decoded), std::signbit(score));
  }
  double decoded = 0;
  EXPECT_FALSE(decode_score_value("1234567", &decoded));
  EXPECT_FALSE(decode_score_value("123456789", &decoded));
}

TEST(EncodingTest, ExpiryKeysOrderByTimeFirst) {
  uint64_t when = 0;
  uint8_t db = 0;
  std::string_view key;
  std::string raw = encode_expiry_key(1700000000123ull, 4, "k\0"s);
  ASSERT_TRUE(decode_expiry_key(raw, &when, &db, &key));
  EXPECT_EQ(when, 1700000000123ull);
  EXPECT_EQ(db, 4);
  EXPECT_EQ(key, "k\0"s);
  // Due times across databases and keys: the sweep reads the earliest first.
  EXPECT_LT(encode_expiry_key(255, 15, "zzz"), encode_expiry_key(256, 0, "a"));
  EXPECT_LT(encode_expiry_key(1000, 0, "zzz"), encode_expiry_key(1000, 1, "a"));
  EXPECT_LT(encode_expiry_key(1000, 1, "a"), encode_expiry_key(1000, 1, "b"));
  for (size_t length = 0; length < 10; ++length) {
    ExactBuffer truncated(raw.substr(0, length));
    EXPECT_FALSE(decode_expiry_key(truncated.view(), &when, &db, &key)) << length;
  }
  EXPECT_FALSE(decode_expiry_key(encode_meta_key(0, "0123456789"), &when, &db, &key));
}

TEST(EncodingTest, GarbageKeysOrderByVersion) {
  uint64_t version = 0;
  uint8_t db = 0;
  std::string_view key;
  std::string raw = encode_garbage_key(42, 7, "list");
  ASSERT_TRUE(raw.starts_with(garbage_key_prefix()));
  ASSERT_TRUE(decode_garbage_key(raw, &version, &db, &key));
  EXPECT_EQ(version, 42u);
  EXPECT_EQ(db, 7);
  EXPECT_EQ(key, "list");
  EXPECT_LT(encode_garbage_key(255, 9, "z"), encode_garbage_key(256, 0, "a"));
  for (size_t length = 0; length < 10; ++length) {
    ExactBuffer truncated(raw.substr(0, length));
    EXPECT_FALSE(decode_garbage_key(truncated.view(), &version, &db, &key)) << length;
  }
}

TEST(EncodingTest, BigEndianHelpers) {
  std::string out;
  append_u64_be(&out, 0x0102030405060708ull);
  EXPECT_EQ(out, "\x01\x02\x03\x04\x05\x06\x07\x08");
  EXPECT_EQ(read_u64_be(out.data()), 0x0102030405060708ull);
  out.clear();
  append_u64_be(&out, UINT64_MAX);
  EXPECT_EQ(read_u64_be(out.data()), UINT64_MAX);
}

}  // namespace
}  // namespace ringkv::store
