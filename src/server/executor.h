// Executor: what happens to one parsed request between the parser and the
// reply queue — validation against the command table (unknown command,
// arity, auth), routing (which shard lock to hold, or exclusive), and running the
// handler while recording which shard batches its reply must wait for.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cmd/command.h"
#include "server/engine.h"
#include "store/shard_store.h"

namespace ringkv::server {

// Where a validated command must run: on the calling loop without touching
// any shard (kLocal), on the calling loop holding the lock of the one shard
// all its keys live in (kShard), or with every other loop paused because it
// spans shards (kExclusive).
struct Route {
  enum Kind { kLocal, kShard, kExclusive } kind = kLocal;
  int shard = 0;  // for kShard
};

// Checks a request against the table and the session. Returns the spec to
// run, or nullptr after writing the error reply into `out`.
const cmd::CommandSpec* validate_request(Engine& engine, std::span<const std::string_view> args,
                                         const cmd::Session& session, std::string* out);

Route route_command(Engine& engine, const cmd::CommandSpec& spec,
                    std::span<const std::string_view> args);

// Runs `spec` on the calling thread, which must hold the shards involved
// (their lock, or every loop paused).
// Appends the reply to `out`; under appendfsync always, appends to `needs`
// the batches that must be durable before the reply may leave.
// `routed_shard` is the shard route_command found all its keys in (kShard),
// which spares hashing them again; -1 when not known.
void execute_command(Engine& engine, const cmd::CommandSpec& spec,
                     std::span<const std::string_view> args, int db, int protocol,
                     cmd::Session* session, std::string* out,
                     std::vector<store::DurabilityNeed>* needs, int routed_shard = -1);

}  // namespace ringkv::server
