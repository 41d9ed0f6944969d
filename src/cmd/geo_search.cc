// Geo searches: GEOSEARCH, GEOSEARCHSTORE, GEORADIUS, GEORADIUSBYMEMBER
// and their _RO forms, one parser and one search like Redis's
// georadiusGeneric. A search walks the score ranges of at most nine
// geohash cells around the centre (geo_hash.h) through the sorted set's
// score index and keeps the points within the shape: it reads the points
// of those cells, not the whole set.
#include <algorithm>
#include <array>
#include <optional>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "cmd/args.h"
#include "cmd/collection_key.h"
#include "cmd/geo_commands.h"
#include "cmd/geo_hash.h"
#include "cmd/zset_commands.h"
#include "util/numbers.h"

namespace ringkv::cmd {

namespace {

using store::ValueType;

enum SearchFlags : unsigned {
  kByCoordinates = 1u << 0,  // GEORADIUS: key longitude latitude radius unit
  kByMember = 1u << 1,       // GEORADIUSBYMEMBER: key member radius unit
  kNoStore = 1u << 2,        // the _RO forms
  kGeosearch = 1u << 3,      // GEOSEARCH: key, then FROM... BY... options
  kGeosearchStore = 1u << 4  // GEOSEARCHSTORE: destination, key, options
};

enum class Order { kNone, kAscending, kDescending };

struct SearchRequest {
  geo::Shape shape;
  bool with_distance = false;
  bool with_hash = false;
  bool with_coordinates = false;
  bool any = false;
  Order order = Order::kNone;
  int64_t count = 0;  // 0 = no limit
  std::optional<std::string_view> store_key;
  bool store_distance = false;
  bool from_member = false;
  bool from_position = false;
  bool by_radius = false;
  bool by_box = false;
};

struct Point {
  double longitude;
  double latitude;
  double meters;
  double score;
  std::string member;
};

// The position of `member` in `zset`; replies Redis's error when absent.
bool member_position(CommandContext& ctx, CollectionKey& zset, std::string_view member,
                     geo::Shape* shape) {
  std::optional<double> score = zset.members().score_of(member);
  if (!score) {
    ctx.reply.error("ERR could not decode requested zset member");
    return false;
  }
  geo::position_of(*score, &shape->longitude, &shape->latitude);
  return true;
}

bool parse_radius(CommandContext& ctx, std::string_view radius, std::string_view unit,
                  geo::Shape* shape) {
  if (!parse_double(radius, &shape->radius)) {
    ctx.reply.error("ERR need numeric radius");
    return false;
  }
  if (shape->radius < 0) {
    ctx.reply.error("ERR radius cannot be negative");
    return false;
  }
  shape->type = geo::Shape::kRadius;
  return parse_unit(ctx, unit, &shape->to_meters);
}

bool parse_box(CommandContext& ctx, std::string_view width, std::string_view height,
               std::string_view unit, geo::Shape* shape) {
  if (!parse_double(width, &shape->width)) {
    ctx.reply.error("ERR need numeric width");
    return false;
  }
  if (!parse_double(height, &shape->height)) {
    ctx.reply.error("ERR need numeric height");
    return false;
  }
  if (shape->width < 0 || shape->height < 0) {
    ctx.reply.error("ERR height or width cannot be negative");
    return false;
  }
  shape->type = geo::Shape::kBox;
  return parse_unit(ctx, unit, &shape->to_meters);
}

// The options after the fixed arguments, in Redis's order of checks.
bool parse_search_options(CommandContext& ctx, unsigned flags, size_t first, CollectionKey& zset,
                          SearchRequest* request) {
  bool search = flags & kGeosearch;
  bool radius_store = !(flags & kNoStore) && !search;
  for (size_t i = first; i < ctx.argc(); ++i) {
    std::string_view arg = ctx.arg(i);
    size_t left = ctx.argc() - i - 1;
    if (is_option(arg, "WITHDIST")) {
      request->with_distance = true;
    } else if (is_option(arg, "WITHHASH")) {
      request->with_hash = true;
    } else if (is_option(arg, "WITHCOORD")) {
      request->with_coordinates = true;
    } else if (is_option(arg, "ANY")) {
      request->any = true;
    } else if (is_option(arg, "ASC")) {
      request->order = Order::kAscending;
    } else if (is_option(arg, "DESC")) {
      request->order = Order::kDescending;
    } else if (is_option(arg, "COUNT") && left >= 1) {
      if (!parse_integer_arg(ctx, ctx.arg(++i), &request->count)) return false;
      if (request->count <= 0) {
        ctx.reply.error("ERR COUNT must be > 0");
        return false;
      }
    } else if ((is_option(arg, "STORE") || is_option(arg, "STOREDIST")) && left >= 1 &&
               radius_store) {
      request->store_key = ctx.arg(++i);
      request->store_distance = is_option(arg, "STOREDIST");
    } else if (is_option(arg, "STOREDIST") && (flags & kGeosearchStore)) {
      request->store_distance = true;
    } else if (is_option(arg, "FROMMEMBER") && left >= 1 && search && !request->from_position) {
      // Without a source key the member is not looked up: the key's
      // absence answers once the options are checked.
      if (zset.exists() && !member_position(ctx, zset, ctx.arg(i + 1), &request->shape)) {
        return false;
      }
      request->from_member = true;
      ++i;
    } else if (is_option(arg, "FROMLONLAT") && left >= 2 && search && !request->from_member) {
      if (!parse_position(ctx, ctx.arg(i + 1), ctx.arg(i + 2), &request->shape.longitude,
                          &request->shape.latitude)) {
        return false;
      }
      request->from_position = true;
      i += 2;
    } else if (is_option(arg, "BYRADIUS") && left >= 2 && search && !request->by_box) {
      if (!parse_radius(ctx, ctx.arg(i + 1), ctx.arg(i + 2), &request->shape)) return false;
      request->by_radius = true;
      i += 2;
    } else if (is_option(arg, "BYBOX") && left >= 3 && search && !request->by_radius) {
      if (!parse_box(ctx, ctx.arg(i + 1), ctx.arg(i + 2), ctx.arg(i + 3), &request->shape)) {
        return false;
      }
      request->by_box = true;
      i += 3;
    } else {
      ctx.reply.error(resp::kErrSyntax);
      return false;
    }
  }
  return true;
}

// Redis's checks once every option is read.
bool check_search_request(CommandContext& ctx, unsigned flags, const SearchRequest& request) {
  std::string error;
  if (request.store_key && (request.with_distance || request.with_hash ||
                            request.with_coordinates)) {
    error = std::string("ERR ") +
            ((flags & kGeosearchStore) ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS") +
            " is not compatible with WITHDIST, WITHHASH and WITHCOORD options";
  } else if ((flags & kGeosearch) && !request.from_member && !request.from_position) {
    error = "ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " +
            std::string(ctx.arg(0));
  } else if ((flags & kGeosearch) && !request.by_radius && !request.by_box) {
    error = "ERR exactly one of BYRADIUS and BYBOX can be specified for " +
            std::string(ctx.arg(0));
  } else if (request.any && request.count == 0) {
    error = "ERR the ANY argument requires COUNT argument";
  }
  if (error.empty()) return true;
  ctx.reply.error(error);
  return false;
}

// The points within the shape, cell by cell in Redis's order; with
// `limit`, stops as soon as that many are found (ANY).
std::vector<Point> find_points(CommandContext& ctx, CollectionKey& zset, const geo::Shape& shape,
                               uint64_t limit) {
  std::vector<Point> points;
  std::array<geo::Cell, 9> cells = geo::search_cells(shape);
  ZsetIndex index = zset_index(ctx, zset);
  std::optional<geo::Cell> last;
  for (const geo::Cell& cell : cells) {
    if (cell.none()) continue;
    // Huge radii give equal neighbours: each is searched once in a row.
    if (last && *last == cell) continue;
    if (limit != 0 && points.size() >= limit) break;
    uint64_t min = 0;
    uint64_t max = 0;
    geo::score_range(cell, &min, &max);
    ScoreRange range{static_cast<double>(min), static_cast<double>(max), false, true};
    index.in_score_range(range, false, [&](double score, std::string_view member) {
      Point point{0, 0, 0, score, std::string()};
      geo::position_of(score, &point.longitude, &point.latitude);
      if (geo::within(shape, point.longitude, point.latitude, &point.meters)) {
        point.member.assign(member);
        points.push_back(std::move(point));
      }
      return limit == 0 || points.size() < limit;
    });
    last = cell;
  }
  return points;
}

void reply_points(CommandContext& ctx, const SearchRequest& request,
                  const std::vector<Point>& points, size_t returned) {
  size_t options = request.with_distance + request.with_hash + request.with_coordinates;
  ctx.reply.array(returned);
  for (size_t i = 0; i < returned; ++i) {
    const Point& point = points[i];
    if (options > 0) ctx.reply.array(options + 1);
    ctx.reply.bulk(point.member);
    if (request.with_distance) {
      ctx.reply.bulk(geo::format_distance(point.meters / request.shape.to_meters));
    }
    if (request.with_hash) ctx.reply.integer(static_cast<int64_t>(point.score));
    if (request.with_coordinates) {
      ctx.reply.array(2);
      reply_coordinate(ctx, point.longitude);
      reply_coordinate(ctx, point.latitude);
    }
  }
}

void store_points(CommandContext& ctx, const SearchRequest& request,
                  const std::vector<Point>& points, size_t returned) {
  std::vector<ZsetEntry> entries;
  entries.reserve(returned);
  std::unordered_set<std::string_view> seen;
  for (size_t i = 0; i < returned; ++i) {
    const Point& point = points[i];
    if (!seen.insert(point.member).second) continue;
    double score = request.store_distance ? point.meters / request.shape.to_meters : point.score;
    entries.push_back(ZsetEntry{score, point.member});
  }
  store_entries(ctx, *request.store_key, entries);
}

// The fixed arguments before the options: the centre and radius of
// GEORADIUS[BYMEMBER]; nothing for GEOSEARCH (its options carry them).
bool parse_fixed_arguments(CommandContext& ctx, unsigned flags, CollectionKey& zset,
                           SearchRequest* request, size_t* first_option) {
  if (flags & kByCoordinates) {
    *first_option = 6;
    return parse_position(ctx, ctx.arg(2), ctx.arg(3), &request->shape.longitude,
                          &request->shape.latitude) &&
           parse_radius(ctx, ctx.arg(4), ctx.arg(5), &request->shape);
  }
  if (flags & kByMember) {
    *first_option = 5;
    // Without a source key nothing is looked up, not even the radius.
    if (!zset.exists()) return true;
    return member_position(ctx, zset, ctx.arg(2), &request->shape) &&
           parse_radius(ctx, ctx.arg(3), ctx.arg(4), &request->shape);
  }
  *first_option = (flags & kGeosearchStore) ? 3 : 2;
  if (flags & kGeosearchStore) request->store_key = ctx.arg(1);
  return true;
}

void search_generic(CommandContext& ctx, unsigned flags) {
  size_t key_index = (flags & kGeosearchStore) ? 2 : 1;
  CollectionKey zset(ctx, ctx.arg(key_index), ValueType::kZset);
  if (zset.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
  SearchRequest request;
  size_t first_option = 0;
  if (!parse_fixed_arguments(ctx, flags, zset, &request, &first_option)) return;
  if (!parse_search_options(ctx, flags, first_option, zset, &request)) return;
  if (!check_search_request(ctx, flags, request)) return;
  if (!zset.exists()) {
    if (request.store_key) return store_entries(ctx, *request.store_key, {});
    return ctx.reply.array(0);
  }
  // COUNT needs the nearest points, hence ascending order (unless ANY).
  if (request.count != 0 && request.order == Order::kNone && !request.any) {
    request.order = Order::kAscending;
  }
  std::vector<Point> points = find_points(
      ctx, zset, request.shape, request.any ? static_cast<uint64_t>(request.count) : 0);
  size_t returned = points.size();
  if (request.count != 0 && static_cast<uint64_t>(request.count) < returned) {
    returned = static_cast<size_t>(request.count);
  }
  if (request.order != Order::kNone) {
    bool ascending = request.order == Order::kAscending;
    // Stable, like the merge sort behind Redis's qsort: equal distances
    // keep the order in which they were found.
    std::stable_sort(points.begin(), points.end(), [ascending](const Point& a, const Point& b) {
      return ascending ? a.meters < b.meters : a.meters > b.meters;
    });
  }
  if (request.store_key) return store_points(ctx, request, points, returned);
  reply_points(ctx, request, points, returned);
}

void georadius(CommandContext& ctx) { search_generic(ctx, kByCoordinates); }
void georadius_ro(CommandContext& ctx) { search_generic(ctx, kByCoordinates | kNoStore); }
void georadiusbymember(CommandContext& ctx) { search_generic(ctx, kByMember); }
void georadiusbymember_ro(CommandContext& ctx) { search_generic(ctx, kByMember | kNoStore); }
void geosearch(CommandContext& ctx) { search_generic(ctx, kGeosearch); }
void geosearchstore(CommandContext& ctx) {
  search_generic(ctx, kGeosearch | kGeosearchStore);
}

// GEORADIUS[BYMEMBER]'s keys: the source, and every key after a STORE or
// STOREDIST word (the last one wins, but naming each is harmless).
void georadius_keys(std::span<const std::string_view> args, std::vector<size_t>* positions) {
  if (args.size() < 2) return;
  positions->push_back(1);
  for (size_t i = 5; i + 1 < args.size(); ++i) {
    if (is_option(args[i], "STORE") || is_option(args[i], "STOREDIST")) {
      positions->push_back(++i);
    }
  }
}

}  // namespace

void add_geo_search_commands(std::vector<CommandSpec>* table) {
  const char* group = "geo";
  CommandSpec radius{"georadius", -6, kWrite | kDenyOom, 1, 1, 1, georadius, group,
                     "Query a sorted set representing a geospatial index to fetch members "
                     "matching a given maximum distance from a point",
                     "3.2.0"};
  radius.key_finder = georadius_keys;
  table->push_back(std::move(radius));
  CommandSpec by_member{"georadiusbymember", -5, kWrite | kDenyOom, 1, 1, 1, georadiusbymember,
                        group,
                        "Query a sorted set representing a geospatial index to fetch members "
                        "matching a given maximum distance from a member",
                        "3.2.0"};
  by_member.key_finder = georadius_keys;
  table->push_back(std::move(by_member));
  table->push_back({"georadius_ro", -6, kReadonly, 1, 1, 1, georadius_ro, group,
                    "A read-only variant for GEORADIUS", "3.2.10"});
  table->push_back({"georadiusbymember_ro", -5, kReadonly, 1, 1, 1, georadiusbymember_ro, group,
                    "A read-only variant for GEORADIUSBYMEMBER", "3.2.10"});
  table->push_back({"geosearch", -7, kReadonly, 1, 1, 1, geosearch, group,
                    "Query a sorted set representing a geospatial index to fetch members inside "
                    "an area of a box or a circle.",
                    "6.2.0"});
  table->push_back({"geosearchstore", -8, kWrite | kDenyOom, 1, 2, 1, geosearchstore, group,
                    "Query a sorted set representing a geospatial index to fetch members inside "
                    "an area of a box or a circle, and store the result in another key.",
                    "6.2.0"});
}

}  // namespace ringkv::cmd
