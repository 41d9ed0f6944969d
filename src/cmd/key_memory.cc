// MEMORY (Redis's object.c memoryCommand counterpart): USAGE, DOCTOR, PURGE,
// MALLOC-STATS and HELP. Values live in LevelDB, not in Redis's objects, so
// USAGE estimates what the value costs as Redis would account it: the key
// and value bytes plus a fixed per-object overhead, and for collections the
// average size of up to SAMPLES members times their count (as Redis samples
// nested values).
#include <string>
#include <string_view>

#include "cmd/admin_help.h"
#include "cmd/args.h"
#include "cmd/key_commands.h"
#include "server/engine.h"
#include "store/collection.h"

namespace ringkv::cmd {

namespace {

using store::Meta;
using store::ValueType;

// Redis's dictEntry plus robj headers, roughly what it reports for a tiny key.
constexpr int64_t kObjectOverhead = 56;
// Per-member bookkeeping of a hash table / skiplist / quicklist node.
constexpr int64_t kMemberOverhead = 24;
constexpr int64_t kDefaultSamples = 5;

int64_t sampled_member_bytes(store::Keyspace& keyspace, int db, std::string_view key,
                             const Meta& meta, int64_t samples) {
  store::Collection members(keyspace.store(), db, key, meta.version);
  int64_t seen = 0;
  int64_t bytes = 0;
  auto take = [&](size_t size) {
    bytes += static_cast<int64_t>(size) + kMemberOverhead;
    ++seen;
    return samples == 0 || seen < samples;
  };
  if (meta.type == ValueType::kList) {
    members.scan_elements(meta.list_head, [&](uint64_t index, std::string_view element) {
      return index < meta.list_tail && take(element.size());
    });
  } else {
    members.scan({}, [&](std::string_view member, std::string_view value) {
      return take(member.size() + value.size());
    });
  }
  if (seen == 0) return 0;
  return bytes * static_cast<int64_t>(meta.count) / seen;
}

void memory_usage(CommandContext& ctx) {
  int64_t samples = kDefaultSamples;
  for (size_t i = 3; i < ctx.argc(); ++i) {
    if (is_option(ctx.arg(i), "SAMPLES") && i + 1 < ctx.argc()) {
      if (!parse_integer_arg(ctx, ctx.arg(i + 1), &samples)) return;
      if (samples < 0) samples = kDefaultSamples;  // as Redis: only 0 means "all"
      ++i;
    } else {
      ctx.reply.error("ERR syntax error");
      return;
    }
  }
  std::string_view key = ctx.arg(2);
  store::Keyspace& keyspace = ctx.keyspace(key);
  auto meta = keyspace.peek(ctx.db, key, ctx.now_ms);
  if (!meta) {
    ctx.reply.null();
    return;
  }
  int64_t bytes = kObjectOverhead + static_cast<int64_t>(key.size());
  if (meta->type == ValueType::kString) {
    bytes += static_cast<int64_t>(meta->value.size());
  } else {
    bytes += sampled_member_bytes(keyspace, ctx.db, key, *meta, samples);
  }
  ctx.reply.integer(bytes);
}

void memory_doctor(CommandContext& ctx) {
  // ringkv keeps its data on disk: the issues Redis's doctor looks for
  // (fragmentation, peak vs used, big client buffers) have no meaning here.
  ctx.reply.bulk(
      "Hi Sam, I can't find any memory issue in your instance. I can only account for what "
      "occurs on this base.");
}

void memory_purge(CommandContext& ctx) { ctx.reply.ok(); }

void memory_malloc_stats(CommandContext& ctx) {
  ctx.reply.bulk("Stats not supported for the current allocator");
}

void memory_help(CommandContext& ctx) {
  reply_help(ctx.reply, "MEMORY",
             {"DOCTOR", "    Return memory problems reports.", "MALLOC-STATS",
              "    Return internal statistics report from the memory allocator.", "PURGE",
              "    Attempt to purge dirty pages for reclamation by the allocator.",
              "USAGE <key> [SAMPLES <count>]",
              "    Return memory in bytes used by <key> and its value. Nested values are",
              "    sampled up to <count> times (default: 5, 0 means sample all)."});
}

void memory(CommandContext& ctx) {
  ctx.reply.error("ERR unknown subcommand '" + std::string(ctx.arg(1)) + "'. Try MEMORY HELP.");
}

}  // namespace

void add_key_memory_commands(std::vector<CommandSpec>* table) {
  table->push_back(
      {"memory", -2, 0, 0, 0, 0, memory, "server", "A container for memory diagnostics commands",
       "4.0.0",
       {
           {"doctor", 2, 0, 0, 0, 0, memory_doctor, "server", "Outputs memory problems report",
            "4.0.0"},
           {"help", 2, kLoading | kStale, 0, 0, 0, memory_help, "server",
            "Show helpful text about the different subcommands", "4.0.0"},
           {"malloc-stats", 2, 0, 0, 0, 0, memory_malloc_stats, "server",
            "Show allocator internal stats", "4.0.0"},
           {"purge", 2, 0, 0, 0, 0, memory_purge, "server",
            "Ask the allocator to release memory", "4.0.0"},
           {"usage", -3, kReadonly, 2, 2, 1, memory_usage, "server",
            "Estimate the memory usage of a key", "4.0.0"},
       }});
}

}  // namespace ringkv::cmd
