// Geo commands against the real server: GEOADD's options and errors,
// GEOPOS/GEOHASH/GEODIST, every search form with its options, STORE and
// STOREDIST, RESP3, WRONGTYPE, and a seeded random comparison with the
// real redis-server over a few thousand points (same scores, hashes,
// distances, coordinates and result order). Expected replies were checked
// against redis-server 7.0.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "differential.h"
#include "test_client.h"

namespace ringkv::testing {
namespace {

constexpr const char* kWrongType =
    "-WRONGTYPE Operation against a key holding the wrong kind of value";
constexpr const char* kSyntax = "-ERR syntax error";

class GeoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ServerProcess({"--threads", "2"}); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    client_ = std::make_unique<TestClient>(server_->port());
    ASSERT_TRUE(client_->call({"FLUSHALL"}).is_ok());
  }
  std::string run(std::initializer_list<std::string_view> command) {
    return client_->call(command).debug();
  }
  void add_sicily() {
    ASSERT_EQ(run({"GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269",
                   "37.502669", "Catania"}),
              ":2");
  }

  static ServerProcess* server_;
  std::unique_ptr<TestClient> client_;
};
ServerProcess* GeoTest::server_ = nullptr;

TEST_F(GeoTest, GeoaddOptionsAndErrors) {
  add_sicily();
  EXPECT_EQ(run({"ZSCORE", "Sicily", "Palermo"}), "\"3479099956230698\"");
  EXPECT_EQ(run({"GEOADD", "Sicily", "NX", "13", "38", "Palermo", "14", "37", "Agrigento"}), ":1");
  EXPECT_EQ(run({"GEOADD", "Sicily", "XX", "CH", "13.5", "38", "Agrigento", "1", "1", "x"}),
            ":1");
  EXPECT_EQ(run({"GEOADD", "Sicily", "CH", "13.5", "38", "Agrigento"}), ":0");
  EXPECT_EQ(run({"ZCARD", "Sicily"}), ":3");
  EXPECT_EQ(run({"GEOADD", "Sicily", "XX", "NX", "1", "1", "x"}), kSyntax);
  EXPECT_EQ(run({"GEOADD", "Sicily", "GT", "1", "1", "x"}), kSyntax);
  EXPECT_EQ(run({"GEOADD", "Sicily", "1", "1", "x", "2"}), kSyntax);
  EXPECT_EQ(run({"GEOADD", "Sicily", "1", "1"}),
            "-ERR wrong number of arguments for 'geoadd' command");
  EXPECT_EQ(run({"GEOADD", "Sicily", "200", "10", "x"}),
            "-ERR invalid longitude,latitude pair 200.000000,10.000000");
  EXPECT_EQ(run({"GEOADD", "Sicily", "10", "86", "x"}),
            "-ERR invalid longitude,latitude pair 10.000000,86.000000");
  EXPECT_EQ(run({"GEOADD", "Sicily", "x", "10", "y"}), "-ERR value is not a valid float");
  EXPECT_EQ(run({"SET", "str", "v"}), "+OK");
  EXPECT_EQ(run({"GEOADD", "str", "1", "1", "x"}), kWrongType);
}

