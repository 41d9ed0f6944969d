// cmd/geo_hash: scores, positions, geohash strings, distances, search cells
// and distance formatting. Expected values were read from redis-server 7.0
// (GEOADD + ZSCORE, GEOPOS, GEOHASH, GEODIST, GEORADIUS ... WITHDIST).
#include "cmd/geo_hash.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <set>
#include <string>

namespace ringkv::geo {
namespace {

constexpr double kPalermoLongitude = 13.361389;
constexpr double kPalermoLatitude = 38.115556;
constexpr double kCataniaLongitude = 15.087269;
constexpr double kCataniaLatitude = 37.502669;

TEST(GeohashTest, ScoresMatchRedis) {
  EXPECT_EQ(score_of(kPalermoLongitude, kPalermoLatitude), 3479099956230698u);
  EXPECT_EQ(score_of(kCataniaLongitude, kCataniaLatitude), 3479447370796909u);
  // The south-west corner is score 0; scores stay within 52 bits inside.
  EXPECT_EQ(score_of(-180, kLatitudeMin), 0u);
  EXPECT_LT(score_of(179.9999, 85.05), uint64_t{1} << 52);
}

TEST(GeohashTest, PositionIsTheCellCentre) {
  double longitude = 0;
  double latitude = 0;
  position_of(3479099956230698.0, &longitude, &latitude);
  // GEOPOS prints these with %.17Lf: 13.36138933897018433 38.11555639549629859.
  EXPECT_NEAR(longitude, 13.36138933897018433, 1e-15);
  EXPECT_NEAR(latitude, 38.11555639549629859, 1e-15);
  // Decoding then encoding again gives the same score.
  EXPECT_EQ(score_of(longitude, latitude), 3479099956230698u);
}

TEST(GeohashTest, GeohashStrings) {
  EXPECT_EQ(geohash_string(3479099956230698.0), "sqc8b49rny0");
  EXPECT_EQ(geohash_string(3479447370796909.0), "sqdtr74hyu0");
}

TEST(GeohashTest, DistancesMatchRedis) {
  double meters = distance(13.36138933897018433, 38.11555639549629859, 15.08726745843887329,
                          37.50266842333162032);
  EXPECT_EQ(format_distance(meters), "166274.1516");
  EXPECT_EQ(format_distance(meters / 1000), "166.2742");
  // Same meridian: exactly the arc along it.
  EXPECT_DOUBLE_EQ(distance(10, 0, 10, 1), kEarthRadiusMeters * M_PI / 180);
  EXPECT_EQ(distance(5, 5, 5, 5), 0.0);
}

TEST(GeohashTest, FormatDistanceRoundsToFourDecimals) {
  EXPECT_EQ(format_distance(0), "0.0000");
  EXPECT_EQ(format_distance(-0.0), "0.0000");
  EXPECT_EQ(format_distance(0.5), "0.5000");
  EXPECT_EQ(format_distance(0.00004), "0.0000");
  EXPECT_EQ(format_distance(0.00006), "0.0001");
  EXPECT_EQ(format_distance(12.34567), "12.3457");
  EXPECT_EQ(format_distance(1234567.89), "1234567.8900");
}

TEST(GeohashTest, ValidPositions) {
  EXPECT_TRUE(valid_position(-180, kLatitudeMin));
  EXPECT_TRUE(valid_position(180, kLatitudeMax));
  EXPECT_FALSE(valid_position(180.0001, 0));
  EXPECT_FALSE(valid_position(0, 85.06));
  EXPECT_FALSE(valid_position(0, -90));
}

TEST(GeohashTest, EncodeAndDecodeCells) {
  Cell cell;
  ASSERT_TRUE(encode(kPalermoLongitude, kPalermoLatitude, 26, Range{-180, 180},
                     Range{kLatitudeMin, kLatitudeMax}, &cell));
  EXPECT_EQ(cell.bits, 3479099956230698u);
  Area area = decode(cell, Range{-180, 180}, Range{kLatitudeMin, kLatitudeMax});
  EXPECT_LE(area.longitude.min, kPalermoLongitude);
  EXPECT_GE(area.longitude.max, kPalermoLongitude);
  EXPECT_LE(area.latitude.min, kPalermoLatitude);
  EXPECT_GE(area.latitude.max, kPalermoLatitude);
  // Step 1: four quadrants; the longitude bit is the higher one.
  ASSERT_TRUE(encode(90, 40, 1, Range{-180, 180}, Range{kLatitudeMin, kLatitudeMax}, &cell));
  EXPECT_EQ(cell.bits, 3u);
  ASSERT_TRUE(encode(90, -40, 1, Range{-180, 180}, Range{kLatitudeMin, kLatitudeMax}, &cell));
  EXPECT_EQ(cell.bits, 2u);
  ASSERT_TRUE(encode(-90, 40, 1, Range{-180, 180}, Range{kLatitudeMin, kLatitudeMax}, &cell));
  EXPECT_EQ(cell.bits, 1u);
  EXPECT_FALSE(encode(0, 0, 0, Range{-180, 180}, Range{-90, 90}, &cell));
}

TEST(GeohashTest, ScoreRangeOfACell) {
  uint64_t min = 0;
  uint64_t max = 0;
  score_range(Cell{5, 2}, &min, &max);
  EXPECT_EQ(min, uint64_t{5} << 48);
  EXPECT_EQ(max, uint64_t{6} << 48);
  score_range(Cell{123, 26}, &min, &max);
  EXPECT_EQ(min, 123u);
  EXPECT_EQ(max, 124u);
}

TEST(GeohashTest, SearchCellsCoverTheCircle) {
  Shape shape;
  shape.longitude = 15;
  shape.latitude = 37;
  shape.radius = 200;
  shape.to_meters = 1000;
  std::array<Cell, 9> cells = search_cells(shape);
  ASSERT_FALSE(cells[0].none());
  // The centre cell holds the centre.
  uint64_t score = score_of(15, 37);
  uint64_t min = 0;
  uint64_t max = 0;
  score_range(cells[0], &min, &max);
  EXPECT_LE(min, score);
  EXPECT_LT(score, max);
  // Every point of the circle lies in one of the searched cells.
  std::set<uint64_t> searched;
  for (const Cell& cell : cells) {
    if (!cell.none()) searched.insert(cell.bits);
  }
  for (double angle = 0; angle < 2 * M_PI; angle += 0.1) {
    double longitude = 15 + 1.9 * std::cos(angle) / std::cos(37 * M_PI / 180);
    double latitude = 37 + 1.7 * std::sin(angle);
    double meters = 0;
    if (!within(shape, longitude, latitude, &meters)) continue;
    uint64_t point = score_of(longitude, latitude) >> (52 - 2 * cells[0].step);
    EXPECT_TRUE(searched.count(point)) << longitude << "," << latitude;
  }
}

TEST(GeohashTest, WithinRadiusAndBox) {
  Shape circle;
  circle.longitude = 15;
  circle.latitude = 37;
  circle.radius = 100;
  circle.to_meters = 1000;
  double meters = 0;
  EXPECT_TRUE(within(circle, kCataniaLongitude, kCataniaLatitude, &meters));
  EXPECT_EQ(format_distance(meters / 1000), "56.4413");
  EXPECT_FALSE(within(circle, kPalermoLongitude, kPalermoLatitude, &meters));
  Shape box;
  box.type = Shape::kBox;
  box.longitude = 15;
  box.latitude = 37;
  box.width = 400;
  box.height = 100;
  box.to_meters = 1000;
  EXPECT_FALSE(within(box, kPalermoLongitude, kPalermoLatitude, &meters));  // 124 km north
  box.height = 300;
  EXPECT_TRUE(within(box, kPalermoLongitude, kPalermoLatitude, &meters));
  EXPECT_EQ(format_distance(meters / 1000), "190.4424");
}

}  // namespace
}  // namespace ringkv::geo
