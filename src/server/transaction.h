// Transaction queuing: what a connection's loop does with a request while
// its session is inside MULTI. Commands are checked as usual (unknown name,
// arity, auth) and then queued instead of routed, their arguments copied
// into the Session; EXEC (cmd/transactions.cc) later runs them all at once.
// A request refused meanwhile dooms the transaction, as in Redis: EXEC then
// replies EXECABORT. Both functions run on the session's own loop.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "cmd/command.h"
#include "server/engine.h"
#include "server/executor.h"

namespace ringkv::server {

// After validate_request accepted `spec`: inside MULTI, queues the request
// (or refuses one that a transaction may not hold) and returns true with the
// reply in `out`. Returns false when the request must run now: outside MULTI,
// or for EXEC DISCARD MULTI WATCH QUIT RESET.
bool queue_in_transaction(Engine& engine, const cmd::CommandSpec& spec,
                          std::span<const std::string_view> args, cmd::Session& session,
                          std::string* out);

// For EXEC: the route that still makes the transaction atomic without
// pausing the other loops, when there is one — kLocal when it touches no
// shard (outside MULTI, doomed, or only keyless commands), kShard when its
// watched keys and the keys of every queued command live in one shard (none
// may need all shards), so that holding that shard's lock keeps everyone
// else out. Otherwise (and for every other command) `fallback`.
Route transaction_route(Engine& engine, const cmd::CommandSpec& spec, const cmd::Session& session,
                        Route fallback);

// After validate_request refused the request, `out` holding just its error:
// an open transaction can no longer run, and a refused EXEC discards it at
// once, its error rewritten as Redis's "EXECABORT ... because of: <error>".
void note_refused_request(std::span<const std::string_view> args, cmd::Session& session,
                          std::string* out);

}  // namespace ringkv::server
