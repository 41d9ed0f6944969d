// Transaction commands (multi.c's counterpart): MULTI EXEC DISCARD WATCH
// UNWATCH. Queuing happens before routing (server/transaction.h); these
// handlers own the session's transaction state.
//
// Where they run, and why that is enough:
// - EXEC is kAllShards: with several loops it runs while every other loop
//   is paused, so its queued commands may touch any shard and no client sees
//   half a transaction. Each loop parks between ticks, after running every
//   command it had parsed, so every command sent before EXEC (by this or
//   another client) has run, and its changes to watched keys are seen. An
//   EXEC whose keys all live in one shard runs under that shard's lock
//   instead (server::transaction_route).
// - WATCH is kSession with keys: it runs on its connection's loop under the
//   lock of its keys' shard, or exclusively when they span shards
//   (server::route_command). Either way it registers each key while holding
//   its shard, after every earlier command on it.
// - MULTI DISCARD UNWATCH touch only the session (WatchSet locks what it
//   shares with other loops).
#include "cmd/families.h"
#include "server/engine.h"
#include "server/executor.h"

namespace ringkv::cmd {

namespace {

void multi(CommandContext& ctx) {
  Session& session = *ctx.session;
  if (session.in_multi()) {
    ctx.reply.error("ERR MULTI calls can not be nested");
    return;
  }
  session.multi_count = 0;
  session.multi_failed = false;
  ctx.reply.ok();
}

void discard(CommandContext& ctx) {
  if (!ctx.session->in_multi()) {
    ctx.reply.error("ERR DISCARD without MULTI");
    return;
  }
  ctx.session->end_transaction();
  ctx.reply.ok();
}

void watch(CommandContext& ctx) {
  Session& session = *ctx.session;
  if (session.in_multi()) {
    ctx.reply.error("ERR WATCH inside MULTI is not allowed");
    return;
  }
  if (!session.watches) session.watches = std::make_shared<WatchSet>(*ctx.engine.watches);
  // Already dirty: EXEC fails whatever happens, so watching more is moot.
  if (!session.watches->dirty()) {
    for (size_t i = 1; i < ctx.argc(); ++i) {
      std::string_view key = ctx.arg(i);
      // peek() deletes a key that has already expired, so (as in Redis)
      // watching a stale key does not make EXEC fail when it goes away; and
      // like Redis's WATCH it leaves the key's idle time alone.
      ctx.keyspace(key).peek(ctx.db, key, ctx.now_ms);
      session.watches->add(ctx.engine.shard_of_key(key), ctx.db, key);
    }
  }
  ctx.reply.ok();
}

void unwatch(CommandContext& ctx) {
  ctx.session->watches.reset();
  ctx.reply.ok();
}

// True when a watched key changed since WATCH. A key that was live then but
// has expired since counts as changed (Redis's isWatchedKeyExpired): peek()
// deletes it, which marks the set dirty through the touch hook.
bool watched_keys_changed(CommandContext& ctx) {
  const WatchSet* watches = ctx.session->watches.get();
  if (watches == nullptr) return false;
  watches->for_each_key([&](int shard, int db, std::string_view key) {
    ctx.engine.shard(shard).peek(db, key, ctx.now_ms);
  });
  return watches->dirty();
}

void exec(CommandContext& ctx) {
  Session& session = *ctx.session;
  if (!session.in_multi()) {
    ctx.reply.error("ERR EXEC without MULTI");
    return;
  }
  if (session.multi_failed) {
    session.end_transaction();
    ctx.reply.error("EXECABORT Transaction discarded because of previous errors.");
    return;
  }
  if (watched_keys_changed(ctx)) {
    session.end_transaction();
    ctx.reply.null_array();
    return;
  }
  // Unwatch before running: the transaction's own writes must not count.
  std::vector<QueuedCommand> queue = std::move(session.multi_queue);
  session.end_transaction();
  ctx.reply.array(queue.size());
  std::vector<std::string_view> args;
  for (const QueuedCommand& command : queue) {
    command.args(&args);
    // The session's db and protocol as they are now: a queued SELECT or
    // HELLO applies to the commands after it.
    server::execute_command(ctx.engine, *command.spec, args, session.db, session.protocol, &session,
                            ctx.reply.buffer(), ctx.needs);
  }
}

}  // namespace

void add_transaction_commands(std::vector<CommandSpec>* table) {
  constexpr uint32_t kTransaction = kSession | kNoScript | kLoading | kStale;
  table->push_back({"multi", 1, kTransaction | kFast, 0, 0, 0, multi, "transactions",
                    "Mark the start of a transaction block", "1.2.0"});
  table->push_back({"exec", 1, kTransaction | kAllShards, 0, 0, 0, exec, "transactions",
                    "Execute all commands issued after MULTI", "1.2.0"});
  table->push_back({"discard", 1, kTransaction | kFast, 0, 0, 0, discard, "transactions",
                    "Discard all commands issued after MULTI", "2.0.0"});
  table->push_back({"watch", -2, kTransaction | kFast, 1, -1, 1, watch, "transactions",
                    "Watch the given keys to determine execution of the MULTI/EXEC block",
                    "2.2.0"});
  table->push_back({"unwatch", 1, kTransaction | kFast, 0, 0, 0, unwatch, "transactions",
                    "Forget about all watched keys", "2.2.0"});
}

}  // namespace ringkv::cmd
