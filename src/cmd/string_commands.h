// Registration of the string and bitmap commands that live outside
// strings.cc and bitmaps.cc; those two files (listed in families.h) call
// these, so the command table still names one function per family.
#pragma once

#include <vector>

#include "cmd/command.h"

namespace ringkv::cmd {

void add_string_multi_commands(std::vector<CommandSpec>* table);    // string_multi.cc
void add_string_counter_commands(std::vector<CommandSpec>* table);  // string_counters.cc
void add_string_range_commands(std::vector<CommandSpec>* table);    // string_ranges.cc
void add_lcs_command(std::vector<CommandSpec>* table);              // lcs.cc
void add_bitfield_commands(std::vector<CommandSpec>* table);        // bitfield.cc

}  // namespace ringkv::cmd
