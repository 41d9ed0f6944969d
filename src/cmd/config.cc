// CONFIG GET SET RESETSTAT REWRITE HELP over the parameter table in
// admin_config_params.h, following config.c's configGetCommand and
// configSetCommand: several patterns or pairs per call, Redis's error
// precedence, and a SET that changes all its parameters or none.
#include <set>

#include "cmd/admin_config_params.h"
#include "cmd/admin_help.h"
#include "cmd/admin_latency_histogram.h"
#include "cmd/families.h"
#include "server/engine.h"
#include "util/glob.h"

namespace ringkv::cmd {

namespace {

bool has_glob(std::string_view pattern) {
  return pattern.find_first_of("[*?") != std::string_view::npos;
}

// An exact name is reported as typed; a pattern reports the names it
// matched (aliases included), each once.
void config_get(CommandContext& ctx) {
  std::vector<std::pair<std::string, const ConfigParam*>> matches;
  std::set<std::string> seen;
  auto add = [&](std::string name, const ConfigParam* param) {
    if (seen.insert(lower(name)).second) matches.emplace_back(std::move(name), param);
  };
  for (size_t i = 2; i < ctx.argc(); ++i) {
    std::string_view pattern = ctx.arg(i);
    if (!has_glob(pattern)) {
      if (const ConfigParam* param = find_config_param(pattern)) add(std::string(pattern), param);
      continue;
    }
    for (const ConfigParam& param : config_params()) {
      if (glob_match(pattern, param.name, true)) add(param.name, &param);
    }
  }
  auto settings = ctx.engine.settings_snapshot();
  ctx.reply.map(matches.size());
  for (const auto& [name, param] : matches) {
    ctx.reply.bulk(name);
    ctx.reply.bulk(config_value(ctx.engine, *param, settings));
  }
}

struct PendingSetting {
  const ConfigParam* param;
  std::string value;  // normalized
};

// configSetCommand's first pass: every name must be known, settable and
// given once. Returns false after replying the first problem.
bool find_settable(CommandContext& ctx, std::vector<PendingSetting>* pending) {
  for (size_t i = 2; i < ctx.argc(); i += 2) {
    std::string_view name = ctx.arg(i);
    const ConfigParam* param = find_config_param(name);
    std::string reason;
    if (param == nullptr) {
      ctx.reply.error("ERR Unknown option or number of arguments for CONFIG SET - '" +
                      std::string(name) + "'");
      return false;
    }
    if (param->flags & kConfigImmutable) {
      reason = "can't set immutable config";
    } else if (canonical(*param).flags & kConfigProtected) {
      reason = "can't set protected config";
    } else {
      for (const PendingSetting& earlier : *pending) {
        if (earlier.param == param) reason = "duplicate parameter";
      }
    }
    if (!reason.empty()) {
      ctx.reply.error("ERR CONFIG SET failed (possibly related to argument '" + std::string(name) +
                      "') - " + reason);
      return false;
    }
    pending->push_back({param, {}});
  }
  return true;
}

// Runs with every loop paused (kAllShards): all values are validated before
// any is applied, so the call changes everything or nothing.
void config_set(CommandContext& ctx) {
  if (ctx.argc() % 2 != 0) {
    ctx.reply.error(resp::kErrSyntax);
    return;
  }
  std::vector<PendingSetting> pending;
  if (!find_settable(ctx, &pending)) return;
  for (size_t i = 0; i < pending.size(); ++i) {
    std::string reason;
    if (!normalize_config_value(*pending[i].param, ctx.arg(3 + 2 * i), &pending[i].value,
                                &reason)) {
      ctx.reply.error("ERR CONFIG SET failed (possibly related to argument '" +
                      std::string(pending[i].param->name) + "') - " + reason);
      return;
    }
  }
  for (const PendingSetting& setting : pending) {
    apply_config_value(ctx.engine, *setting.param, setting.value);
  }
  ctx.reply.ok();
}

// Redis's resetServerStats and resetCommandTableStats: the counters INFO
// reports, not the gauges (connected clients) nor the persistence state.
void config_resetstat(CommandContext& ctx) {
  server::Stats& stats = ctx.engine.stats;
  for (auto* counter : {&stats.connections_received, &stats.rejected_connections,
                        &stats.commands_processed, &stats.expired_keys, &stats.keyspace_hits,
                        &stats.keyspace_misses, &stats.net_input_bytes, &stats.net_output_bytes,
                        &stats.total_error_replies}) {
    counter->store(0, std::memory_order_relaxed);
  }
  ctx.engine.error_stats.reset();
  for (server::CommandStats& command : ctx.engine.command_stats) {
    command.latency.reset();
    command.calls = 0;
    command.usec = 0;
    command.rejected_calls = 0;
    command.failed_calls = 0;
  }
  ctx.reply.ok();
}

void config_rewrite(CommandContext& ctx) {
  ctx.reply.error("ERR The server is running without a config file");
}

void config_help(CommandContext& ctx) {
  reply_help(ctx.reply, "CONFIG",
             {"GET <pattern>",
              "    Return parameters matching the glob-like <pattern> and their values.",
              "SET <directive> <value>", "    Set the configuration <directive> to <value>.",
              "RESETSTAT", "    Reset statistics reported by the INFO command.", "REWRITE",
              "    Rewrite the configuration file."});
}

// Unknown subcommands are answered by the dispatcher.
void config(CommandContext& ctx) { config_help(ctx); }

}  // namespace

void add_config_commands(std::vector<CommandSpec>* table) {
  constexpr uint32_t kAdminFlags = kAdmin | kNoScript | kLoading | kStale;
  table->push_back(
      {"config", -2, 0, 0, 0, 0, config, "server", "A container for server configuration commands",
       "2.0.0",
       {
           {"get", -3, kAdminFlags, 0, 0, 0, config_get, "server",
            "Get the values of configuration parameters", "2.0.0"},
           {"set", -4, kAdminFlags | kAllShards, 0, 0, 0, config_set, "server",
            "Set configuration parameters to the given values", "2.0.0"},
           {"resetstat", 2, kAdminFlags, 0, 0, 0, config_resetstat, "server",
            "Reset the stats returned by INFO", "2.0.0"},
           {"rewrite", 2, kAdminFlags, 0, 0, 0, config_rewrite, "server",
            "Rewrite the configuration file with the in memory configuration", "2.8.0"},
           {"help", 2, kLoading | kStale, 0, 0, 0, config_help, "server",
            "Show helpful text about the different subcommands", "5.0.0"},
       }});
}

}  // namespace ringkv::cmd
