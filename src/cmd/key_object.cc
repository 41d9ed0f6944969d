// OBJECT (Redis's object.c counterpart): ENCODING, FREQ, IDLETIME, REFCOUNT
// and HELP. ringkv stores values in LevelDB, not in Redis's in-memory
// objects, so each answer is what Redis 7.0 would report for the same value;
// idle times come from the shard's AccessClock.
#include <climits>
#include <optional>
#include <string_view>

#include "cmd/key_commands.h"
#include "server/engine.h"
#include "util/numbers.h"

namespace ringkv::cmd {

namespace {

using store::Meta;
using store::ValueType;

// Redis's tryObjectEncoding keeps a string that string2ll parses in at most
// 20 characters as an integer ("int": no leading zeros, spaces or '+').
bool is_int_encoded(std::string_view value, int64_t* number) {
  return value.size() <= 20 && parse_int64(value, number);
}

// Strings of up to 44 bytes share one allocation with their object header
// ("embstr"); longer ones are "raw".
constexpr size_t kEmbstrMaxBytes = 44;

std::string_view encoding_name(const Meta& meta) {
  int64_t number = 0;
  switch (meta.type) {
    case ValueType::kString:
      if (is_int_encoded(meta.value, &number)) return "int";
      return meta.value.size() <= kEmbstrMaxBytes ? "embstr" : "raw";
    // Collections: what Redis 7.0 would choose under its default
    // *-max-listpack-entries (128); member sizes are not consulted here.
    case ValueType::kHash:
      return meta.count <= 128 ? "listpack" : "hashtable";
    case ValueType::kList:
      return "quicklist";
    case ValueType::kSet:
      return "hashtable";
    case ValueType::kZset:
      return meta.count <= 128 ? "listpack" : "skiplist";
  }
  return "raw";
}

// Every OBJECT subcommand replies null for a missing key; returns nullopt
// after doing so. Inspecting a key is not an access of it.
std::optional<Meta> object_lookup(CommandContext& ctx) {
  auto meta = ctx.keyspace(ctx.arg(2)).peek(ctx.db, ctx.arg(2), ctx.now_ms);
  if (!meta) ctx.reply.null();
  return meta;
}

void object_encoding(CommandContext& ctx) {
  if (auto meta = object_lookup(ctx)) ctx.reply.bulk(encoding_name(*meta));
}

void object_freq(CommandContext& ctx) {
  if (!object_lookup(ctx)) return;
  // Access frequency is only tracked under an LFU policy, which ringkv
  // does not have (its maxmemory-policy is always noeviction).
  ctx.reply.error(
      "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note "
      "that when switching between policies at runtime LRU and LFU data will take some time to "
      "adjust.");
}

void object_idletime(CommandContext& ctx) {
  if (!object_lookup(ctx)) return;
  auto idle = ctx.keyspace(ctx.arg(2)).idle_seconds(ctx.db, ctx.arg(2), ctx.now_ms);
  ctx.reply.integer(static_cast<int64_t>(idle));
}

void object_refcount(CommandContext& ctx) {
  auto meta = object_lookup(ctx);
  if (!meta) return;
  // Redis shares the integers 0..9999 between all keys and reports their
  // reference count as INT_MAX.
  int64_t number = 0;
  bool shared = meta->type == ValueType::kString && is_int_encoded(meta->value, &number) &&
                number >= 0 && number < 10000;
  ctx.reply.integer(shared ? INT_MAX : 1);
}

void object_help(CommandContext& ctx) {
  static constexpr std::string_view kLines[] = {
      "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "ENCODING <key>",
      "    Return the kind of internal representation used in order to store the value",
      "    associated with a <key>.",
      "FREQ <key>",
      "    Return the access frequency index of the <key>. The returned integer is",
      "    proportional to the logarithm of the recent access frequency of the key.",
      "IDLETIME <key>",
      "    Return the idle time of the <key>, that is the approximated number of",
      "    seconds elapsed since the last access to the key.",
      "REFCOUNT <key>",
      "    Return the number of references of the value associated with the specified",
      "    <key>.",
      "HELP",
      "    Prints this help.",
  };
  ctx.reply.array(std::size(kLines));
  for (std::string_view line : kLines) ctx.reply.simple(line);
}

// The container's own handler: the dispatcher answers unknown subcommands
// and a bare OBJECT itself, so this only runs if the table is bypassed.
void object(CommandContext& ctx) {
  ctx.reply.error("ERR unknown subcommand '" + std::string(ctx.arg(1)) + "'. Try OBJECT HELP.");
}

}  // namespace

void add_key_object_commands(std::vector<CommandSpec>* table) {
  table->push_back(
      {"object", -2, 0, 0, 0, 0, object, "generic", "A container for object introspection commands",
       "2.2.3",
       {
           {"encoding", 3, kReadonly, 2, 2, 1, object_encoding, "generic",
            "Inspect the internal encoding of a Redis object", "2.2.3"},
           {"freq", 3, kReadonly, 2, 2, 1, object_freq, "generic",
            "Get the logarithmic access frequency counter of a Redis object", "4.0.0"},
           {"help", 2, kLoading | kStale, 0, 0, 0, object_help, "generic",
            "Show helpful text about the different subcommands", "6.2.0"},
           {"idletime", 3, kReadonly, 2, 2, 1, object_idletime, "generic",
            "Get the time since a Redis object was last accessed", "2.2.3"},
           {"refcount", 3, kReadonly, 2, 2, 1, object_refcount, "generic",
            "Get the number of references to the value of the key", "2.2.3"},
       }});
}

}  // namespace ringkv::cmd
