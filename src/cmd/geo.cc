// Geo commands over sorted sets: GEOADD (a ZADD of encoded positions),
// GEODIST, GEOHASH and GEOPOS, the helpers geo_search.cc shares, and the
// family's registration.
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "cmd/args.h"
#include "cmd/collection_key.h"
#include "cmd/families.h"
#include "cmd/geo_commands.h"
#include "cmd/geo_hash.h"
#include "cmd/zset_commands.h"
#include "util/numbers.h"

namespace ringkv::cmd {

using store::ValueType;

bool parse_position(CommandContext& ctx, std::string_view longitude_text,
                    std::string_view latitude_text, double* longitude, double* latitude) {
  if (!parse_double_arg(ctx, longitude_text, longitude) ||
      !parse_double_arg(ctx, latitude_text, latitude)) {
    return false;
  }
  if (geo::valid_position(*longitude, *latitude)) return true;
  char text[640];
  std::snprintf(text, sizeof text, "ERR invalid longitude,latitude pair %f,%f", *longitude,
                *latitude);
  ctx.reply.error(text);
  return false;
}

bool parse_unit(CommandContext& ctx, std::string_view unit, double* to_meters) {
  if (is_option(unit, "m")) {
    *to_meters = 1;
  } else if (is_option(unit, "km")) {
    *to_meters = 1000;
  } else if (is_option(unit, "ft")) {
    *to_meters = 0.3048;
  } else if (is_option(unit, "mi")) {
    *to_meters = 1609.34;
  } else {
    ctx.reply.error("ERR unsupported unit provided. please use M, KM, FT, MI");
    return false;
  }
  return true;
}

void reply_coordinate(CommandContext& ctx, double value) {
  std::string text = format_long_double(static_cast<long double>(value));
  if (ctx.protocol > 2) {
    // RESP3 double with the human format (the writer's doubles use %.17g).
    std::string* out = ctx.reply.buffer();
    out->push_back(',');
    out->append(text);
    out->append("\r\n");
  } else {
    ctx.reply.bulk(text);
  }
}

namespace {

// GEOADD key [NX|XX] [CH] longitude latitude member [...]: validated here,
// then run as ZADD key [options] score member [...].
void geoadd(CommandContext& ctx) {
  bool nx = false;
  bool xx = false;
  size_t first = 2;
  for (; first < ctx.argc(); ++first) {
    std::string_view option = ctx.arg(first);
    if (is_option(option, "NX")) {
      nx = true;
    } else if (is_option(option, "XX")) {
      xx = true;
    } else if (!is_option(option, "CH")) {
      break;
    }
  }
  if ((ctx.argc() - first) % 3 != 0 || (nx && xx)) return ctx.reply.error(resp::kErrSyntax);
  std::vector<std::string> scores;
  scores.reserve((ctx.argc() - first) / 3);
  for (size_t i = first; i < ctx.argc(); i += 3) {
    double longitude = 0;
    double latitude = 0;
    if (!parse_position(ctx, ctx.arg(i), ctx.arg(i + 1), &longitude, &latitude)) return;
    scores.push_back(std::to_string(geo::score_of(longitude, latitude)));
  }
  std::vector<std::string_view> args(ctx.args.begin(), ctx.args.begin() + first);
  args[0] = "zadd";
  for (size_t i = first, j = 0; i < ctx.argc(); i += 3, ++j) {
    args.push_back(scores[j]);
    args.push_back(ctx.arg(i + 2));
  }
  CommandContext zadd_ctx = ctx;
  zadd_ctx.args = args;
  zadd_command(zadd_ctx);
}

// The position of `member`, if the sorted set holds it.
std::optional<std::pair<double, double>> position(CollectionKey& zset, std::string_view member) {
  if (!zset.exists()) return std::nullopt;
  std::optional<double> score = zset.members().score_of(member);
  if (!score) return std::nullopt;
  std::pair<double, double> point;
  geo::position_of(*score, &point.first, &point.second);
  return point;
}

void geodist(CommandContext& ctx) {
  double to_meters = 1;
  if (ctx.argc() == 5 && !parse_unit(ctx, ctx.arg(4), &to_meters)) return;
  if (ctx.argc() > 5) return ctx.reply.error(resp::kErrSyntax);
  CollectionKey zset(ctx, ctx.arg(1), ValueType::kZset);
  if (zset.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
  auto from = position(zset, ctx.arg(2));
  auto to = from ? position(zset, ctx.arg(3)) : std::nullopt;
  if (!from || !to) return ctx.reply.null();
  double meters = geo::distance(from->first, from->second, to->first, to->second);
  ctx.reply.bulk(geo::format_distance(meters / to_meters));
}

void geohash(CommandContext& ctx) {
  CollectionKey zset(ctx, ctx.arg(1), ValueType::kZset);
  if (zset.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
  ctx.reply.array(ctx.argc() - 2);
  for (size_t i = 2; i < ctx.argc(); ++i) {
    std::optional<double> score;
    if (zset.exists()) score = zset.members().score_of(ctx.arg(i));
    score ? ctx.reply.bulk(geo::geohash_string(*score)) : ctx.reply.null();
  }
}

void geopos(CommandContext& ctx) {
  CollectionKey zset(ctx, ctx.arg(1), ValueType::kZset);
  if (zset.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
  ctx.reply.array(ctx.argc() - 2);
  for (size_t i = 2; i < ctx.argc(); ++i) {
    auto point = position(zset, ctx.arg(i));
    if (!point) {
      ctx.reply.null_array();
      continue;
    }
    ctx.reply.array(2);
    reply_coordinate(ctx, point->first);
    reply_coordinate(ctx, point->second);
  }
}

}  // namespace

void add_geo_commands(std::vector<CommandSpec>* table) {
  const char* group = "geo";
  table->push_back({"geoadd", -5, kWrite | kDenyOom, 1, 1, 1, geoadd, group,
                    "Add one or more geospatial items in the geospatial index represented using "
                    "a sorted set",
                    "3.2.0"});
  table->push_back({"geodist", -4, kReadonly, 1, 1, 1, geodist, group,
                    "Returns the distance between two members of a geospatial index", "3.2.0"});
  table->push_back({"geohash", -2, kReadonly, 1, 1, 1, geohash, group,
                    "Returns members of a geospatial index as standard geohash strings",
                    "3.2.0"});
  table->push_back({"geopos", -2, kReadonly, 1, 1, 1, geopos, group,
                    "Returns longitude and latitude of members of a geospatial index", "3.2.0"});
  add_geo_search_commands(table);
}

}  // namespace ringkv::cmd
