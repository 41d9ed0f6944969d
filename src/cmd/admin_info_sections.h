// The sections of INFO, in the order Redis 7.0 prints them. Each appends
// its "# Title\r\n" header and "field:value\r\n" lines with the fields of
// Redis's genRedisInfoString that have a meaning in ringkv, with real
// values (features ringkv does not have, such as replication, report what
// a standalone server without them reports).
//
// The section functions run inside INFO, a kAllShards command: they may
// read every shard and every session.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "cmd/command.h"

namespace ringkv::cmd {

struct InfoSection {
  const char* name;   // lower case, as INFO's arguments name it
  const char* alias;  // a second name ("module_list" for modules), or nullptr
  bool in_default;    // part of INFO without arguments and of "default"
  void (*append)(CommandContext& ctx, std::string* out);
};

std::span<const InfoSection> info_sections();

// Helpers shared by the section files.
void append_info_line(std::string* out, std::string_view field, std::string_view value);
void append_info_line(std::string* out, std::string_view field, int64_t value);
void append_info_line(std::string* out, std::string_view field, uint64_t value);
// Redis's bytesToHuman: 100B, 1.42M, 23.54G.
std::string bytes_to_human(uint64_t bytes);

// admin_info_stats.cc
void append_persistence_section(CommandContext& ctx, std::string* out);
void append_stats_section(CommandContext& ctx, std::string* out);
void append_replication_section(CommandContext& ctx, std::string* out);
void append_commandstats_section(CommandContext& ctx, std::string* out);
void append_errorstats_section(CommandContext& ctx, std::string* out);
void append_keyspace_section(CommandContext& ctx, std::string* out);

}  // namespace ringkv::cmd
