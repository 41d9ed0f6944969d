// Engine: shard routing and run-time settings.
#include "server/engine.h"

#include <chrono>
#include <random>

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