TEST_F(GeoTest, PositionsHashesAndDistances) {
  add_sicily();
  EXPECT_EQ(run({"GEOPOS", "Sicily", "Palermo", "nope"}),
            "[[\"13.36138933897018433\", \"38.11555639549629859\"], (nil)]");
  EXPECT_EQ(run({"GEOPOS", "nokey", "a"}), "[(nil)]");
  EXPECT_EQ(run({"GEOHASH", "Sicily", "Palermo", "Catania", "nope"}),
            "[\"sqc8b49rny0\", \"sqdtr74hyu0\", (nil)]");
  EXPECT_EQ(run({"GEOHASH", "nokey", "a", "b"}), "[(nil), (nil)]");
  EXPECT_EQ(run({"GEODIST", "Sicily", "Palermo", "Catania"}), "\"166274.1516\"");
  EXPECT_EQ(run({"GEODIST", "Sicily", "Palermo", "Catania", "km"}), "\"166.2742\"");
  EXPECT_EQ(run({"GEODIST", "Sicily", "Palermo", "Catania", "MI"}), "\"103.3182\"");
  EXPECT_EQ(run({"GEODIST", "Sicily", "Palermo", "Catania", "ft"}), "\"545518.8700\"");
  EXPECT_EQ(run({"GEODIST", "Sicily", "Palermo", "Palermo"}), "\"0.0000\"");
  EXPECT_EQ(run({"GEODIST", "Sicily", "Palermo", "nope"}), "(nil)");
  EXPECT_EQ(run({"GEODIST", "nokey", "a", "b"}), "(nil)");
  EXPECT_EQ(run({"GEODIST", "Sicily", "Palermo", "Catania", "yd"}),
            "-ERR unsupported unit provided. please use M, KM, FT, MI");
  EXPECT_EQ(run({"GEODIST", "Sicily", "Palermo", "Catania", "km", "x"}), kSyntax);
}

TEST_F(GeoTest, RadiusSearches) {
  add_sicily();
  EXPECT_EQ(run({"GEORADIUS", "Sicily", "15", "37", "200", "km", "WITHDIST", "ASC"}),
            "[[\"Catania\", \"56.4413\"], [\"Palermo\", \"190.4424\"]]");
  EXPECT_EQ(run({"GEORADIUS", "Sicily", "15", "37", "200", "km", "WITHCOORD", "WITHHASH",
                 "COUNT", "1"}),
            "[[\"Catania\", :3479447370796909, [\"15.08726745843887329\", "
            "\"37.50266842333162032\"]]]");
  EXPECT_EQ(run({"GEORADIUS", "Sicily", "15", "37", "100", "km"}), "[\"Catania\"]");
  EXPECT_EQ(run({"GEORADIUS_RO", "Sicily", "15", "37", "200", "km", "DESC"}),
            "[\"Palermo\", \"Catania\"]");
  EXPECT_EQ(run({"GEORADIUSBYMEMBER", "Sicily", "Palermo", "200", "km", "WITHDIST"}),
            "[[\"Palermo\", \"0.0000\"], [\"Catania\", \"166.2742\"]]");
  EXPECT_EQ(run({"GEORADIUSBYMEMBER_RO", "Sicily", "Catania", "100", "km"}), "[\"Catania\"]");
  EXPECT_EQ(run({"GEORADIUS", "Sicily", "15", "37", "1", "km"}), "[]");
  EXPECT_EQ(run({"GEORADIUS", "nokey", "15", "37", "1", "km"}), "[]");
  EXPECT_EQ(run({"GEORADIUSBYMEMBER", "Sicily", "nope", "1", "km"}),
            "-ERR could not decode requested zset member");
  EXPECT_EQ(run({"GEORADIUS", "Sicily", "15", "37", "-1", "km"}),
            "-ERR radius cannot be negative");
  EXPECT_EQ(run({"GEORADIUS", "Sicily", "15", "37", "x", "km"}), "-ERR need numeric radius");
  EXPECT_EQ(run({"GEORADIUS", "Sicily", "15", "37", "1", "km", "COUNT", "0"}),
            "-ERR COUNT must be > 0");
  EXPECT_EQ(run({"GEORADIUS", "Sicily", "15", "37", "1", "km", "ANY"}),
            "-ERR the ANY argument requires COUNT argument");
  EXPECT_EQ(run({"GEORADIUS", "Sicily", "15", "37", "1", "km", "BOGUS"}), kSyntax);
  EXPECT_EQ(run({"GEORADIUS_RO", "Sicily", "15", "37", "1", "km", "STORE", "x"}), kSyntax);
  EXPECT_EQ(run({"GEORADIUS", "Sicily", "15", "37", "1", "km", "STORE", "x", "WITHDIST"}),
            "-ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and "
            "WITHCOORD options");
}

