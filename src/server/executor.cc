// Executor: validation, routing and execution of one command.
#include "server/executor.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

namespace ringkv::server {

namespace {

bool arity_ok(int arity, size_t argc) {
  return arity >= 0 ? argc == static_cast<size_t>(arity) : argc >= static_cast<size_t>(-arity);
}

// A refused request's error: counted in total_error_replies and errorstats
// like every other error reply.
void reply_error(Engine& engine, std::string* out, int protocol, std::string_view text) {
  size_t start = out->size();
  resp::ReplyWriter(out, protocol).error(text);
  engine.stats.total_error_replies.fetch_add(1, std::memory_order_relaxed);
  engine.error_stats.count(std::string_view(*out).substr(start));
}

// The write counters of the shards a command may write, taken before it
// runs. Almost every write command has one shard: those stay inline
// (this was an allocation per write command).
class ShardCounters {
 public:
  void add(int shard, uint64_t count) {
    if (size_ < inline_.size()) {
      inline_[size_++] = {shard, count};
    } else {
      overflow_.emplace_back(shard, count);
    }
  }
  bool has(int shard) const {
    auto same = [shard](const auto& p) { return p.first == shard; };
    return std::any_of(inline_.begin(), inline_.begin() + static_cast<long>(size_), same) ||
           std::any_of(overflow_.begin(), overflow_.end(), same);
  }
  template <typename Visit>
  void for_each(Visit visit) const {
    for (size_t i = 0; i < size_; ++i) visit(inline_[i].first, inline_[i].second);
    for (const auto& [shard, count] : overflow_) visit(shard, count);
  }

