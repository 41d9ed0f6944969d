// The command families: each file adds its commands to the table. The table
// (command_table.cc) is the one place that lists the families.
#pragma once

#include <vector>

#include "cmd/command.h"

namespace ringkv::cmd {

void add_connection_commands(std::vector<CommandSpec>* table);  // connection.cc
void add_server_commands(std::vector<CommandSpec>* table);      // server.cc
void add_info_commands(std::vector<CommandSpec>* table);        // info.cc
void add_config_commands(std::vector<CommandSpec>* table);      // config.cc
void add_client_commands(std::vector<CommandSpec>* table);      // client.cc
void add_command_commands(std::vector<CommandSpec>* table);     // command_docs.cc
void add_key_commands(std::vector<CommandSpec>* table);         // keys.cc
void add_expire_commands(std::vector<CommandSpec>* table);      // expire.cc
void add_string_commands(std::vector<CommandSpec>* table);      // strings.cc
void add_bitmap_commands(std::vector<CommandSpec>* table);      // bitmaps.cc
void add_hyperloglog_commands(std::vector<CommandSpec>* table);  // hyperloglog.cc
void add_transaction_commands(std::vector<CommandSpec>* table);  // transactions.cc
void add_hash_commands(std::vector<CommandSpec>* table);         // hashes.cc
void add_set_commands(std::vector<CommandSpec>* table);          // sets.cc
void add_list_commands(std::vector<CommandSpec>* table);         // lists.cc
void add_zset_commands(std::vector<CommandSpec>* table);         // zsets.cc
void add_geo_commands(std::vector<CommandSpec>* table);          // geo.cc

}  // namespace ringkv::cmd