TEST_F(GeoTest, GeosearchAndStore) {
  add_sicily();
  EXPECT_EQ(run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km",
                 "ASC", "WITHDIST"}),
            "[[\"Catania\", \"56.4413\"], [\"Palermo\", \"190.4424\"]]");
  EXPECT_EQ(run({"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "100", "km"}),
            "[\"Palermo\"]");
  EXPECT_EQ(run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km",
                 "COUNT", "1", "ANY"}),
            "[\"Palermo\"]");
  EXPECT_EQ(run({"GEOSEARCH", "Sicily", "BYRADIUS", "1", "km", "WITHDIST", "ASC"}),
            "-ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for GEOSEARCH");
  EXPECT_EQ(run({"geosearch", "Sicily", "FROMLONLAT", "15", "37", "WITHDIST", "ASC"}),
            "-ERR exactly one of BYRADIUS and BYBOX can be specified for geosearch");
  EXPECT_EQ(run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "FROMMEMBER", "Palermo",
                 "BYRADIUS", "1", "km"}),
            kSyntax);
  EXPECT_EQ(run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "1", "-1", "km"}),
            "-ERR height or width cannot be negative");
  EXPECT_EQ(run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "1", "x", "km"}),
            "-ERR need numeric height");
  EXPECT_EQ(run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "STORE",
                 "x"}),
            kSyntax);
  // Stores: scores, or distances in the search's unit; across shards too.
  EXPECT_EQ(run({"GEOSEARCHSTORE", "{Sicily}dst", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS",
                 "200", "km"}),
            ":2");
  EXPECT_EQ(run({"ZRANGE", "{Sicily}dst", "0", "-1", "WITHSCORES"}),
            "[\"Palermo\", \"3479099956230698\", \"Catania\", \"3479447370796909\"]");
  EXPECT_EQ(run({"GEOSEARCHSTORE", "other", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS",
                 "200", "km", "STOREDIST", "COUNT", "1"}),
            ":1");
  EXPECT_EQ(run({"ZRANGE", "other", "0", "-1", "WITHSCORES"}),
            "[\"Catania\", \"56.441257870158204\"]");
  EXPECT_EQ(run({"GEORADIUS", "Sicily", "15", "37", "200", "km", "STOREDIST", "radius"}), ":2");
  EXPECT_EQ(run({"ZSCORE", "radius", "Palermo"}), "\"190.44242984775784\"");
  EXPECT_EQ(run({"GEOSEARCHSTORE", "other", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200",
                 "km", "WITHDIST"}),
            "-ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD "
            "options");
  // No match, or no source: the destination goes.
  EXPECT_EQ(run({"GEOSEARCHSTORE", "other", "Sicily", "FROMLONLAT", "0", "0", "BYRADIUS", "1",
                 "km"}),
            ":0");
  EXPECT_EQ(run({"EXISTS", "other"}), ":0");
  EXPECT_EQ(run({"GEORADIUS", "nokey", "15", "37", "1", "km", "STORE", "radius"}), ":0");
  EXPECT_EQ(run({"EXISTS", "radius"}), ":0");
  EXPECT_EQ(run({"SET", "str", "v"}), "+OK");
  EXPECT_EQ(run({"GEOSEARCH", "str", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km"}),
            kWrongType);
  EXPECT_EQ(run({"GEOPOS", "str", "a"}), kWrongType);
}

TEST_F(GeoTest, Resp3Replies) {
  add_sicily();
  ASSERT_EQ(client_->call({"HELLO", "3"}).type, Reply::kMap);
  EXPECT_EQ(run({"GEOPOS", "Sicily", "Palermo", "nope"}),
            "[[,13.36138933897018433, ,38.11555639549629859], (nil)]");
  EXPECT_EQ(run({"GEODIST", "Sicily", "Palermo", "Catania", "km"}), "\"166.2742\"");
  EXPECT_EQ(run({"GEORADIUS", "Sicily", "15", "37", "100", "km", "WITHDIST", "WITHCOORD"}),
            "[[\"Catania\", \"56.4413\", [,15.08726745843887329, ,37.50266842333162032]]]");
}

// ---- against redis-server ----

using Command = std::vector<std::string>;

std::string number(std::mt19937_64& rng, double low, double high, const char* format) {
  double value = std::uniform_real_distribution<double>(low, high)(rng);
  char text[64];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

// Points clustered around Sicily, a few anywhere, and the corners.
Command geoadd_command(std::mt19937_64& rng) {
  Command command = {"GEOADD", "g"};
  for (int i = 0; i < 10; ++i) {
    bool near = rng() % 10 < 8;
    command.push_back(near ? number(rng, 12, 16, "%.6f") : number(rng, -180, 180, "%.6f"));
    command.push_back(near ? number(rng, 36, 40, "%.6f") : number(rng, -85, 85, "%.6f"));
    command.push_back("p" + std::to_string(rng() % 400));
  }
  return command;
}

Command search_command(std::mt19937_64& rng) {
  static const std::vector<std::string> kUnits = {"m", "km", "ft", "mi"};
  static const std::vector<std::string> kRadii = {"1", "10", "50", "100", "300", "1000", "5000"};
  std::string unit = kUnits[rng() % kUnits.size()];
  std::string radius = kRadii[rng() % kRadii.size()];
  if (unit == "m" || unit == "ft") radius += "000";
  std::string member = "p" + std::to_string(rng() % 400);
  Command command;
  switch (rng() % 4) {
    case 0:
      command = {"GEORADIUS", "g", number(rng, 12, 16, "%.4f"), number(rng, 36, 40, "%.4f"),
                 radius, unit};
      break;
    case 1:
      command = {"GEORADIUSBYMEMBER", "g", member, radius, unit};
      break;
    case 2:
      command = {"GEOSEARCH", "g", "FROMLONLAT", number(rng, 12, 16, "%.4f"),
                 number(rng, 36, 40, "%.4f"), "BYBOX", radius, radius, unit};
      break;
    default:
      command = {"GEOSEARCH", "g", "FROMMEMBER", member, "BYRADIUS", radius, unit};
  }
  if (rng() % 2) command.push_back("WITHDIST");
  if (rng() % 4 == 0) command.push_back("WITHCOORD");
  if (rng() % 4 == 0) command.push_back("WITHHASH");
  if (rng() % 2) command.push_back(rng() % 2 ? "ASC" : "DESC");
  if (rng() % 3 == 0) {
    command.insert(command.end(), {"COUNT", std::to_string(1 + rng() % 10)});
    if (rng() % 3 == 0) command.push_back("ANY");
  }
  return command;
}

Command next_geo_command(std::mt19937_64& rng) {
  std::string a = "p" + std::to_string(rng() % 400);
  std::string b = "p" + std::to_string(rng() % 400);
  switch (rng() % 10) {
    case 0:
    case 1:
      return geoadd_command(rng);
    case 2:
      return {"GEODIST", "g", a, b, rng() % 2 ? "km" : "mi"};
    case 3:
      return {"GEOPOS", "g", a, b};
    case 4:
      return {"GEOHASH", "g", a, b};
    case 5:
      return {"ZREM", "g", a};
    default:
      return search_command(rng);
  }
}

TEST(GeoDifferentialTest, RandomSearchesMatchRedis) {
  DifferentialOptions options;
  options.seeds = {11, 12};
  options.steps = 1500;
  options.time_budget = std::chrono::seconds(10);
  expect_same_as_redis(next_geo_command, options);
}

TEST(GeoDifferentialTest, RandomSearchesMatchRedisInResp3) {
  DifferentialOptions options;
  options.seeds = {21};
  options.steps = 1500;
  options.protocol = 3;
  options.time_budget = std::chrono::seconds(10);
  expect_same_as_redis(next_geo_command, options);
}

}  // namespace
}  // namespace ringkv::testing
