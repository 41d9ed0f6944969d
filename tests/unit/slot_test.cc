// util/slot: CRC16-XMODEM and Redis Cluster's hash tag rule. The slots are
// what CLUSTER KEYSLOT printed on a cluster-enabled redis-server 7.0.
#include "util/slot.h"

#include <gtest/gtest.h>

#include <string>

namespace ringkv {
namespace {

using namespace std::string_literals;

TEST(SlotTest, Crc16KnownVectors) {
  EXPECT_EQ(crc16_xmodem("123456789"), 0x31C3);  // the CRC catalogue's check value
  EXPECT_EQ(crc16_xmodem(""), 0);
  EXPECT_EQ(crc16_xmodem("foo"), 0xAF96);
  EXPECT_EQ(crc16_xmodem("bar"), 0x93C5);
  EXPECT_EQ(crc16_xmodem("\xff\0x"s), 0x30FC);  // high bytes and NUL count
}

// The bit-by-bit definition, to check the table-driven one against.
uint16_t crc16_by_bits(std::string_view data) {
  uint16_t crc = 0;
  for (char c : data) {
    crc = static_cast<uint16_t>(crc ^ (static_cast<unsigned char>(c) << 8));
    for (int bit = 0; bit < 8; ++bit) {
      crc = (crc & 0x8000) ? static_cast<uint16_t>((crc << 1) ^ 0x1021)
                           : static_cast<uint16_t>(crc << 1);
    }
  }
  return crc;
}

TEST(SlotTest, Crc16MatchesTheDefinitionAtEveryLength) {
  std::string data;
  uint32_t state = 12345;
  for (int length = 0; length < 100; ++length) {
    ASSERT_EQ(crc16_xmodem(data), crc16_by_bits(data)) << "length " << length;
    state = state * 1103515245u + 12345u;
    data.push_back(static_cast<char>(state >> 16));
  }
}

TEST(SlotTest, PlainKeys) {
  EXPECT_EQ(key_slot("foo"), 12182);
  EXPECT_EQ(key_slot("bar"), 5061);
  EXPECT_EQ(key_slot("123456789"), 12739);
  EXPECT_EQ(key_slot(""), 0);
}

TEST(SlotTest, HashTags) {
  EXPECT_EQ(key_slot("{user1000}.following"), 3443);
  EXPECT_EQ(key_slot("{user1000}.followers"), 3443);
  EXPECT_EQ(key_slot("foo{bar}{zap}"), key_slot("bar"));  // only the first tag counts
  EXPECT_EQ(key_slot("foo{bar}{zap}"), 5061);
  EXPECT_EQ(key_slot("foo{{bar}}zap"), 4015);  // the tag is "{bar"
  EXPECT_EQ(key_slot("{{}}"), 4092);           // the tag is "{"
}

TEST(SlotTest, EmptyOrUnclosedTagHashesTheWholeKey) {
  EXPECT_EQ(key_slot("foo{}{bar}"), 8363);  // "{}" first: no tag at all
  EXPECT_EQ(key_slot("foo{}{bar}"), crc16_xmodem("foo{}{bar}") & 16383);
  EXPECT_EQ(key_slot("{}"), 15257);
  EXPECT_EQ(key_slot("{bar"), 4015);
  EXPECT_EQ(key_slot("bar}"), 6624);
  EXPECT_EQ(key_slot("{"), 4092);
}

TEST(SlotTest, SlotsStayInRange) {
  for (int i = 0; i < 100000; ++i) {
    uint16_t slot = key_slot("key:" + std::to_string(i));
    ASSERT_LT(slot, 16384);
  }
}

}  // namespace
}  // namespace ringkv
