// Geohash and distance math of the geo commands, with Redis's conventions
// so that scores, hashes, positions and distances match it to the bit:
//
// - A position is a 52-bit score: longitude (-180..180) and latitude
//   (-85.05112878..85.05112878, the Web Mercator band) each scaled to 26
//   bits, interleaved with the longitude's bits above the latitude's.
// - A cell of `step` bits per axis covers 2^-step of each range; the score
//   range of a cell is [bits << (52 - 2 step), (bits + 1) << (52 - 2 step)).
// - Distances are great-circle (haversine) on a sphere of Redis's earth
//   radius, 6372797.560856 m.
// - A search looks at most nine cells (the centre one and its neighbours)
//   at a step chosen from the search radius, in Redis's order, so results
//   come out in the same order.
//
// Pure functions: no state, callable from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace ringkv::geo {

constexpr double kLongitudeMin = -180;
constexpr double kLongitudeMax = 180;
constexpr double kLatitudeMin = -85.05112878;
constexpr double kLatitudeMax = 85.05112878;
constexpr int kMaxStep = 26;
constexpr double kEarthRadiusMeters = 6372797.560856;

struct Range {
  double min;
  double max;
};

// A geohash cell: `step` bits per axis, interleaved in `bits`. The zero
// cell (bits 0, step 0) stands for "no cell".
struct Cell {
  uint64_t bits = 0;
  int step = 0;

  bool none() const { return bits == 0 && step == 0; }
  bool operator==(const Cell& other) const { return bits == other.bits && step == other.step; }
};

struct Area {
  Range longitude;
  Range latitude;
};

// True when (longitude, latitude) may be stored (Redis's GEOADD bounds).
bool valid_position(double longitude, double latitude);

// The cell of `step` holding the point within the given ranges; false when
// the point lies outside them.
bool encode(double longitude, double latitude, int step, Range longitudes, Range latitudes,
            Cell* cell);
// The bounds of `cell` within the given ranges.
Area decode(const Cell& cell, Range longitudes, Range latitudes);

// The score GEOADD stores for a valid position.
uint64_t score_of(double longitude, double latitude);
// The position a score stands for: the centre of its 52-bit cell.
void position_of(double score, double* longitude, double* latitude);
// The standard 11-character geohash of a score (latitudes -90..90).
std::string geohash_string(double score);

// Great-circle distance in meters between two points (degrees).
double distance(double longitude1, double latitude1, double longitude2, double latitude2);

// What a search covers: a circle (radius) or an axis-aligned box (width,
// height) around a centre, in units of `to_meters` meters.
struct Shape {
  enum Type { kRadius, kBox } type = kRadius;
  double longitude = 0;
  double latitude = 0;
  double radius = 0;
  double width = 0;
  double height = 0;
  double to_meters = 1;
};

// Whether (longitude, latitude) lies within `shape`; if so *meters is its
// distance from the centre.
bool within(const Shape& shape, double longitude, double latitude, double* meters);

// The cells to search for `shape`, in Redis's order: centre, north, south,
// east, west, north-east, north-west, south-east, south-west. Cells that
// cannot hold a match are none().
std::array<Cell, 9> search_cells(const Shape& shape);
// The scores [min, max) of `cell`.
void score_range(const Cell& cell, uint64_t* min, uint64_t* max);

// A distance as Redis replies it: rounded to 4 decimals ("12.3457", "0.0000").
std::string format_distance(double value);

}  // namespace ringkv::geo
