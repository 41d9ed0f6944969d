// The geo family (geo.c's counterpart): positions stored as sorted-set
// scores (see geo_hash.h).
//   geo.cc         GEOADD GEODIST GEOHASH GEOPOS; registers the family
//   geo_search.cc  GEOSEARCH GEOSEARCHSTORE GEORADIUS GEORADIUSBYMEMBER (+_RO)
#pragma once

#include <string_view>
#include <vector>

#include "cmd/command.h"

namespace ringkv::cmd {

// Reads a longitude and latitude (Redis's extractLongLatOrReply); replies
// the error and returns false when they are not valid floats or lie
// outside the indexable area.
bool parse_position(CommandContext& ctx, std::string_view longitude_text,
                    std::string_view latitude_text, double* longitude, double* latitude);
// Meters per `unit` (m, km, ft, mi); replies the error and returns false
// for any other unit.
bool parse_unit(CommandContext& ctx, std::string_view unit, double* to_meters);
// A coordinate as Redis replies it: "%.17Lf" without trailing zeros, a
// bulk string in RESP2 and a double in RESP3.
void reply_coordinate(CommandContext& ctx, double value);

void add_geo_search_commands(std::vector<CommandSpec>* table);  // geo_search.cc

}  // namespace ringkv::cmd
