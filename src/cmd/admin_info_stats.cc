// INFO's persistence, stats, replication, commandstats, errorstats and
// keyspace sections (see admin_info_sections.h).
#include <fmt/format.h>

#include <random>
#include <vector>

#include "cmd/admin_info_sections.h"
#include "server/engine.h"
#include "store/encoding.h"

namespace ringkv::cmd {

namespace {

// Expiry index entries read per shard to compute avg_ttl. Up to this many
// the average is exact; beyond, it is estimated from the soonest and the
// latest deadlines (Redis's own avg_ttl is an estimate from sampled keys).
constexpr size_t kTtlSampleLimit = 1024;

std::string random_replication_id() {
  std::random_device device;
  std::mt19937_64 generator(device());
  std::string id;
  for (int i = 0; i < 40; ++i) id.push_back("0123456789abcdef"[generator() % 16]);
  return id;
}

std::string first_write_error(server::Engine& engine) {
  for (int s = 0; s < engine.shard_count(); ++s) {
    std::string error = engine.shard(s).store().write_error();
    if (!error.empty()) return error;
  }
  return {};
}

struct TtlSum {
  uint64_t total_ms = 0;
  uint64_t keys = 0;
};

// Adds the remaining TTL of `raw` (an expiry index key) to its db's sum.
bool add_ttl(std::string_view raw, uint64_t now_ms, std::vector<TtlSum>* sums) {
  uint64_t expire_at = 0;
  uint8_t db = 0;
  std::string_view key;
  if (!store::decode_expiry_key(raw, &expire_at, &db, &key) || db >= sums->size()) return true;
  if (expire_at > now_ms) {
    (*sums)[db].total_ms += expire_at - now_ms;
    ++(*sums)[db].keys;
  }
  return true;
}

// Sums the remaining TTLs of one shard's keys, per db: all of them when the
// index is small, else kTtlSampleLimit / 2 from each end of the index.
void sum_shard_ttls(store::Keyspace& shard, uint64_t now_ms, std::vector<TtlSum>* sums) {
  std::string prefix = "e";
  size_t seen = 0;
  std::vector<TtlSum> front(sums->size());
  shard.store().scan(prefix, {}, [&](std::string_view raw, std::string_view) {
    if (++seen > kTtlSampleLimit) return false;
    return add_ttl(raw, now_ms, &front);
  });
  if (seen > kTtlSampleLimit) {
    front.assign(sums->size(), TtlSum{});
    size_t taken = 0;
    shard.store().scan(prefix, {}, [&](std::string_view raw, std::string_view) {
      return ++taken <= kTtlSampleLimit / 2 && add_ttl(raw, now_ms, &front);
    });
    taken = 0;
    shard.store().scan_reverse(prefix, {}, [&](std::string_view raw, std::string_view) {
      return ++taken <= kTtlSampleLimit / 2 && add_ttl(raw, now_ms, &front);
    });
  }
  for (size_t db = 0; db < sums->size(); ++db) {
    (*sums)[db].total_ms += front[db].total_ms;
    (*sums)[db].keys += front[db].keys;
  }
}

}  // namespace

// ringkv's persistence is the shards' LevelDB logs: every write is logged
// (and, under appendfsync always, synced) before it is acknowledged, which
// is what Redis calls an enabled AOF; SAVE/BGSAVE sync every shard.
void append_persistence_section(CommandContext& ctx, std::string* out) {
  server::Engine& engine = ctx.engine;
  uint64_t writes = engine.dirty.load();
  uint64_t at_save = engine.writes_at_last_save.load();
  std::string write_error = first_write_error(engine);
  out->append("# Persistence\r\n");
  append_info_line(out, "loading", int64_t{0});
  append_info_line(out, "async_loading", int64_t{0});
  append_info_line(out, "rdb_changes_since_last_save", writes >= at_save ? writes - at_save : 0);
  append_info_line(out, "rdb_bgsave_in_progress", int64_t{0});
  append_info_line(out, "rdb_last_save_time", engine.last_save_time.load());
  append_info_line(out, "rdb_last_bgsave_status", write_error.empty() ? "ok" : "err");
  append_info_line(out, "rdb_saves", engine.saves.load());
  append_info_line(out, "aof_enabled", int64_t{1});
  append_info_line(out, "aof_rewrite_in_progress", int64_t{0});
  append_info_line(out, "aof_rewrite_scheduled", int64_t{0});
  append_info_line(out, "aof_last_write_status", write_error.empty() ? "ok" : "err");
  append_info_line(out, "ringkv_storage", "leveldb");
  append_info_line(out, "ringkv_appendfsync",
                   engine.get_setting("appendfsync").empty() ? engine.config().appendfsync
                                                             : engine.get_setting("appendfsync"));
  if (!write_error.empty()) append_info_line(out, "ringkv_last_write_error", write_error);
}

void append_stats_section(CommandContext& ctx, std::string* out) {
  server::Stats& stats = ctx.engine.stats;
  server::RateSampler::Rates rates = ctx.engine.rates.rates(stats, server::now_ms());
  out->append("# Stats\r\n");
  append_info_line(out, "total_connections_received", stats.connections_received.load());
  append_info_line(out, "total_commands_processed", stats.commands_processed.load());
  append_info_line(out, "instantaneous_ops_per_sec", static_cast<int64_t>(rates.ops_per_sec + 0.5));
  append_info_line(out, "total_net_input_bytes", stats.net_input_bytes.load());
  append_info_line(out, "total_net_output_bytes", stats.net_output_bytes.load());
  append_info_line(out, "total_net_repl_input_bytes", int64_t{0});
  append_info_line(out, "total_net_repl_output_bytes", int64_t{0});
  append_info_line(out, "instantaneous_input_kbps", fmt::format("{:.2f}", rates.input_kbps));
  append_info_line(out, "instantaneous_output_kbps", fmt::format("{:.2f}", rates.output_kbps));
  append_info_line(out, "instantaneous_input_repl_kbps", "0.00");
  append_info_line(out, "instantaneous_output_repl_kbps", "0.00");
  append_info_line(out, "rejected_connections", stats.rejected_connections.load());
  append_info_line(out, "sync_full", int64_t{0});
  append_info_line(out, "sync_partial_ok", int64_t{0});
  append_info_line(out, "sync_partial_err", int64_t{0});
  append_info_line(out, "expired_keys", stats.expired_keys.load());
  append_info_line(out, "evicted_keys", int64_t{0});
  append_info_line(out, "evicted_clients", int64_t{0});
  append_info_line(out, "keyspace_hits", stats.keyspace_hits.load());
  append_info_line(out, "keyspace_misses", stats.keyspace_misses.load());
  append_info_line(out, "latest_fork_usec", int64_t{0});
  append_info_line(out, "total_forks", int64_t{0});
  append_info_line(out, "total_error_replies", stats.total_error_replies.load());
}

// A standalone master without replicas, as Redis reports one.
void append_replication_section(CommandContext&, std::string* out) {
  static const std::string replication_id = random_replication_id();
  out->append("# Replication\r\n");
  append_info_line(out, "role", "master");
  append_info_line(out, "connected_slaves", int64_t{0});
  append_info_line(out, "master_failover_state", "no-failover");
  append_info_line(out, "master_replid", replication_id);
  append_info_line(out, "master_replid2", std::string(40, '0'));
  append_info_line(out, "master_repl_offset", int64_t{0});
  append_info_line(out, "second_repl_offset", int64_t{-1});
  append_info_line(out, "repl_backlog_active", int64_t{0});
  append_info_line(out, "repl_backlog_size", int64_t{1048576});
  append_info_line(out, "repl_backlog_first_byte_offset", int64_t{0});
  append_info_line(out, "repl_backlog_histlen", int64_t{0});
}

void append_commandstats_section(CommandContext& ctx, std::string* out) {
  out->append("# Commandstats\r\n");
  for (const CommandSpec* spec : all_commands()) {
    const server::CommandStats& stats = ctx.engine.command_stats[spec->index];
    uint64_t calls = stats.calls.load(), usec = stats.usec.load();
    uint64_t rejected = stats.rejected_calls.load(), failed = stats.failed_calls.load();
    if (calls == 0 && rejected == 0 && failed == 0) continue;
    double per_call = calls == 0 ? 0.0 : static_cast<double>(usec) / static_cast<double>(calls);
    out->append(fmt::format(
        "cmdstat_{}:calls={},usec={},usec_per_call={:.2f},rejected_calls={},failed_calls={}\r\n",
        full_name(*spec), calls, usec, per_call, rejected, failed));
  }
}

void append_errorstats_section(CommandContext& ctx, std::string* out) {
  out->append("# Errorstats\r\n");
  for (const auto& [prefix, count] : ctx.engine.error_stats.snapshot()) {
    out->append(fmt::format("errorstat_{}:count={}\r\n", prefix, count));
  }
}

void append_keyspace_section(CommandContext& ctx, std::string* out) {
  server::Engine& engine = ctx.engine;
  auto databases = static_cast<size_t>(engine.config().databases);
  std::vector<TtlSum> ttls(databases);
  uint64_t now = server::now_ms();
  for (int s = 0; s < engine.shard_count(); ++s) sum_shard_ttls(engine.shard(s), now, &ttls);
  out->append("# Keyspace\r\n");
  for (size_t db = 0; db < databases; ++db) {
    int64_t keys = 0, expires = 0;
    for (int s = 0; s < engine.shard_count(); ++s) {
      keys += engine.shard(s).key_count(static_cast<int>(db));
      expires += engine.shard(s).expires_count(static_cast<int>(db));
    }
    if (keys == 0 && expires == 0) continue;
    uint64_t avg_ttl = ttls[db].keys == 0 ? 0 : ttls[db].total_ms / ttls[db].keys;
    out->append(fmt::format("db{}:keys={},expires={},avg_ttl={}\r\n", db, keys, expires, avg_ttl));
  }
}

}  // namespace ringkv::cmd
