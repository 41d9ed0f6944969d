// Engine: the server-wide state that command handlers may reach — the
// storage shards and their owners, settings, statistics and the registry of
// client sessions. It is built once at start-up; what changes at run time is
// either atomic or guarded as documented per member.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "cmd/admin_latency_histogram.h"
#include "cmd/session.h"
#include "server/config.h"
#include "server/shard_lock.h"
#include "store/keyspace.h"
#include "util/striped_counter.h"

namespace ringkv::server {

struct CommandStats {
  StripedCounter calls;
  StripedCounter usec;
  StripedCounter rejected_calls;
  StripedCounter failed_calls;
  // INFO latencystats (its per-thread counts are allocated on first use).
  cmd::LatencyHistogram latency;

  CommandStats() = default;
  CommandStats(const CommandStats&) = delete;
  void record_latency(uint64_t usec) {
    // Redis records microseconds measured by ustime() as nanoseconds.
    latency.record(static_cast<int64_t>(usec) * 1000);
  }
};

// Counters every loop adds to are striped (util/striped_counter.h).
struct Stats {
  StripedCounter connections_received;
  StripedCounter rejected_connections;
  StripedCounter commands_processed;
  StripedCounter expired_keys;
  StripedCounter keyspace_hits;
  StripedCounter keyspace_misses;
  StripedCounter net_input_bytes;
  StripedCounter net_output_bytes;
  StripedCounter total_error_replies;
  std::atomic<int64_t> connected_clients{0};
  std::atomic<uint64_t> write_batches{0};
  // Clients waiting in a blocking command (BLPOP...), kept by those commands.
  std::atomic<int64_t> blocked_clients{0};
};

// INFO errorstats: error replies counted by their first word ("ERR",
// "WRONGTYPE"), as Redis's afterErrorReply does. Errors are rare, so a
// mutex is cheap enough; any loop may count.
class ErrorStats {
 public:
  // `reply` is the RESP error as sent ("-WRONGTYPE Operation...\r\n").
  void count(std::string_view reply);
  std::map<std::string, uint64_t> snapshot();
  void reset();

 private:
  std::mutex mutex_;
  std::map<std::string, uint64_t, std::less<>> counts_;
};

// Snapshots of the traffic counters behind INFO's instantaneous_* rates.
// Redis samples them every 100 ms from its cron; ringkv has no cron of its
// own, so the first command after each 100 ms boundary takes the sample
// (a relaxed load per command otherwise).
class RateSampler {
 public:
  struct Rates {
    double ops_per_sec = 0;
    double input_kbps = 0;
    double output_kbps = 0;
  };
  void maybe_sample(const Stats& stats, uint64_t now_ms) {
    if (now_ms >= next_sample_ms_.load(std::memory_order_relaxed)) sample(stats, now_ms);
  }
  // Rates over the last second or so (since the newest sample at least 1 s
  // old; the oldest one when the server is younger than that).
  Rates rates(const Stats& stats, uint64_t now_ms);

 private:
  struct Sample {
    uint64_t ms = 0, commands = 0, input_bytes = 0, output_bytes = 0;
  };
  static constexpr uint64_t kIntervalMs = 100;
  void sample(const Stats& stats, uint64_t now_ms);

  std::atomic<uint64_t> next_sample_ms_{0};
  std::mutex mutex_;
  std::array<Sample, 32> ring_{};  // 3.2 s of samples at full rate
  size_t taken_ = 0;
};

// Implemented by the network layer. Called only while every loop is paused
// (kAllShards commands) or from the session's own loop.
class SessionRegistry {
 public:
  virtual ~SessionRegistry() = default;
  // Visits every session in connection order (by id).
  virtual void for_each_session(const std::function<void(cmd::Session&)>& visit) = 0;
};

class Engine {
 public:
  Engine(Config config, std::vector<std::unique_ptr<store::Keyspace>> shards, int loops);

  const Config& config() const { return config_; }
  int shard_count() const { return static_cast<int>(shards_.size()); }
  int loop_count() const { return loops_; }
  store::Keyspace& shard(int index) { return *shards_[index]; }
  int shard_of_key(std::string_view key) const;
  // The loop that runs the shard's timers (expiry, sweeps) and reaps its
  // committed writes; commands run on any loop under shard_lock().
  int owner_loop(int shard) const { return shard % loops_; }
  ShardLock& shard_lock(int shard) { return shard_locks_[static_cast<size_t>(shard)]; }
  // Sum of every shard's write counter; the caller must own all shards
  // (a kAllShards command).
  uint64_t total_write_count();

  // Run-time settings (CONFIG GET/SET), guarded by a mutex since any loop
  // may read or change them; hot values are mirrored in atomics below.
  std::string get_setting(const std::string& name);
  void set_setting(const std::string& name, std::string value);
  std::map<std::string, std::string> settings_snapshot();

  std::atomic<int64_t> proto_max_bulk_len;
  std::atomic<int64_t> client_query_buffer_limit;
  std::atomic<int64_t> maxclients;
  std::atomic<int> appendfsync;  // store::AppendFsync
  std::atomic<bool> latency_tracking{true};  // CONFIG latency-tracking
  // client-output-buffer-limit's "normal" class (bytes, seconds; 0 = none),
  // set by CONFIG SET and enforced by the network layer.
  std::atomic<uint64_t> client_output_hard_limit{0};
  std::atomic<uint64_t> client_output_soft_limit{0};
  std::atomic<uint64_t> client_output_soft_seconds{0};

  // requirepass, guarded by settings mutex; empty = no password.
  std::string requirepass();
  void set_requirepass(std::string password);
  bool auth_required() const { return auth_required_.load(std::memory_order_relaxed); }

  Stats stats;
  std::vector<CommandStats> command_stats;  // indexed by CommandSpec::index
  ErrorStats error_stats;
  RateSampler rates;
  uint64_t start_time_ms;
  std::string run_id;
  std::atomic<uint64_t> last_save_time{0};
  // SAVE/BGSAVE bookkeeping for INFO persistence: how many saves ran, and
  // the shards' summed write counters at the last one (changes since = now - this).
  std::atomic<uint64_t> saves{0};
  std::atomic<uint64_t> writes_at_last_save{0};
  // Write commands that changed data (Redis's server.dirty).
  StripedCounter dirty;
  std::atomic<bool> shutdown_requested{false};
  SessionRegistry* sessions = nullptr;
  // Keys under WATCH, fed by every shard's touch hook (cmd/watch_table.h).
  std::unique_ptr<cmd::WatchTable> watches;

 private:
  Config config_;
  std::vector<std::unique_ptr<store::Keyspace>> shards_;
  std::unique_ptr<ShardLock[]> shard_locks_;
  int loops_;
  std::mutex settings_mutex_;
  std::map<std::string, std::string> settings_;
  std::string requirepass_;
  std::atomic<bool> auth_required_{false};
};

uint64_t now_ms();
uint64_t now_us();

}  // namespace ringkv::server
