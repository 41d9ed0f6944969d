// Geohash and distance math; see geo_hash.h.
#include "cmd/geo_hash.h"

#include <cmath>
#include <cstdio>

namespace ringkv::geo {

namespace {

constexpr Range kLongitudes{kLongitudeMin, kLongitudeMax};
constexpr Range kLatitudes{kLatitudeMin, kLatitudeMax};
// Half the Mercator world's width in meters: a radius this big needs step 1.
constexpr double kMercatorMax = 20037726.37;
constexpr double kRadiansPerDegree = M_PI / 180.0;

double radians(double degrees) { return degrees * kRadiansPerDegree; }
double degrees(double radians) { return radians / kRadiansPerDegree; }

// Spreads the 32 bits of `value` to the even bits of a 64-bit word.
uint64_t spread(uint32_t value) {
  uint64_t x = value;
  x = (x | (x << 16)) & 0x0000FFFF0000FFFFull;
  x = (x | (x << 8)) & 0x00FF00FF00FF00FFull;
  x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0Full;
  x = (x | (x << 2)) & 0x3333333333333333ull;
  x = (x | (x << 1)) & 0x5555555555555555ull;
  return x;
}

// Gathers the even bits of `value` into 32 bits (the inverse of spread).
uint32_t gather(uint64_t value) {
  uint64_t x = value & 0x5555555555555555ull;
  x = (x | (x >> 1)) & 0x3333333333333333ull;
  x = (x | (x >> 2)) & 0x0F0F0F0F0F0F0F0Full;
  x = (x | (x >> 4)) & 0x00FF00FF00FF00FFull;
  x = (x | (x >> 8)) & 0x0000FFFF0000FFFFull;
  x = (x | (x >> 16)) & 0x00000000FFFFFFFFull;
  return static_cast<uint32_t>(x);
}

// Latitude index on the even bits, longitude index on the odd ones.
uint64_t interleave(uint32_t latitude_index, uint32_t longitude_index) {
  return spread(latitude_index) | (spread(longitude_index) << 1);
}

// Meters between two latitudes along a meridian.
double latitude_distance(double latitude1, double latitude2) {
  return kEarthRadiusMeters * std::fabs(radians(latitude2) - radians(latitude1));
}

// The cell `cell` moved by (east, north) cells, wrapping round each axis
// that moves (an axis that does not move keeps its bits untouched).
Cell moved(const Cell& cell, int east, int north) {
  uint64_t mask = (uint64_t{1} << cell.step) - 1;
  uint64_t latitude_index = gather(cell.bits);
  uint64_t longitude_index = gather(cell.bits >> 1);
  if (north != 0) latitude_index = (latitude_index + static_cast<uint64_t>(north)) & mask;
  if (east != 0) longitude_index = (longitude_index + static_cast<uint64_t>(east)) & mask;
  return Cell{interleave(static_cast<uint32_t>(latitude_index),
                         static_cast<uint32_t>(longitude_index)),
              cell.step};
}

// Cells per axis for a search of `meters` around `latitude`: the finest
// step whose cells are still about as wide as the radius, coarser towards
// the poles where cells shrink.
int step_for_radius(double meters, double latitude) {
  if (meters == 0) return kMaxStep;
  int step = 1;
  while (meters < kMercatorMax) {
    meters *= 2;
    ++step;
  }
  step -= 2;
  if (latitude > 66 || latitude < -66) {
    --step;
    if (latitude > 80 || latitude < -80) --step;
  }
  if (step < 1) step = 1;
  if (step > kMaxStep) step = kMaxStep;
  return step;
}

// The shape's bounding box in degrees: min longitude, min latitude, max
// longitude, max latitude. Meridians converge towards the pole, so the
// longitude span is taken at the edge nearer to it.
std::array<double, 4> bounding_box(const Shape& shape) {
  double half_height =
      shape.to_meters * (shape.type == Shape::kRadius ? shape.radius : shape.height / 2);
  double half_width =
      shape.to_meters * (shape.type == Shape::kRadius ? shape.radius : shape.width / 2);
  double latitude_delta = degrees(half_height / kEarthRadiusMeters);
  double longitude_delta_top = degrees(half_width / kEarthRadiusMeters /
                                       std::cos(radians(shape.latitude + latitude_delta)));
  double longitude_delta_bottom = degrees(half_width / kEarthRadiusMeters /
                                          std::cos(radians(shape.latitude - latitude_delta)));
  double longitude_delta = shape.latitude < 0 ? longitude_delta_bottom : longitude_delta_top;
  return {shape.longitude - longitude_delta, shape.latitude - latitude_delta,
          shape.longitude + longitude_delta, shape.latitude + latitude_delta};
}

}  // namespace

bool valid_position(double longitude, double latitude) {
  return longitude >= kLongitudeMin && longitude <= kLongitudeMax && latitude >= kLatitudeMin &&
         latitude <= kLatitudeMax;
}

bool encode(double longitude, double latitude, int step, Range longitudes, Range latitudes,
            Cell* cell) {
  if (step < 1 || step > 32 || !valid_position(longitude, latitude)) return false;
  if (latitude < latitudes.min || latitude > latitudes.max || longitude < longitudes.min ||
      longitude > longitudes.max) {
    return false;
  }
  double cells = static_cast<double>(uint64_t{1} << step);
  double latitude_offset = (latitude - latitudes.min) / (latitudes.max - latitudes.min) * cells;
  double longitude_offset =
      (longitude - longitudes.min) / (longitudes.max - longitudes.min) * cells;
  // The offsets are truncated, as a conversion to an integer does.
  *cell = Cell{interleave(static_cast<uint32_t>(latitude_offset),
                          static_cast<uint32_t>(longitude_offset)),
               step};
  return true;
}

Area decode(const Cell& cell, Range longitudes, Range latitudes) {
  uint32_t latitude_index = gather(cell.bits);
  uint32_t longitude_index = gather(cell.bits >> 1);
  auto cells = static_cast<double>(uint64_t{1} << cell.step);
  double latitude_scale = latitudes.max - latitudes.min;
  double longitude_scale = longitudes.max - longitudes.min;
  Area area;
  area.latitude.min = latitudes.min + (latitude_index * 1.0 / cells) * latitude_scale;
  area.latitude.max = latitudes.min + ((latitude_index + 1) * 1.0 / cells) * latitude_scale;
  area.longitude.min = longitudes.min + (longitude_index * 1.0 / cells) * longitude_scale;
  area.longitude.max = longitudes.min + ((longitude_index + 1) * 1.0 / cells) * longitude_scale;
  return area;
}

uint64_t score_of(double longitude, double latitude) {
  Cell cell;
  if (!encode(longitude, latitude, kMaxStep, kLongitudes, kLatitudes, &cell)) return 0;
  return cell.bits;
}

void position_of(double score, double* longitude, double* latitude) {
  Cell cell{static_cast<uint64_t>(score), kMaxStep};
  Area area = decode(cell, kLongitudes, kLatitudes);
  *longitude = (area.longitude.min + area.longitude.max) / 2;
  if (*longitude > kLongitudeMax) *longitude = kLongitudeMax;
  if (*longitude < kLongitudeMin) *longitude = kLongitudeMin;
  *latitude = (area.latitude.min + area.latitude.max) / 2;
  if (*latitude > kLatitudeMax) *latitude = kLatitudeMax;
  if (*latitude < kLatitudeMin) *latitude = kLatitudeMin;
}

std::string geohash_string(double score) {
  static constexpr char kAlphabet[] = "0123456789bcdefghjkmnpqrstuvwxyz";
  double longitude = 0;
  double latitude = 0;
  position_of(score, &longitude, &latitude);
  Cell cell;
  encode(longitude, latitude, kMaxStep, Range{-180, 180}, Range{-90, 90}, &cell);
  // 52 bits make ten 5-bit characters and two bits of an eleventh, which
  // Redis leaves as zero bits: the last character is always '0'.
  std::string text(11, '0');
  for (int i = 0; i < 10; ++i) text[i] = kAlphabet[(cell.bits >> (52 - (i + 1) * 5)) & 0x1f];
  return text;
}

double distance(double longitude1, double latitude1, double longitude2, double latitude2) {
  double half_longitude_sine = std::sin((radians(longitude2) - radians(longitude1)) / 2);
  // Same meridian: the distance is along it (and exact).
  if (half_longitude_sine == 0.0) return latitude_distance(latitude1, latitude2);
  double latitude1_radians = radians(latitude1);
  double latitude2_radians = radians(latitude2);
  double half_latitude_sine = std::sin((latitude2_radians - latitude1_radians) / 2);
  double a = half_latitude_sine * half_latitude_sine + std::cos(latitude1_radians) *
                                                           std::cos(latitude2_radians) *
                                                           half_longitude_sine *
                                                           half_longitude_sine;
  return 2.0 * kEarthRadiusMeters * std::asin(std::sqrt(a));
}

bool within(const Shape& shape, double longitude, double latitude, double* meters) {
  if (shape.type == Shape::kRadius) {
    *meters = distance(shape.longitude, shape.latitude, longitude, latitude);
    return *meters <= shape.radius * shape.to_meters;
  }
  // A box: within half its height north-south, then within half its width
  // east-west along the point's own parallel.
  if (latitude_distance(latitude, shape.latitude) > shape.height * shape.to_meters / 2) {
    return false;
  }
  if (distance(longitude, latitude, shape.longitude, latitude) >
      shape.width * shape.to_meters / 2) {
    return false;
  }
  *meters = distance(shape.longitude, shape.latitude, longitude, latitude);
  return true;
}

std::array<Cell, 9> search_cells(const Shape& shape) {
  std::array<double, 4> box = bounding_box(shape);
  // A box counts as the circle through its corners.
  double half_width = shape.width / 2;
  double half_height = shape.height / 2;
  double radius_meters = shape.type == Shape::kRadius
                             ? shape.radius
                             : std::sqrt(half_width * half_width + half_height * half_height);
  radius_meters *= shape.to_meters;
  int step = step_for_radius(radius_meters, shape.latitude);
  Cell centre;
  encode(shape.longitude, shape.latitude, step, kLongitudes, kLatitudes, &centre);
  // When the box reaches past a neighbouring cell, the nine cells do not
  // cover it: use cells twice as big.
  Area north = decode(moved(centre, 0, 1), kLongitudes, kLatitudes);
  Area south = decode(moved(centre, 0, -1), kLongitudes, kLatitudes);
  Area east = decode(moved(centre, 1, 0), kLongitudes, kLatitudes);
  Area west = decode(moved(centre, -1, 0), kLongitudes, kLatitudes);
  bool too_small = north.latitude.max < box[3] || south.latitude.min > box[1] ||
                   east.longitude.max < box[2] || west.longitude.min > box[0];
  if (step > 1 && too_small) {
    --step;
    encode(shape.longitude, shape.latitude, step, kLongitudes, kLatitudes, &centre);
  }
  std::array<Cell, 9> cells = {centre,
                               moved(centre, 0, 1),
                               moved(centre, 0, -1),
                               moved(centre, 1, 0),
                               moved(centre, -1, 0),
                               moved(centre, 1, 1),
                               moved(centre, -1, 1),
                               moved(centre, 1, -1),
                               moved(centre, -1, -1)};
  // Neighbours on a side the box does not reach past are not searched.
  if (step >= 2) {
    Area area = decode(centre, kLongitudes, kLatitudes);
    enum { kCentre, kNorth, kSouth, kEast, kWest, kNorthEast, kNorthWest, kSouthEast, kSouthWest };
    auto drop = [&](std::initializer_list<int> which) {
      for (int i : which) cells[i] = Cell{};
    };
    if (area.latitude.min < box[1]) drop({kSouth, kSouthWest, kSouthEast});
    if (area.latitude.max > box[3]) drop({kNorth, kNorthEast, kNorthWest});
    if (area.longitude.min < box[0]) drop({kWest, kSouthWest, kNorthWest});
    if (area.longitude.max > box[2]) drop({kEast, kSouthEast, kNorthEast});
  }
  return cells;
}

void score_range(const Cell& cell, uint64_t* min, uint64_t* max) {
  int shift = 52 - cell.step * 2;
  *min = cell.bits << shift;
  *max = (cell.bits + 1) << shift;
}

std::string format_distance(double value) {
  // Rounded to the nearest 1/10000 (ties to even, the FPU's default), then
  // written as integer and fraction digits.
  long long scaled = std::llrint(value * 10000.0);
  bool negative = scaled < 0;
  auto bits = static_cast<unsigned long long>(scaled);
  unsigned long long magnitude = negative ? 0ull - bits : bits;
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%s%llu.%04llu", negative ? "-" : "", magnitude / 10000,
                magnitude % 10000);
  return buffer;
}

}  // namespace ringkv::geo
