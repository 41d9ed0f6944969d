// Bitmap commands against the real server: SETBIT GETBIT BITCOUNT BITPOS
// BITOP BITFIELD BITFIELD_RO, their ranges, limits and errors. Expected
// values were checked against redis-server 7.0.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "test_client.h"

namespace ringkv::testing {
namespace {

class BitmapsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ServerProcess({"--threads", "2"}); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { client_ = std::make_unique<TestClient>(server_->port()); }

  std::string run(std::initializer_list<std::string_view> command) {
    return client_->call(command).debug();
  }
  std::string value(std::string_view key) { return client_->call({"GET", key}).text; }
  // Makes `key` hold a value that is not a string, with whichever
  // collection command the server has; false if it has none yet.
  bool make_non_string(std::string_view key) {
    run({"DEL", key});
    for (auto command : {"RPUSH", "SADD"}) {
      if (client_->call({command, key, "x"}).type == Reply::kInteger) return true;
    }
    return client_->call({"HSET", key, "f", "x"}).type == Reply::kInteger;
  }

  static ServerProcess* server_;
  std::unique_ptr<TestClient> client_;
};
ServerProcess* BitmapsTest::server_ = nullptr;

constexpr const char* kWrongType =
    "-WRONGTYPE Operation against a key holding the wrong kind of value";
constexpr const char* kNotInteger = "-ERR value is not an integer or out of range";
constexpr const char* kSyntax = "-ERR syntax error";
constexpr const char* kBadOffset = "-ERR bit offset is not an integer or out of range";
constexpr const char* kBadBit = "-ERR bit is not an integer or out of range";
constexpr const char* kBadType =
    "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but "
    "i64 is.";

TEST_F(BitmapsTest, SetbitAndGetbit) {
  run({"DEL", "sb"});
  EXPECT_EQ(run({"SETBIT", "sb", "7", "1"}), ":0");
  EXPECT_EQ(value("sb"), "\x01");
  EXPECT_EQ(run({"SETBIT", "sb", "7", "1"}), ":1");
  EXPECT_EQ(run({"SETBIT", "sb", "7", "0"}), ":1");
  EXPECT_EQ(run({"SETBIT", "sb", "0", "1"}), ":0");
  EXPECT_EQ(value("sb"), "\x80");
  EXPECT_EQ(run({"SETBIT", "sb", "17", "1"}), ":0");
  EXPECT_EQ(value("sb"), std::string("\x80\x00\x40", 3));
  EXPECT_EQ(run({"GETBIT", "sb", "0"}), ":1");
  EXPECT_EQ(run({"GETBIT", "sb", "1"}), ":0");
  EXPECT_EQ(run({"GETBIT", "sb", "17"}), ":1");
  EXPECT_EQ(run({"GETBIT", "sb", "1000"}), ":0");
  EXPECT_EQ(run({"GETBIT", "sb-missing", "5"}), ":0");
  EXPECT_EQ(run({"SETBIT", "sb-zero", "10", "0"}), ":0");
  EXPECT_EQ(value("sb-zero"), std::string(2, '\0'));
  EXPECT_EQ(run({"SET", "sb-int", "1"}), "+OK");  // '1' is 0x31
  EXPECT_EQ(run({"GETBIT", "sb-int", "2"}), ":1");
  EXPECT_EQ(run({"GETBIT", "sb-int", "4"}), ":0");
  EXPECT_EQ(run({"GETBIT", "sb-int", "7"}), ":1");
  EXPECT_EQ(run({"EXPIRE", "sb", "100"}), ":1");
  EXPECT_EQ(run({"SETBIT", "sb", "100", "1"}), ":0");
  EXPECT_EQ(run({"TTL", "sb"}), ":100");
  EXPECT_EQ(run({"STRLEN", "sb"}), ":13");
}

TEST_F(BitmapsTest, SetbitAndGetbitErrors) {
  EXPECT_EQ(run({"SETBIT", "sbe", "-1", "1"}), kBadOffset);
  EXPECT_EQ(run({"SETBIT", "sbe", "abc", "1"}), kBadOffset);
  EXPECT_EQ(run({"SETBIT", "sbe", "4294967296", "1"}), kBadOffset);
  EXPECT_EQ(run({"SETBIT", "sbe", "#1", "1"}), kBadOffset);
  EXPECT_EQ(run({"SETBIT", "sbe", "0", "2"}), kBadBit);
  EXPECT_EQ(run({"SETBIT", "sbe", "0", "-1"}), kBadBit);
  EXPECT_EQ(run({"SETBIT", "sbe", "0", "abc"}), kBadBit);
  EXPECT_EQ(run({"SETBIT", "sbe", "-1", "abc"}), kBadOffset);
  EXPECT_EQ(run({"GETBIT", "sbe", "-1"}), kBadOffset);
  EXPECT_EQ(run({"GETBIT", "sbe", "4294967296"}), kBadOffset);
  EXPECT_EQ(run({"GETBIT", "sbe", "4294967295"}), ":0");
  EXPECT_EQ(run({"EXISTS", "sbe"}), ":0");
  EXPECT_EQ(run({"SETBIT", "sbe", "1"}), "-ERR wrong number of arguments for 'setbit' command");
  if (make_non_string("sbe-other")) {
    EXPECT_EQ(run({"SETBIT", "sbe-other", "0", "1"}), kWrongType);
    EXPECT_EQ(run({"GETBIT", "sbe-other", "0"}), kWrongType);
    EXPECT_EQ(run({"GETBIT", "sbe-other", "-1"}), kBadOffset);
  }
}

TEST_F(BitmapsTest, BitcountRanges) {
  EXPECT_EQ(run({"SET", "bc", "foobar"}), "+OK");
  EXPECT_EQ(run({"BITCOUNT", "bc"}), ":26");
  EXPECT_EQ(run({"BITCOUNT", "bc", "0", "0"}), ":4");
  EXPECT_EQ(run({"BITCOUNT", "bc", "1", "1"}), ":6");
  EXPECT_EQ(run({"BITCOUNT", "bc", "1", "1", "BYTE"}), ":6");
  EXPECT_EQ(run({"BITCOUNT", "bc", "5", "30", "BIT"}), ":17");
  EXPECT_EQ(run({"BITCOUNT", "bc", "0", "-1", "bit"}), ":26");
  EXPECT_EQ(run({"BITCOUNT", "bc", "1", "1", "BIT"}), ":1");
  EXPECT_EQ(run({"BITCOUNT", "bc", "7", "9", "BIT"}), ":1");
  EXPECT_EQ(run({"BITCOUNT", "bc", "-1", "-1"}), ":4");
  EXPECT_EQ(run({"BITCOUNT", "bc", "0", "100"}), ":26");
  EXPECT_EQ(run({"BITCOUNT", "bc", "-100", "-1"}), ":26");
  EXPECT_EQ(run({"BITCOUNT", "bc", "2", "1"}), ":0");
  EXPECT_EQ(run({"BITCOUNT", "bc", "-1", "-2"}), ":0");
  EXPECT_EQ(run({"BITCOUNT", "bc", "-1", "-2", "FOO"}), ":0");
  EXPECT_EQ(run({"BITCOUNT", "bc", "0", "-1", "FOO"}), kSyntax);
  EXPECT_EQ(run({"BITCOUNT", "bc", "0"}), kSyntax);
  EXPECT_EQ(run({"BITCOUNT", "bc", "0", "1", "BIT", "x"}), kSyntax);
  EXPECT_EQ(run({"BITCOUNT", "bc", "a", "b"}), kNotInteger);
  EXPECT_EQ(run({"BITCOUNT", "bc-missing", "a", "b"}), ":0");
  EXPECT_EQ(run({"BITCOUNT", "bc-missing", "0"}), ":0");
  EXPECT_EQ(run({"SET", "bc-int", "12"}), "+OK");
  EXPECT_EQ(run({"BITCOUNT", "bc-int"}), ":6");
  EXPECT_EQ(run({"SET", "bc-empty", ""}), "+OK");
  EXPECT_EQ(run({"BITCOUNT", "bc-empty"}), ":0");
  EXPECT_EQ(run({"BITCOUNT", "bc-empty", "0", "-1", "BIT"}), ":0");
  if (make_non_string("bc-other")) {
    EXPECT_EQ(run({"BITCOUNT", "bc-other", "a", "b"}), kWrongType);
  }
}

TEST_F(BitmapsTest, BitposRanges) {
  client_->call({"SET", "bp", "\xff\xf0"});
  EXPECT_EQ(run({"APPEND", "bp", std::string_view("\x00", 1)}), ":3");
  EXPECT_EQ(run({"BITPOS", "bp", "0"}), ":12");
  client_->call({"SETRANGE", "bp", "0", std::string_view("\x00\xff\xf0", 3)});
  EXPECT_EQ(run({"BITPOS", "bp", "1", "0"}), ":8");
  EXPECT_EQ(run({"BITPOS", "bp", "1", "2"}), ":16");
  EXPECT_EQ(run({"BITPOS", "bp", "1", "2", "-1", "BYTE"}), ":16");
  EXPECT_EQ(run({"BITPOS", "bp", "1", "7", "15", "BIT"}), ":8");
  EXPECT_EQ(run({"BITPOS", "bp", "0", "8", "-1", "bit"}), ":20");
  EXPECT_EQ(run({"BITPOS", "bp", "0", "1", "1"}), ":-1");
  EXPECT_EQ(run({"BITPOS", "bp", "0", "1"}), ":20");
  EXPECT_EQ(run({"BITPOS", "bp", "1", "3"}), ":-1");
  EXPECT_EQ(run({"BITPOS", "bp", "1", "-1", "-2"}), ":-1");
  client_->call({"SETRANGE", "bp", "0", std::string_view("\x00\x00\x00", 3)});
  EXPECT_EQ(run({"BITPOS", "bp", "1"}), ":-1");
  EXPECT_EQ(run({"BITPOS", "bp", "1", "7", "-3", "BIT"}), ":-1");
  EXPECT_EQ(run({"BITPOS", "bp", "0", "5", "-1", "BIT"}), ":5");
  client_->call({"SETRANGE", "bp", "0", "\xff\xff\xff"});
  EXPECT_EQ(run({"BITPOS", "bp", "0"}), ":24");
  EXPECT_EQ(run({"BITPOS", "bp", "0", "0"}), ":24");
  EXPECT_EQ(run({"BITPOS", "bp", "0", "0", "-1"}), ":-1");
  EXPECT_EQ(run({"BITPOS", "bp", "0", "0", "-1", "BIT"}), ":-1");
  EXPECT_EQ(run({"BITPOS", "bp", "0", "3", "BIT"}), kNotInteger);  // BIT needs an end
  EXPECT_EQ(run({"BITPOS", "bp", "1", "3", "20", "BIT"}), ":3");
  client_->call({"SET", "bp2", "\xff\x7f"});
  EXPECT_EQ(run({"BITPOS", "bp2", "0", "3", "15", "BIT"}), ":8");
  EXPECT_EQ(run({"BITPOS", "bp2", "0", "9", "-1", "BIT"}), ":-1");
  EXPECT_EQ(run({"BITPOS", "bp2", "0", "1"}), ":8");
  EXPECT_EQ(run({"BITPOS", "bp2", "0", "9", "15", "BIT"}), ":-1");
  EXPECT_EQ(run({"BITPOS", "bp2", "1", "8", "8", "BIT"}), ":-1");
  EXPECT_EQ(run({"BITPOS", "bp2", "1", "9", "9", "BIT"}), ":9");
  EXPECT_EQ(run({"SET", "bp-empty", ""}), "+OK");
  EXPECT_EQ(run({"BITPOS", "bp-empty", "0"}), ":-1");
  EXPECT_EQ(run({"BITPOS", "bp-empty", "1"}), ":-1");
  EXPECT_EQ(run({"BITPOS", "bp-missing", "0"}), ":0");
  EXPECT_EQ(run({"BITPOS", "bp-missing", "1"}), ":-1");
  EXPECT_EQ(run({"BITPOS", "bp-missing", "1", "a", "b", "c"}), ":-1");
  EXPECT_EQ(run({"BITPOS", "bp", "2"}), "-ERR The bit argument must be 1 or 0.");
  EXPECT_EQ(run({"BITPOS", "bp-missing", "2"}), "-ERR The bit argument must be 1 or 0.");
  EXPECT_EQ(run({"BITPOS", "bp", "abc"}), kNotInteger);
  EXPECT_EQ(run({"BITPOS", "bp", "1", "a"}), kNotInteger);
  EXPECT_EQ(run({"BITPOS", "bp", "1", "0", "b"}), kNotInteger);
  EXPECT_EQ(run({"BITPOS", "bp", "1", "0", "-1", "FOO"}), kSyntax);
  EXPECT_EQ(run({"BITPOS", "bp", "1", "0", "-1", "BIT", "x"}), kSyntax);
  if (make_non_string("bp-other")) {
    EXPECT_EQ(run({"BITPOS", "bp-other", "1"}), kWrongType);
  }
}

TEST_F(BitmapsTest, BitopOperations) {
  EXPECT_EQ(run({"MSET", "bo1", "foobar", "bo2", "abcdef"}), "+OK");
  EXPECT_EQ(run({"BITOP", "AND", "bo-dest", "bo1", "bo2"}), ":6");
  EXPECT_EQ(value("bo-dest"), "`bc`ab");
  EXPECT_EQ(run({"BITOP", "or", "bo-dest", "bo1", "bo2"}), ":6");
  EXPECT_EQ(value("bo-dest"), "goofev");
  EXPECT_EQ(run({"BITOP", "XOR", "bo-dest", "bo1", "bo2"}), ":6");
  EXPECT_EQ(value("bo-dest"), "\x07\x0d\x0c\x06\x04\x14");
  EXPECT_EQ(run({"BITOP", "NOT", "bo-dest", "bo1"}), ":6");
  EXPECT_EQ(value("bo-dest"), "\x99\x90\x90\x9d\x9e\x8d");
  client_->call({"SET", "bo3", "\xff"});
  client_->call({"SET", "bo4", "\x0f\x0f"});
  EXPECT_EQ(run({"BITOP", "AND", "bo-dest", "bo3", "bo4"}), ":2");
  EXPECT_EQ(value("bo-dest"), std::string("\x0f\x00", 2));
  EXPECT_EQ(run({"BITOP", "OR", "bo-dest", "bo3", "bo4"}), ":2");
  EXPECT_EQ(value("bo-dest"), "\xff\x0f");
  EXPECT_EQ(run({"BITOP", "XOR", "bo-dest", "bo3", "bo4", "bo3"}), ":2");
  EXPECT_EQ(value("bo-dest"), "\x0f\x0f");
  EXPECT_EQ(run({"BITOP", "NOT", "bo-dest", "bo4"}), ":2");
  EXPECT_EQ(value("bo-dest"), "\xf0\xf0");
  EXPECT_EQ(run({"BITOP", "AND", "bo-dest", "bo1", "bo-missing"}), ":6");
  EXPECT_EQ(value("bo-dest"), std::string(6, '\0'));
  EXPECT_EQ(run({"BITOP", "NOT", "bo-dest", "bo-dest"}), ":6");
  EXPECT_EQ(value("bo-dest"), std::string(6, '\xff'));
  // Long enough for word-at-a-time loops.
  client_->call({"SET", "bo5", std::string(40, '\xff')});
  client_->call({"SET", "bo6", std::string(40, '\x0f')});
  EXPECT_EQ(run({"BITOP", "AND", "bo-dest", "bo5", "bo6"}), ":40");
  EXPECT_EQ(value("bo-dest"), std::string(40, '\x0f'));
  EXPECT_EQ(run({"BITOP", "XOR", "bo-dest", "bo5", "bo6"}), ":40");
  EXPECT_EQ(value("bo-dest"), std::string(40, '\xf0'));
}

TEST_F(BitmapsTest, BitopDestinationAndErrors) {
  EXPECT_EQ(run({"SETEX", "bd-dest", "100", "old"}), "+OK");
  EXPECT_EQ(run({"SET", "bd-src", "x"}), "+OK");
  EXPECT_EQ(run({"BITOP", "OR", "bd-dest", "bd-src"}), ":1");
  EXPECT_EQ(run({"TTL", "bd-dest"}), ":-1");
  EXPECT_EQ(run({"BITOP", "OR", "bd-dest", "bd-missing1", "bd-missing2"}), ":0");
  EXPECT_EQ(run({"EXISTS", "bd-dest"}), ":0");
  EXPECT_EQ(run({"SET", "bd-empty", ""}), "+OK");
  EXPECT_EQ(run({"SET", "bd-dest", "v"}), "+OK");
  EXPECT_EQ(run({"BITOP", "AND", "bd-dest", "bd-empty"}), ":0");
  EXPECT_EQ(run({"EXISTS", "bd-dest"}), ":0");
  EXPECT_EQ(run({"BITOP", "NOT", "bd-dest", "bd-src", "bd-src"}),
            "-ERR BITOP NOT must be called with a single source key.");
  EXPECT_EQ(run({"BITOP", "NAND", "bd-dest", "bd-src"}), kSyntax);
  EXPECT_EQ(run({"BITOP", "AND", "bd-dest"}),
            "-ERR wrong number of arguments for 'bitop' command");
  // Keys in different shards: the operation still sees them all.
  std::vector<std::string> command = {"BITOP", "OR", "bd-wide"};
  for (int i = 0; i < 16; ++i) {
    std::string key = "bd-wide:" + std::to_string(i);
    client_->call({"SETBIT", key, std::to_string(i), "1"});
    command.push_back(key);
  }
  EXPECT_EQ(client_->call(command).debug(), ":2");
  EXPECT_EQ(value("bd-wide"), "\xff\xff");
  if (make_non_string("bd-other")) {
    EXPECT_EQ(run({"BITOP", "AND", "bd-dest", "bd-src", "bd-other"}), kWrongType);
    EXPECT_EQ(run({"BITOP", "AND", "bd-other", "bd-src"}), ":1");
    EXPECT_EQ(run({"GET", "bd-other"}), "\"x\"");
  }
}

TEST_F(BitmapsTest, BitfieldBasics) {
  run({"DEL", "bf"});
  EXPECT_EQ(run({"BITFIELD", "bf", "SET", "i8", "0", "-100"}), "[:0]");
  EXPECT_EQ(run({"BITFIELD", "bf", "SET", "i8", "0", "101"}), "[:-100]");
  EXPECT_EQ(run({"BITFIELD", "bf", "GET", "i8", "0"}), "[:101]");
  EXPECT_EQ(run({"BITFIELD", "bf", "SET", "u8", "0", "255", "INCRBY", "u8", "0", "100", "GET",
                 "u8", "0"}),
            "[:101, :99, :99]");
  EXPECT_EQ(run({"BITFIELD", "bf", "set", "i8", "0", "255", "set", "i8", "0", "100", "get", "i8",
                 "0"}),
            "[:99, :-1, :100]");
  EXPECT_EQ(run({"BITFIELD", "bf"}), "[]");
  run({"DEL", "bf"});
  EXPECT_EQ(run({"BITFIELD", "bf", "SET", "u8", "#0", "65", "SET", "u8", "#1", "66", "SET", "u8",
                 "#2", "67"}),
            "[:0, :0, :0]");
  EXPECT_EQ(value("bf"), "ABC");
  EXPECT_EQ(run({"BITFIELD", "bf", "INCRBY", "i5", "100", "1", "GET", "u4", "0"}), "[:1, :4]");
  EXPECT_EQ(run({"STRLEN", "bf"}), ":14");
  EXPECT_EQ(run({"BITFIELD", "bf", "GET", "u4", "1", "GET", "i3", "5", "GET", "u16", "#0"}),
            "[:8, :1, :16706]");
  EXPECT_EQ(run({"BITFIELD", "bf", "GET", "i64", "1000", "GET", "u63", "#100"}), "[:0, :0]");
  EXPECT_EQ(run({"BITFIELD", "bf-missing", "GET", "i8", "0"}), "[:0]");
  EXPECT_EQ(run({"EXISTS", "bf-missing"}), ":0");
  EXPECT_EQ(run({"SET", "bf-int", "12"}), "+OK");
  EXPECT_EQ(run({"BITFIELD", "bf-int", "GET", "u16", "0"}), "[:12594]");
}

TEST_F(BitmapsTest, BitfieldExtremeWidths) {
  run({"DEL", "bfx"});
  EXPECT_EQ(run({"BITFIELD", "bfx", "SET", "i64", "0", "-9223372036854775808", "GET", "i64",
                 "0"}),
            "[:0, :-9223372036854775808]");
  EXPECT_EQ(run({"BITFIELD", "bfx", "INCRBY", "i64", "0", "-1"}), "[:9223372036854775807]");
  EXPECT_EQ(run({"BITFIELD", "bfx", "OVERFLOW", "SAT", "INCRBY", "i64", "0", "1"}),
            "[:9223372036854775807]");
  EXPECT_EQ(run({"BITFIELD", "bfx", "OVERFLOW", "FAIL", "INCRBY", "i64", "0", "1"}), "[(nil)]");
  EXPECT_EQ(run({"BITFIELD", "bfx", "SET", "u63", "3", "9223372036854775807", "GET", "u63",
                 "3"}),
            "[:9223372036854775804, :9223372036854775807]");
  EXPECT_EQ(run({"BITFIELD", "bfx", "INCRBY", "u63", "3", "1"}), "[:0]");
  EXPECT_EQ(run({"BITFIELD", "bfx", "OVERFLOW", "SAT", "INCRBY", "u63", "3", "-1"}), "[:0]");
  EXPECT_EQ(run({"BITFIELD", "bfx", "SET", "u1", "70", "1", "GET", "i1", "70"}), "[:0, :-1]");
  EXPECT_EQ(run({"BITFIELD", "bfx", "SET", "i1", "70", "-1", "GET", "u1", "70"}), "[:-1, :1]");
}

TEST_F(BitmapsTest, BitfieldOverflowModes) {
  struct Case {
    const char* type;
    const char* mode;
    const char* value;
    const char* increment;
    const char* expected;  // SET value, GET, INCRBY increment, GET at bit 3
  };
  const Case cases[] = {
    {"u1", "WRAP", "-1", "-9223372036854775808", "[:0, :1, :1, :1]"},
    {"u1", "WRAP", "1", "1", "[:0, :1, :0, :0]"},
    {"u1", "SAT", "9223372036854775807", "256", "[:0, :1, :1, :1]"},
    {"u1", "SAT", "0", "-129", "[:0, :0, :0, :0]"},
    {"u1", "FAIL", "1", "1", "[:0, :1, (nil), :1]"},
    {"u1", "FAIL", "-129", "-240", "[(nil), :0, (nil), :0]"},
    {"u2", "WRAP", "1", "-9223372036854775808", "[:0, :1, :1, :1]"},
    {"u2", "WRAP", "0", "9223372036854775807", "[:0, :0, :3, :3]"},
    {"u2", "SAT", "0", "0", "[:0, :0, :0, :0]"},
    {"u2", "SAT", "270", "128", "[:0, :3, :3, :3]"},
    {"u2", "FAIL", "-1", "1", "[(nil), :0, :1, :1]"},
    {"u2", "FAIL", "128", "273", "[(nil), :0, (nil), :0]"},
    {"u8", "WRAP", "1", "9223372036854775807", "[:0, :1, :0, :0]"},
    {"u8", "WRAP", "-128", "256", "[:0, :128, :128, :128]"},
    {"u8", "SAT", "9223372036854775807", "9223372036854775807", "[:0, :255, :255, :255]"},
    {"u8", "SAT", "255", "-129", "[:0, :255, :126, :126]"},
    {"u8", "FAIL", "255", "255", "[:0, :255, (nil), :255]"},
    {"u8", "FAIL", "128", "-4611686018427387905", "[:0, :128, (nil), :128]"},
    {"u15", "WRAP", "4611686018427387904", "1", "[:0, :0, :1, :1]"},
    {"u15", "WRAP", "128", "255", "[:0, :128, :383, :383]"},
    {"u15", "SAT", "4611686018427387904", "128", "[:0, :32767, :32767, :32767]"},
    {"u15", "SAT", "1", "-129", "[:0, :1, :0, :0]"},
    {"u15", "FAIL", "-4611686018427387905", "-1", "[(nil), :0, (nil), :0]"},
    {"u15", "FAIL", "-129", "-9223372036854775808", "[(nil), :0, (nil), :0]"},
    {"u32", "WRAP", "-4611686018427387905", "9223372036854775807", "[:0, :4294967295, :4294967294, :4294967294]"},
    {"u32", "WRAP", "-128", "9223372036854775807", "[:0, :4294967168, :4294967167, :4294967167]"},
    {"u32", "SAT", "9223372036854775807", "1", "[:0, :4294967295, :4294967295, :4294967295]"},
    {"u32", "SAT", "128", "4611686018427387904", "[:0, :128, :4294967295, :4294967295]"},
    {"u32", "FAIL", "0", "-9223372036854775808", "[:0, :0, (nil), :0]"},
    {"u32", "FAIL", "-9223372036854775808", "128", "[(nil), :0, :128, :128]"},
    {"u63", "WRAP", "-9223372036854775808", "0", "[:0, :0, :0, :0]"},
    {"u63", "WRAP", "-128", "9223372036854775807", "[:0, :9223372036854775680, :9223372036854775679, :9223372036854775679]"},
    {"u63", "SAT", "255", "127", "[:0, :255, :382, :382]"},
    {"u63", "SAT", "-1", "-129", "[:0, :9223372036854775807, :9223372036854775678, :9223372036854775678]"},
    {"u63", "FAIL", "100", "1", "[:0, :100, :101, :101]"},
    {"u63", "FAIL", "255", "256", "[:0, :255, :511, :511]"},
    {"i1", "WRAP", "-1", "140", "[:0, :-1, :-1, :-1]"},
    {"i1", "WRAP", "128", "-128", "[:0, :0, :0, :0]"},
    {"i1", "SAT", "127", "1", "[:0, :0, :0, :0]"},
    {"i1", "SAT", "-1", "-9223372036854775808", "[:0, :-1, :-1, :-1]"},
    {"i1", "FAIL", "0", "196", "[:0, :0, (nil), :0]"},
    {"i1", "FAIL", "128", "0", "[(nil), :0, :0, :0]"},
    {"i2", "WRAP", "-129", "-128", "[:0, :-1, :-1, :-1]"},
    {"i2", "WRAP", "-128", "4611686018427387904", "[:0, :0, :0, :0]"},
    {"i2", "SAT", "9223372036854775807", "255", "[:0, :1, :1, :1]"},
    {"i2", "SAT", "-129", "-129", "[:0, :-2, :-2, :-2]"},
    {"i2", "FAIL", "1", "-9223372036854775808", "[:0, :1, (nil), :1]"},
    {"i2", "FAIL", "0", "1", "[:0, :0, :1, :1]"},
    {"i8", "WRAP", "255", "1", "[:0, :-1, :0, :0]"},
    {"i8", "WRAP", "9223372036854775807", "1", "[:0, :-1, :0, :0]"},
    {"i8", "SAT", "9223372036854775807", "256", "[:0, :127, :127, :127]"},
    {"i8", "SAT", "-128", "1", "[:0, :-128, :-127, :-127]"},
    {"i8", "FAIL", "9223372036854775807", "-1", "[(nil), :0, :-1, :-1]"},
    {"i8", "FAIL", "-128", "255", "[:0, :-128, :127, :127]"},
    {"i16", "WRAP", "1", "255", "[:0, :1, :256, :256]"},
    {"i16", "WRAP", "255", "1", "[:0, :255, :256, :256]"},
    {"i16", "SAT", "1", "4611686018427387904", "[:0, :1, :32767, :32767]"},
    {"i16", "SAT", "255", "256", "[:0, :255, :511, :511]"},
    {"i16", "FAIL", "127", "-128", "[:0, :127, :-1, :-1]"},
    {"i16", "FAIL", "4611686018427387904", "0", "[(nil), :0, :0, :0]"},
    {"i32", "WRAP", "128", "4611686018427387904", "[:0, :128, :128, :128]"},
    {"i32", "WRAP", "256", "-1", "[:0, :256, :255, :255]"},
    {"i32", "SAT", "-4611686018427387905", "256", "[:0, :-2147483648, :-2147483392, :-2147483392]"},
    {"i32", "SAT", "-4611686018427387905", "-128", "[:0, :-2147483648, :-2147483648, :-2147483648]"},
    {"i32", "FAIL", "9223372036854775807", "-4611686018427387905", "[(nil), :0, (nil), :0]"},
    {"i32", "FAIL", "-55", "4611686018427387904", "[:0, :-55, (nil), :-55]"},
    {"i63", "WRAP", "127", "255", "[:0, :127, :382, :382]"},
    {"i63", "WRAP", "4611686018427387904", "0", "[:0, :-4611686018427387904, :-4611686018427387904, :-4611686018427387904]"},
    {"i63", "SAT", "255", "127", "[:0, :255, :382, :382]"},
    {"i63", "SAT", "255", "-128", "[:0, :255, :127, :127]"},
    {"i63", "FAIL", "127", "127", "[:0, :127, :254, :254]"},
    {"i63", "FAIL", "127", "127", "[:0, :127, :254, :254]"},
    {"i64", "WRAP", "9223372036854775807", "255", "[:0, :9223372036854775807, :-9223372036854775554, :-9223372036854775554]"},
    {"i64", "WRAP", "-4611686018427387905", "-214", "[:0, :-4611686018427387905, :-4611686018427388119, :-4611686018427388119]"},
    {"i64", "SAT", "-129", "255", "[:0, :-129, :126, :126]"},
    {"i64", "SAT", "-129", "1", "[:0, :-129, :-128, :-128]"},
    {"i64", "FAIL", "255", "4611686018427387904", "[:0, :255, :4611686018427388159, :4611686018427388159]"},
    {"i64", "FAIL", "4611686018427387904", "-1", "[:0, :4611686018427387904, :4611686018427387903, :4611686018427387903]"},
  };
  for (const Case& c : cases) {
    run({"DEL", "ov"});
    EXPECT_EQ(run({"BITFIELD", "ov", "OVERFLOW", c.mode, "SET", c.type, "3", c.value, "GET", c.type,
                   "3", "INCRBY", c.type, "3", c.increment, "GET", c.type, "3"}),
              c.expected)
        << c.type << " " << c.mode << " " << c.value << " " << c.increment;
  }
}

TEST_F(BitmapsTest, BitfieldFailStillCreatesKeyAndKeepsTtl) {
  run({"DEL", "bff"});
  EXPECT_EQ(run({"BITFIELD", "bff", "OVERFLOW", "FAIL", "SET", "u2", "8", "9"}), "[(nil)]");
  EXPECT_EQ(value("bff"), std::string(2, '\0'));
  EXPECT_EQ(run({"EXPIRE", "bff", "100"}), ":1");
  EXPECT_EQ(run({"BITFIELD", "bff", "SET", "u8", "0", "1"}), "[:0]");
  EXPECT_EQ(run({"TTL", "bff"}), ":100");
  EXPECT_EQ(run({"BITFIELD", "bff", "OVERFLOW", "WRAP", "INCRBY", "u2", "0", "5", "OVERFLOW",
                 "FAIL", "INCRBY", "u2", "0", "5", "OVERFLOW", "SAT", "INCRBY", "u2", "0", "5"}),
            "[:1, (nil), :3]");
  ASSERT_EQ(client_->call({"HELLO", "3"}).type, Reply::kMap);
  Reply reply = client_->call({"BITFIELD", "bff", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "5"});
  ASSERT_EQ(reply.elements.size(), 1u);
  EXPECT_EQ(reply.elements[0].type, Reply::kNull);
}

TEST_F(BitmapsTest, BitfieldErrors) {
  run({"DEL", "bfe"});
  for (auto type : {"i0", "u0", "u64", "i65", "x8", "I8", "i", "u-1", "i08", ""}) {
    EXPECT_EQ(run({"BITFIELD", "bfe", "GET", type, "0"}), kBadType) << type;
  }
  EXPECT_EQ(run({"BITFIELD", "bfe", "GET", "u8", "-1"}), kBadOffset);
  EXPECT_EQ(run({"BITFIELD", "bfe", "GET", "u8", "abc"}), kBadOffset);
  EXPECT_EQ(run({"BITFIELD", "bfe", "GET", "u8", "#"}), kBadOffset);
  EXPECT_EQ(run({"BITFIELD", "bfe", "GET", "u8", "#-1"}), kBadOffset);
  EXPECT_EQ(run({"BITFIELD", "bfe", "GET", "u8", "#9223372036854775807"}), kBadOffset);
  EXPECT_EQ(run({"BITFIELD", "bfe", "GET", "u8", "4294967296"}), kBadOffset);
  EXPECT_EQ(run({"BITFIELD", "bfe", "SET", "u8", "0", "abc"}), kNotInteger);
  EXPECT_EQ(run({"BITFIELD", "bfe", "INCRBY", "u8", "0", "1.5"}), kNotInteger);
  EXPECT_EQ(run({"BITFIELD", "bfe", "OVERFLOW", "FOO", "GET", "u8", "0"}),
            "-ERR Invalid OVERFLOW type specified");
  EXPECT_EQ(run({"BITFIELD", "bfe", "GET", "u8"}), kSyntax);
  EXPECT_EQ(run({"BITFIELD", "bfe", "SET", "u8", "0"}), kSyntax);
  EXPECT_EQ(run({"BITFIELD", "bfe", "OVERFLOW"}), kSyntax);
  EXPECT_EQ(run({"BITFIELD", "bfe", "BOGUS", "u8", "0"}), kSyntax);
  EXPECT_EQ(run({"BITFIELD", "bfe", "SET", "u8", "0", "1", "GET", "u64", "0"}), kBadType);
  EXPECT_EQ(run({"EXISTS", "bfe"}), ":0");
  EXPECT_EQ(run({"BITFIELD"}), "-ERR wrong number of arguments for 'bitfield' command");
  if (make_non_string("bfe-other")) {
    EXPECT_EQ(run({"BITFIELD", "bfe-other", "GET", "u8", "0"}), kWrongType);
    EXPECT_EQ(run({"BITFIELD", "bfe-other", "SET", "u8", "0", "1"}), kWrongType);
    EXPECT_EQ(run({"BITFIELD_RO", "bfe-other", "GET", "u8", "0"}), kWrongType);
    EXPECT_EQ(run({"BITFIELD_RO", "bfe-other", "SET", "u8", "0", "1"}),
              "-ERR BITFIELD_RO only supports the GET subcommand");
  }
}

TEST_F(BitmapsTest, BitfieldRo) {
  EXPECT_EQ(run({"SET", "bfro", "ABC"}), "+OK");
  EXPECT_EQ(run({"BITFIELD_RO", "bfro", "GET", "u8", "#1", "GET", "i4", "0"}), "[:66, :4]");
  EXPECT_EQ(run({"BITFIELD_RO", "bfro"}), "[]");
  EXPECT_EQ(run({"BITFIELD_RO", "bfro", "SET", "u8", "0", "1"}),
            "-ERR BITFIELD_RO only supports the GET subcommand");
  EXPECT_EQ(run({"BITFIELD_RO", "bfro", "GET", "u8", "0", "INCRBY", "u8", "0", "1"}),
            "-ERR BITFIELD_RO only supports the GET subcommand");
  EXPECT_EQ(run({"BITFIELD_RO", "bfro", "OVERFLOW", "SAT", "GET", "u8", "0"}), "[:65]");
  EXPECT_EQ(run({"BITFIELD_RO", "bfro", "SET", "u8", "0", "x"}), kNotInteger);
  EXPECT_EQ(run({"BITFIELD_RO", "bfro-missing", "GET", "u8", "0"}), "[:0]");
  EXPECT_EQ(value("bfro"), "ABC");
}

}  // namespace
}  // namespace ringkv::testing
