// Engine: shard routing and run-time settings.
#include "server/engine.h"

#include <algorithm>
#include <chrono>
#include <random>

#include "cmd/admin_latency_histogram.h"
#include "cmd/command.h"
#include "util/slot.h"

namespace ringkv::server {

uint64_t now_ms() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count());
}

uint64_t now_us() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count());
}

namespace {
std::string random_hex(size_t length) {
  std::random_device device;
  std::mt19937_64 generator(device());
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  for (size_t i = 0; i < length; ++i) text.push_back(kDigits[generator() % 16]);
  return text;
}
}  // namespace

Engine::Engine(Config config, std::vector<std::unique_ptr<store::Keyspace>> shards, int loops)
    : proto_max_bulk_len(config.proto_max_bulk_len),
      client_query_buffer_limit(config.client_query_buffer_limit),
      maxclients(config.maxclients),
      appendfsync(config.appendfsync == "always"  ? static_cast<int>(store::AppendFsync::kAlways)
                  : config.appendfsync == "no"    ? static_cast<int>(store::AppendFsync::kNo)
                                                  : static_cast<int>(store::AppendFsync::kEverySec)),
      command_stats(cmd::all_commands().size()),
      start_time_ms(now_ms()),
      run_id(random_hex(40)),
      config_(std::move(config)),
      shards_(std::move(shards)),
      shard_locks_(std::make_unique<ShardLock[]>(shards_.size())),
      loops_(loops),
      requirepass_(config_.requirepass) {
  last_save_time = start_time_ms / 1000;
  auth_required_ = !requirepass_.empty();
  watches = std::make_unique<cmd::WatchTable>(shard_count());
  for (int s = 0; s < shard_count(); ++s) {
    shards_[s]->set_touch_hook([table = watches.get(), s](int db, std::string_view key) {
      table->touched(s, db, key);
    });
  }
}

int Engine::shard_of_key(std::string_view key) const {
  return key_slot(key) % static_cast<int>(shards_.size());
}

uint64_t Engine::total_write_count() {
  uint64_t total = 0;
  for (auto& shard : shards_) total += shard->store().write_count();
  return total;
}

std::string Engine::get_setting(const std::string& name) {
  std::lock_guard lock(settings_mutex_);
  auto it = settings_.find(name);
  return it == settings_.end() ? std::string() : it->second;
}

void Engine::set_setting(const std::string& name, std::string value) {
  std::lock_guard lock(settings_mutex_);
  settings_[name] = std::move(value);
}

std::map<std::string, std::string> Engine::settings_snapshot() {
  std::lock_guard lock(settings_mutex_);
  return settings_;
}

void ErrorStats::count(std::string_view reply) {
  // The prefix is the first word of the first 32 bytes, "ERR" without one.
  std::string_view text = reply.substr(0, 32);
  size_t space = text.find(' ');
  std::string_view prefix =
      text.size() > 1 && text[0] == '-' && space != std::string_view::npos && space > 1
          ? text.substr(1, space - 1)
          : std::string_view("ERR");
  std::lock_guard lock(mutex_);
  auto it = counts_.find(prefix);
  if (it == counts_.end()) it = counts_.emplace(std::string(prefix), 0).first;
  ++it->second;
}

std::map<std::string, uint64_t> ErrorStats::snapshot() {
  std::lock_guard lock(mutex_);
  return {counts_.begin(), counts_.end()};
}

void ErrorStats::reset() {
  std::lock_guard lock(mutex_);
  counts_.clear();
}

void RateSampler::sample(const Stats& stats, uint64_t now_ms) {
  std::lock_guard lock(mutex_);
  if (now_ms < next_sample_ms_.load(std::memory_order_relaxed)) return;  // another thread did
  ring_[taken_ % ring_.size()] = Sample{now_ms, stats.commands_processed.load(),
                                        stats.net_input_bytes.load(), stats.net_output_bytes.load()};
  ++taken_;
  next_sample_ms_.store(now_ms - now_ms % kIntervalMs + kIntervalMs, std::memory_order_relaxed);
}

RateSampler::Rates RateSampler::rates(const Stats& stats, uint64_t now_ms) {
  maybe_sample(stats, now_ms);
  Sample now{now_ms, stats.commands_processed.load(), stats.net_input_bytes.load(),
             stats.net_output_bytes.load()};
  std::lock_guard lock(mutex_);
  size_t available = std::min(taken_, ring_.size());
  if (available == 0) return {};
  // Walk from the newest sample back to the first one at least 1 s old.
  Sample base = ring_[(taken_ - available) % ring_.size()];
  for (size_t back = 1; back <= available; ++back) {
    const Sample& candidate = ring_[(taken_ - back) % ring_.size()];
    if (candidate.ms + 1000 <= now_ms) {
      base = candidate;
      break;
    }
  }
  if (now.ms <= base.ms) return {};
  double seconds = static_cast<double>(now.ms - base.ms) / 1000.0;
  // Counters may have been reset (CONFIG RESETSTAT) since the sample.
  auto per_second = [seconds](uint64_t later, uint64_t earlier) {
    return later >= earlier ? static_cast<double>(later - earlier) / seconds : 0.0;
  };
  return Rates{per_second(now.commands, base.commands),
               per_second(now.input_bytes, base.input_bytes) / 1024.0,
               per_second(now.output_bytes, base.output_bytes) / 1024.0};
}

std::string Engine::requirepass() {
  std::lock_guard lock(settings_mutex_);
  return requirepass_;
}

void Engine::set_requirepass(std::string password) {
  std::lock_guard lock(settings_mutex_);
  requirepass_ = std::move(password);
  auth_required_ = !requirepass_.empty();
}

}  // namespace ringkv::server