 private:
  std::array<std::pair<int, uint64_t>, 4> inline_{};
  size_t size_ = 0;
  std::vector<std::pair<int, uint64_t>> overflow_;
};

}  // namespace

const cmd::CommandSpec* validate_request(Engine& engine, std::span<const std::string_view> args,
                                         const cmd::Session& session, std::string* out) {
  const cmd::CommandSpec* spec = cmd::find_command(args[0]);
  // CLIENT LIST's cmd=: the command looked up, as Redis sets c->lastcmd.
  session.last_command = spec;
  if (spec == nullptr) {
    std::string listed;
    for (size_t i = 1; i < args.size() && listed.size() < 128; ++i) {
      listed += fmt::format("'{:.{}}' ", args[i], 128 - listed.size());
    }
    reply_error(engine, out, session.protocol,
                fmt::format("ERR unknown command '{:.128}', with args beginning with: {}", args[0],
                            listed));
    return nullptr;
  }
  if (!arity_ok(spec->arity, args.size())) {
    reply_error(engine, out, session.protocol,
                fmt::format("ERR wrong number of arguments for '{}' command", spec->name));
    engine.command_stats[spec->index].rejected_calls.fetch_add(1, std::memory_order_relaxed);
    return nullptr;
  }
  if (!spec->subcommands.empty() && args.size() >= 2) {
    const cmd::CommandSpec* sub = cmd::find_subcommand(*spec, args[1]);
    session.last_command = sub;
    if (sub == nullptr) {
      reply_error(engine, out, session.protocol,
                  fmt::format("ERR unknown subcommand '{:.128}'. Try {} HELP.", args[1],
                              cmd::upper(spec->name)));
      return nullptr;
    }
    if (!arity_ok(sub->arity, args.size())) {
      reply_error(engine, out, session.protocol,
                  fmt::format("ERR wrong number of arguments for '{}|{}' command", spec->name,
                              sub->name));
      engine.command_stats[sub->index].rejected_calls.fetch_add(1, std::memory_order_relaxed);
      return nullptr;
    }
    spec = sub;
  }
  if (!session.authenticated && !(spec->flags & cmd::kNoAuth)) {
    reply_error(engine, out, session.protocol, "NOAUTH Authentication required.");
    engine.command_stats[spec->index].rejected_calls.fetch_add(1, std::memory_order_relaxed);
    return nullptr;
  }
  // Like Redis after a failed AOF write: refuse writes (and PING) while a
  // shard cannot write, rather than accept what cannot be made durable.
  if (((spec->flags & cmd::kWrite) || std::string_view(spec->name) == "ping") &&
      store::ShardStore::any_write_failing()) {
    reply_error(engine, out, session.protocol,
                "MISCONF Errors writing to the data dir: " +
                    store::ShardStore::write_failure_cause());
    engine.command_stats[spec->index].rejected_calls.fetch_add(1, std::memory_order_relaxed);
    return nullptr;
  }
  return spec;
}

Route route_command(Engine& engine, const cmd::CommandSpec& spec,
                    std::span<const std::string_view> args) {
  if (spec.flags & cmd::kAllShards) {
    return engine.loop_count() == 1 ? Route{Route::kLocal, 0} : Route{Route::kExclusive, 0};
  }
  thread_local std::vector<size_t> positions;
  positions.clear();
  cmd::key_positions(spec, args, &positions);
  if (positions.empty()) return Route{Route::kLocal, 0};
  int shard = engine.shard_of_key(args[positions[0]]);
  for (size_t i = 1; i < positions.size(); ++i) {
    if (engine.shard_of_key(args[positions[i]]) != shard) {
      // Several shards: with one loop nobody else runs, so no lock is
      // needed; otherwise the other loops pause.
      return engine.loop_count() == 1 ? Route{Route::kLocal, 0} : Route{Route::kExclusive, 0};
    }
  }
  return Route{Route::kShard, shard};
}

void execute_command(Engine& engine, const cmd::CommandSpec& spec,
                     std::span<const std::string_view> args, int db, int protocol,
                     cmd::Session* session, std::string* out,
                     std::vector<store::DurabilityNeed>* needs, int routed_shard) {
  // Shards this command may write: remember their write counters so that
  // under `always` the reply waits exactly for the batches it wrote into.
  bool track = engine.appendfsync.load(std::memory_order_relaxed) ==
               static_cast<int>(store::AppendFsync::kAlways);
  // Not thread_local: EXEC's handler runs its queued commands through here.
  ShardCounters before;
  if (spec.flags & cmd::kWrite) {
    if (spec.flags & cmd::kAllShards) {
      for (int s = 0; s < engine.shard_count(); ++s) {
        before.add(s, engine.shard(s).store().write_count());
      }
    } else if (routed_shard >= 0) {
      before.add(routed_shard, engine.shard(routed_shard).store().write_count());
    } else {
      thread_local std::vector<size_t> positions;
      positions.clear();
      cmd::key_positions(spec, args, &positions);
      for (size_t position : positions) {
        int s = engine.shard_of_key(args[position]);
        if (!before.has(s)) before.add(s, engine.shard(s).store().write_count());
      }
    }
  }

  uint64_t start = now_us();
  resp::ReplyWriter reply(out, protocol);
  size_t reply_start = out->size();
  cmd::CommandContext context{args, reply, engine, db, protocol, start / 1000,
                              session, needs, routed_shard};
  {
    // A command that writes to several shards records its whole write set
    // in each of them, so a crash between their commits is completed at
    // start-up (all or nothing).
    store::AtomicWriteScope atomic_writes;
    spec.handler(context);
  }
  uint64_t elapsed = now_us() - start;

  CommandStats& stats = engine.command_stats[spec.index];
  stats.calls.fetch_add(1, std::memory_order_relaxed);
  stats.usec.fetch_add(elapsed, std::memory_order_relaxed);
  if (engine.latency_tracking.load(std::memory_order_relaxed)) stats.record_latency(elapsed);
  if (out->size() > reply_start && (*out)[reply_start] == '-') {
    stats.failed_calls.fetch_add(1, std::memory_order_relaxed);
    engine.stats.total_error_replies.fetch_add(1, std::memory_order_relaxed);
    engine.error_stats.count(std::string_view(*out).substr(reply_start));
  }
  engine.stats.commands_processed.fetch_add(1, std::memory_order_relaxed);
  engine.rates.maybe_sample(engine.stats, start / 1000);

  // A write command that changed a shard counts once towards INFO's
  // rdb_changes_since_last_save (Redis's server.dirty); internal writes
  // (sweeps, crash-atomicity records) do not.
  bool changed = false;
  before.for_each([&](int s, uint64_t count) {
    store::ShardStore& shard_store = engine.shard(s).store();
    if (shard_store.write_count() != count) {
      changed = true;
      if (track) needs->push_back(store::DurabilityNeed{s, shard_store.pending_batch_seq()});
    }
  });
  if (changed) engine.dirty.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace ringkv::server
