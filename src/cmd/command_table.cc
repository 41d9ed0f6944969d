// The command table: built once from the families, looked up by name.
#include <algorithm>
#include <cassert>
#include <cctype>
#include <unordered_map>

#include "cmd/command.h"
#include "cmd/families.h"
#include "server/engine.h"

namespace ringkv::cmd {

namespace {

struct Table {
  std::vector<CommandSpec> specs;
  std::unordered_map<std::string, const CommandSpec*> by_name;
  std::vector<const CommandSpec*> all;
};

Table build() {
  Table table;
  add_connection_commands(&table.specs);
  add_server_commands(&table.specs);
  add_info_commands(&table.specs);
  add_config_commands(&table.specs);
  add_client_commands(&table.specs);
  add_command_commands(&table.specs);
  add_key_commands(&table.specs);
  add_expire_commands(&table.specs);
  add_string_commands(&table.specs);
  add_bitmap_commands(&table.specs);
  add_hyperloglog_commands(&table.specs);
  add_transaction_commands(&table.specs);
  add_hash_commands(&table.specs);
  add_set_commands(&table.specs);
  add_list_commands(&table.specs);
  add_zset_commands(&table.specs);
  add_geo_commands(&table.specs);
  for (CommandSpec& spec : table.specs) {
    spec.index = table.all.size();
    table.all.push_back(&spec);
    table.by_name.emplace(spec.name, &spec);
    for (CommandSpec& sub : spec.subcommands) {
      sub.parent = &spec;
      sub.index = table.all.size();
      table.all.push_back(&sub);
    }
  }
  return table;
}

const Table& table() {
  static const Table built = build();
  return built;
}

}  // namespace

std::string lower(std::string_view text) {
  std::string result(text);
  for (char& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return result;
}

std::string upper(std::string_view text) {
  std::string result(text);
  for (char& c : result) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return result;
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string full_name(const CommandSpec& spec) {
  return spec.parent == nullptr ? std::string(spec.name)
                                : std::string(spec.parent->name) + "|" + spec.name;
}

const CommandSpec* find_command(std::string_view name) {
  if (name.size() > 64) return nullptr;
  char buffer[64];
  for (size_t i = 0; i < name.size(); ++i) {
    buffer[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
  }
  const auto& by_name = table().by_name;
  auto it = by_name.find(std::string(buffer, name.size()));
  return it == by_name.end() ? nullptr : it->second;
}

const CommandSpec* find_subcommand(const CommandSpec& parent, std::string_view name) {
  for (const CommandSpec& sub : parent.subcommands) {
    if (equals_ignore_case(sub.name, name)) return &sub;
  }
  return nullptr;
}

const std::vector<const CommandSpec*>& all_commands() { return table().all; }

void key_positions(const CommandSpec& spec, std::span<const std::string_view> args,
                   std::vector<size_t>* positions) {
  if (spec.key_finder != nullptr) {
    spec.key_finder(args, positions);
    return;
  }
  if (spec.first_key <= 0) return;
  auto argc = static_cast<int>(args.size());
  int last = spec.last_key < 0 ? argc + spec.last_key : spec.last_key;
  int step = spec.key_step > 0 ? spec.key_step : 1;
  for (int i = spec.first_key; i <= last && i < argc; i += step) {
    positions->push_back(static_cast<size_t>(i));
  }
}

void reply_wrong_arity(resp::ReplyWriter& reply, std::string_view command) {
  reply.error("ERR wrong number of arguments for '" + lower(command) + "' command");
}

store::Keyspace& CommandContext::keyspace(std::string_view key) {
  // Routed commands skip hashing the key a second time.
  if (routed_shard >= 0) {
    assert(engine.shard_of_key(key) == routed_shard);
    return engine.shard(routed_shard);
  }
  return engine.shard(engine.shard_of_key(key));
}

}  // namespace ringkv::cmd
