// Registration of the list commands that live outside lists.cc; lists.cc
// (listed in families.h) calls these, so the command table still names one
// function per family.
#pragma once

#include <vector>

#include "cmd/command.h"

namespace ringkv::cmd {

void add_list_edit_commands(std::vector<CommandSpec>* table);  // list_edit.cc
void add_list_move_commands(std::vector<CommandSpec>* table);  // list_move.cc

}  // namespace ringkv::cmd
