// Config: the server's settings, from flags and a redis.conf-style file, and
// the CONFIG GET/SET parameter table. Settings that ringkv stores but that
// have no meaning for its storage (encoding thresholds...) are kept as text so
// tools and Redis's own tests can read back what they set.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ringkv::server {

struct Config {
  int port = 6379;
  std::vector<std::string> bind = {"127.0.0.1"};
  std::string dir = "./ringkv-data";
  int threads = 0;  // 0 = the cores this process may run on
  int shards = 0;   // 0 = threads; only used when the data dir is created
  std::string appendfsync = "everysec";
  std::string requirepass;
  int databases = 16;
  int64_t maxclients = 10000;
  std::string loglevel = "notice";
  std::string logfile;  // empty = stderr
  bool protected_mode = true;
  int64_t proto_max_bulk_len = 512LL * 1024 * 1024;
  int64_t client_query_buffer_limit = 1024LL * 1024 * 1024;
  size_t cache_bytes = 256 << 20;
  // server_cpulist as given, and the CPUs it names: loop i runs pinned to
  // loop_cpus[i % size]. Empty (the default, as in Redis): not pinned.
  std::string server_cpulist;
  std::vector<int> loop_cpus;
  // Other CONFIG SET parameters given at start-up, checked and normalized
  // (canonical name, value), for the engine to apply in order once it runs.
  std::vector<std::pair<std::string, std::string>> runtime_settings;
  // Redis settings given that ringkv has no use for (logged at start-up).
  std::vector<std::string> ignored_settings;
};

// Parses `argv` (an optional config file first, then --name value pairs).
// On error returns false and sets *error to one line.
bool parse_command_line(int argc, char** argv, Config* config, std::string* error);
// Applies one "name value..." setting (file line or flag) to `config`.
bool apply_setting(Config* config, std::string_view name, const std::vector<std::string>& values,
                   std::string* error);

}  // namespace ringkv::server
