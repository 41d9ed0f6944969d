// Transaction queuing; see transaction.h.
#include "server/transaction.h"

#include <algorithm>

#include "server/executor.h"

namespace ringkv::server {

namespace {

bool named_one_of(const cmd::CommandSpec& spec, std::span<const std::string_view> names) {
  const cmd::CommandSpec& command = spec.parent != nullptr ? *spec.parent : spec;
  return std::find(names.begin(), names.end(), std::string_view(command.name)) != names.end();
}

// Redis's processCommand runs these at once even inside MULTI.
constexpr std::string_view kRunAtOnce[] = {"exec", "discard", "multi", "watch", "quit", "reset"};
// Redis 7.0's "no_multi" commands: a transaction may not hold them.
constexpr std::string_view kNotInMulti[] = {"save", "shutdown", "sync", "psync"};

}  // namespace

bool queue_in_transaction(Engine& engine, const cmd::CommandSpec& spec,
                          std::span<const std::string_view> args, cmd::Session& session,
                          std::string* out) {
  if (!session.in_multi() || named_one_of(spec, kRunAtOnce)) return false;
  resp::ReplyWriter reply(out, session.protocol);
  if (named_one_of(spec, kNotInMulti)) {
    session.multi_failed = true;
    engine.stats.total_error_replies.fetch_add(1, std::memory_order_relaxed);
    engine.command_stats[spec.index].rejected_calls.fetch_add(1, std::memory_order_relaxed);
    reply.error("ERR Command not allowed inside a transaction");
    return true;
  }
  cmd::QueuedCommand queued;
  queued.spec = &spec;
  for (std::string_view arg : args) {
    queued.arg_bytes.append(arg);
    queued.arg_ends.push_back(static_cast<uint32_t>(queued.arg_bytes.size()));
  }
  session.multi_queue.push_back(std::move(queued));
  session.multi_count = static_cast<int>(session.multi_queue.size());
  reply.simple("QUEUED");
  return true;
}

Route transaction_route(Engine& engine, const cmd::CommandSpec& spec, const cmd::Session& session,
                        Route fallback) {
  if (std::string_view(spec.name) != "exec") return fallback;
  // Outside MULTI or doomed, EXEC only replies an error.
  if (!session.in_multi() || session.multi_failed) return Route{Route::kLocal, 0};
  int shard = -1;  // the one shard seen so far
  bool single = true;
  auto note = [&](int s) {
    if (shard < 0) shard = s;
    single = single && shard == s;
  };
  if (session.watches) {
    session.watches->for_each_key([&](int s, int, std::string_view) { note(s); });
  }
  thread_local std::vector<std::string_view> args;
  for (const cmd::QueuedCommand& command : session.multi_queue) {
    if (!single) break;
    command.args(&args);
    Route route = route_command(engine, *command.spec, args);
    if (route.kind == Route::kShard) {
      note(route.shard);
    } else if (route.kind != Route::kLocal || (command.spec->flags & cmd::kAllShards)) {
      single = false;
    }
  }
  if (!single) return fallback;
  return shard < 0 ? Route{Route::kLocal, 0} : Route{Route::kShard, shard};
}

void note_refused_request(std::span<const std::string_view> args, cmd::Session& session,
                          std::string* out) {
  if (!cmd::equals_ignore_case(args[0], "exec")) {
    if (session.in_multi()) session.multi_failed = true;
    return;
  }
  // Redis's execCommandAbort: the transaction is discarded and the error,
  // without its '-' and "ERR " prefix, is told inside an EXECABORT.
  std::string_view error(*out);
  if (error.size() >= 3) error = error.substr(1, error.size() - 3);
  if (error.starts_with("ERR ")) error.remove_prefix(4);
  std::string text = "EXECABORT Transaction discarded because of: " + std::string(error);
  session.end_transaction();
  out->clear();
  resp::ReplyWriter(out, session.protocol).error(text);
}

}  // namespace ringkv::server
