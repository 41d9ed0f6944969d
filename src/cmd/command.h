// The command table's types and the context a handler runs in.
//
// A handler is a plain function over CommandContext: it reads arguments,
// uses the keyspace of the shards owning its keys and writes one reply. It
// knows nothing of sockets or loops. The dispatcher guarantees that when a
// handler runs, the calling thread owns every shard its keys map to (and all
// shards for kAllShards commands), so handlers take no locks.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cmd/session.h"
#include "resp/reply_writer.h"
#include "store/keyspace.h"

namespace ringkv::server {
class Engine;
}

namespace ringkv::cmd {

enum CommandFlag : uint32_t {
  kWrite = 1u << 0,
  kReadonly = 1u << 1,
  kAdmin = 1u << 2,
  kNoAuth = 1u << 3,      // allowed before AUTH
  kAllShards = 1u << 4,   // touches every shard (KEYS, SCAN, FLUSHDB...)
  kFast = 1u << 5,
  kLoading = 1u << 6,
  kStale = 1u << 7,
  kSession = 1u << 8,     // reads or changes the Session: runs on its loop
  kDenyOom = 1u << 9,
  kPubsub = 1u << 10,
  kNoScript = 1u << 11,
  kBlocking = 1u << 12,
};

struct CommandContext;
using Handler = void (*)(CommandContext&);
// For commands whose keys are not a plain first/last/step range (numkeys
// arguments, BITOP's operation word...).
using KeyFinder = void (*)(std::span<const std::string_view> args, std::vector<size_t>* positions);

struct CommandSpec {
  const char* name;   // lower case
  int arity;          // Redis convention: negative = at least -arity
  uint32_t flags;
  int first_key;      // 0 = no keys
  int last_key;       // negative counts from the end
  int key_step;
  Handler handler;
  const char* group;  // "string", "generic", "server", "connection"...
  const char* summary;
  const char* since;
  std::vector<CommandSpec> subcommands = {};
  KeyFinder key_finder = nullptr;
  size_t index = 0;   // position in all_commands(), set by the table
  const CommandSpec* parent = nullptr;  // for subcommands, set by the table
};

// "get", or "config|get" for a subcommand (Redis's fullname).
std::string full_name(const CommandSpec& spec);

struct CommandContext {
  std::span<const std::string_view> args;
  resp::ReplyWriter& reply;
  server::Engine& engine;
  int db;
  int protocol;
  uint64_t now_ms;
  // The connection's state; only set for commands that run on their
  // connection's loop (kSession, keyless commands).
  Session* session;
  // Where a command that runs others (EXEC) adds the shard batches its reply
  // must wait for under appendfsync always (see server::execute_command).
  std::vector<store::DurabilityNeed>* needs = nullptr;
  // The shard route_command found all this command's keys in, or -1.
  int routed_shard = -1;

  // The shard owning `key`. Valid only for keys of this command.
  store::Keyspace& keyspace(std::string_view key);
  std::string_view arg(size_t i) const { return args[i]; }
  size_t argc() const { return args.size(); }
};

// Looks up a command by name (any case); nullptr if unknown.
const CommandSpec* find_command(std::string_view name);
const CommandSpec* find_subcommand(const CommandSpec& parent, std::string_view name);
const std::vector<const CommandSpec*>& all_commands();

// Positions of the key arguments of `args` under `spec` (uses the
// subcommand's key spec where one applies).
void key_positions(const CommandSpec& spec, std::span<const std::string_view> args,
                   std::vector<size_t>* positions);

// Error helpers with Redis's texts.
void reply_wrong_arity(resp::ReplyWriter& reply, std::string_view command);
std::string lower(std::string_view text);
std::string upper(std::string_view text);
bool equals_ignore_case(std::string_view a, std::string_view b);

}  // namespace ringkv::cmd
