// Server commands: DBSIZE FLUSHDB FLUSHALL TIME LASTSAVE SAVE BGSAVE
// SHUTDOWN, and FUNCTION with its FLUSH LIST HELP subcommands (ringkv has
// no scripting engine, so there are never any libraries to list).
//
// Persistence: every write already goes to the shards' LevelDB logs, so a
// "save" here means making everything written so far durable on disk —
// each shard's flush_and_sync — which is what SAVE promises its callers.
#include <signal.h>
#include <unistd.h>

#include "cmd/admin_help.h"
#include "cmd/args.h"
#include "cmd/families.h"
#include "server/engine.h"

namespace ringkv::cmd {

namespace {

void dbsize(CommandContext& ctx) {
  int64_t keys = 0;
  for (int s = 0; s < ctx.engine.shard_count(); ++s) keys += ctx.engine.shard(s).key_count(ctx.db);
  ctx.reply.integer(keys);
}

// FLUSHDB/FLUSHALL accept one optional ASYNC or SYNC word; ringkv always
// flushes synchronously (the sweeper frees collections' members later).
bool flush_mode_ok(CommandContext& ctx) {
  if (ctx.argc() == 1) return true;
  if (ctx.argc() == 2 && (is_option(ctx.arg(1), "ASYNC") || is_option(ctx.arg(1), "SYNC"))) {
    return true;
  }
  ctx.reply.error(resp::kErrSyntax);
  return false;
}

void flush_databases(CommandContext& ctx, int db) {
  if (!flush_mode_ok(ctx)) return;
  for (int s = 0; s < ctx.engine.shard_count(); ++s) ctx.engine.shard(s).flush(db);
  ctx.reply.ok();
}

void flushdb(CommandContext& ctx) { flush_databases(ctx, ctx.db); }
void flushall(CommandContext& ctx) { flush_databases(ctx, -1); }

void time(CommandContext& ctx) {
  uint64_t now = server::now_us();
  ctx.reply.array(2);
  ctx.reply.bulk(std::to_string(now / 1000000));
  ctx.reply.bulk(std::to_string(now % 1000000));
}

void lastsave(CommandContext& ctx) {
  ctx.reply.integer(static_cast<int64_t>(ctx.engine.last_save_time.load()));
}

// Blocks until every shard's writes are on disk and synced; runs with all
// loops paused (kAllShards), so it owns every shard.
void save_all_shards(server::Engine& engine) {
  for (int s = 0; s < engine.shard_count(); ++s) engine.shard(s).store().flush_and_sync();
  engine.writes_at_last_save = engine.dirty.load();
  engine.last_save_time = server::now_ms() / 1000;
  engine.saves.fetch_add(1, std::memory_order_relaxed);
}

void save(CommandContext& ctx) {
  save_all_shards(ctx.engine);
  ctx.reply.ok();
}

// There is no child process: the save is done by the time the reply leaves,
// so the optional SCHEDULE never has anything to wait for.
void bgsave(CommandContext& ctx) {
  if (ctx.argc() > 2 || (ctx.argc() == 2 && !is_option(ctx.arg(1), "SCHEDULE"))) {
    ctx.reply.error(resp::kErrSyntax);
    return;
  }
  save_all_shards(ctx.engine);
  ctx.reply.simple("Background saving started");
}

// Parses Redis's SHUTDOWN words. The shutdown itself is main's: it waits for
// SIGTERM, stops the loops and syncs every shard, whether or not NOSAVE was
// given (the data is already in the shards' logs). Like Redis, a successful
// SHUTDOWN sends no reply: the client sees the connection close.
void shutdown(CommandContext& ctx) {
  bool save = false, nosave = false, abort = false;
  for (size_t i = 1; i < ctx.argc(); ++i) {
    std::string_view word = ctx.arg(i);
    if (is_option(word, "NOSAVE")) {
      nosave = true;
    } else if (is_option(word, "SAVE")) {
      save = true;
    } else if (is_option(word, "ABORT")) {
      abort = true;
    } else if (!is_option(word, "NOW") && !is_option(word, "FORCE")) {
      ctx.reply.error(resp::kErrSyntax);
      return;
    }
  }
  if ((abort && ctx.argc() > 2) || (save && nosave)) {
    ctx.reply.error(resp::kErrSyntax);
    return;
  }
  if (abort) {
    // Shutdown starts at once and never waits for replicas: nothing to abort.
    ctx.reply.error("ERR No shutdown in progress.");
    return;
  }
  ctx.engine.shutdown_requested = true;
  kill(getpid(), SIGTERM);
}

void function_flush(CommandContext& ctx) {
  if (ctx.argc() > 3) {
    reply_subcommand_syntax_error(ctx.reply, ctx.arg(0), ctx.arg(1));
  } else if (ctx.argc() == 3 && !is_option(ctx.arg(2), "SYNC") && !is_option(ctx.arg(2), "ASYNC")) {
    ctx.reply.error("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
  } else {
    ctx.reply.ok();  // there are no libraries to delete
  }
}

void function_list(CommandContext& ctx) {
  bool with_code = false, library_name = false;
  for (size_t i = 2; i < ctx.argc(); ++i) {
    if (!with_code && is_option(ctx.arg(i), "WITHCODE")) {
      with_code = true;
    } else if (!library_name && is_option(ctx.arg(i), "LIBRARYNAME")) {
      if (i + 1 >= ctx.argc()) {
        ctx.reply.error("ERR library name argument was not given");
        return;
      }
      library_name = true;
      ++i;
    } else {
      ctx.reply.error("ERR Unknown argument " + std::string(ctx.arg(i)));
      return;
    }
  }
  ctx.reply.array(0);
}

void function_help(CommandContext& ctx) {
  reply_help(ctx.reply, "FUNCTION",
             {"LIST [LIBRARYNAME PATTERN] [WITHCODE]",
              "    Return general information on all the libraries:",
              "    * Library name",
              "    * The engine used to run the Library",
              "    * Library description",
              "    * Functions list",
              "    * Library code (if WITHCODE is given)",
              "    It also possible to get only function that matches a pattern using LIBRARYNAME "
              "argument.",
              "FLUSH [ASYNC|SYNC]",
              "    Delete all the libraries.",
              "    ringkv has no scripting engine, so there are never any libraries."});
}

// The dispatcher answers unknown subcommands itself; the container's own
// handler only runs for a bare name it already rejected by arity.
void function(CommandContext& ctx) {
  ctx.reply.error("ERR unknown subcommand '" + std::string(ctx.arg(1)) + "'. Try FUNCTION HELP.");
}

}  // namespace

void add_server_commands(std::vector<CommandSpec>* table) {
  table->push_back({"dbsize", 1, kReadonly | kFast | kAllShards, 0, 0, 0, dbsize, "server",
                    "Return the number of keys in the selected database", "1.0.0"});
  table->push_back({"flushdb", -1, kWrite | kAllShards, 0, 0, 0, flushdb, "server",
                    "Remove all keys from the current database", "1.0.0"});
  table->push_back({"flushall", -1, kWrite | kAllShards, 0, 0, 0, flushall, "server",
                    "Remove all keys from all databases", "1.0.0"});
  table->push_back({"time", 1, kLoading | kStale | kFast, 0, 0, 0, time, "server",
                    "Return the current server time", "2.6.0"});
  table->push_back({"lastsave", 1, kLoading | kStale | kFast, 0, 0, 0, lastsave, "server",
                    "Get the UNIX time stamp of the last successful save to disk", "1.0.0"});
  table->push_back({"save", 1, kAdmin | kNoScript | kAllShards, 0, 0, 0, save, "server",
                    "Synchronously save the dataset to disk", "1.0.0"});
  table->push_back({"bgsave", -1, kAdmin | kNoScript | kAllShards, 0, 0, 0, bgsave, "server",
                    "Asynchronously save the dataset to disk", "1.0.0"});
  table->push_back({"shutdown", -1, kAdmin | kNoScript | kLoading | kStale, 0, 0, 0, shutdown,
                    "server", "Synchronously save the dataset to disk and then shut down the server",
                    "1.0.0"});
  table->push_back(
      {"function", -2, 0, 0, 0, 0, function, "scripting", "A container for function commands",
       "7.0.0",
       {
           {"flush", -2, kWrite | kNoScript, 0, 0, 0, function_flush, "scripting",
            "Deleting all functions", "7.0.0"},
           {"list", -2, kNoScript, 0, 0, 0, function_list, "scripting",
            "List information about all the functions", "7.0.0"},
           {"help", 2, kLoading | kStale, 0, 0, 0, function_help, "scripting",
            "Show helpful text about the different subcommands", "7.0.0"},
       }});
}

}  // namespace ringkv::cmd
