// Start-up settings: flags and config file.
#include "server/config.h"

#include <sched.h>

#include <cstdint>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include "cmd/admin_config_params.h"
#include "server/redis_settings.h"
#include "util/cpu_list.h"
#include "util/numbers.h"

namespace ringkv::server {

namespace {

bool parse_int_in(std::string_view text, int64_t low, int64_t high, int64_t* out) {
  return parse_int64(text, out) && *out >= low && *out <= high;
}

// Splits a config file line like Redis does for the simple cases: words
// separated by blanks, double-quoted words may hold blanks.
std::vector<std::string> split_line(const std::string& line) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size()) break;
    std::string word;
    if (line[i] == '"' || line[i] == '\'') {
      char quote = line[i++];
      while (i < line.size() && line[i] != quote) word.push_back(line[i++]);
      ++i;
    } else {
      while (i < line.size() && line[i] != ' ' && line[i] != '\t') word.push_back(line[i++]);
    }
    words.push_back(word);
  }
  return words;
}

// The cores this process may run on (taskset, a container's cpuset), not
// every online one: a server confined to one core of a 64-core host would
// otherwise start 64 loops (and create 64 shards) to share it.
int usable_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return CPU_COUNT(&set);
  unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}

// The settings this file applies itself, before anything starts.
bool is_start_up_setting(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "bind",     "port",       "dir",          "threads",           "shards",
      "appendfsync", "requirepass", "databases", "maxclients",       "loglevel",
      "logfile",  "protected-mode", "proto-max-bulk-len", "client-query-buffer-limit",
      "cache-size", "server_cpulist"};
  for (std::string_view known : kNames) {
    if (name == known) return true;
  }
  return false;
}

// Any other setting CONFIG SET knows (client-output-buffer-limit,
// latency-tracking, the encoding knobs, save...) is checked with CONFIG
// SET's rules now and applied once the server runs.
bool add_runtime_setting(Config* config, std::string_view name,
                         const std::vector<std::string>& values, std::string* error) {
  const cmd::ConfigParam* param = cmd::find_config_param(name);
  if (param == nullptr) {
    if (is_ignored_redis_setting(name)) {
      config->ignored_settings.emplace_back(name);
      return true;
    }
    *error = "unknown setting '" + std::string(name) + "'";
    return false;
  }
  std::string value;
  for (const std::string& word : values) value += (value.empty() ? "" : " ") + word;
  std::string normalized;
  std::string reason;
  if (!cmd::normalize_config_value(*param, value, &normalized, &reason)) {
    *error = "invalid value '" + value + "' for '" + std::string(name) + "': " + reason;
    return false;
  }
  config->runtime_settings.emplace_back(cmd::canonical(*param).name, std::move(normalized));
  return true;
}

bool load_file(const std::string& path, Config* config, std::string* error) {
  std::ifstream file(path);
  if (!file) {
    *error = "cannot read config file " + path;
    return false;
  }
  std::string line;
  int number = 0;
  while (std::getline(file, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto words = split_line(line);
    if (words.empty() || words[0][0] == '#') continue;
    std::vector<std::string> values(words.begin() + 1, words.end());
    std::string name = words[0];
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!apply_setting(config, name, values, error)) {
      *error = path + ":" + std::to_string(number) + ": " + *error;
      return false;
    }
  }
  return true;
}

}  // namespace

bool apply_setting(Config* config, std::string_view name, const std::vector<std::string>& values,
                   std::string* error) {
  auto one = [&](std::string* value) {
    if (values.size() != 1) {
      *error = "'" + std::string(name) + "' takes one value";
      return false;
    }
    *value = values[0];
    return true;
  };
  std::string value;
  int64_t number = 0;
  if (!is_start_up_setting(name)) return add_runtime_setting(config, name, values, error);
  if (name == "bind") {
    if (values.empty()) {
      *error = "'bind' needs an address";
      return false;
    }
    config->bind = values;
    return true;
  }
  if (!one(&value)) return false;
  auto bad = [&](const char* what) {
    *error = "invalid value '" + value + "' for '" + std::string(name) + "': " + what;
    return false;
  };
  if (name == "port") {
    if (!parse_int_in(value, 0, 65535, &number)) return bad("expected 0-65535");
    config->port = static_cast<int>(number);
  } else if (name == "dir") {
    if (value.empty()) return bad("empty path");
    config->dir = value;
  } else if (name == "threads") {
    if (!parse_int_in(value, 1, 256, &number)) return bad("expected 1-256");
    config->threads = static_cast<int>(number);
  } else if (name == "shards") {
    if (!parse_int_in(value, 1, 1024, &number)) return bad("expected 1-1024");
    config->shards = static_cast<int>(number);
  } else if (name == "appendfsync") {
    if (value != "always" && value != "everysec" && value != "no") {
      return bad("expected always, everysec or no");
    }
    config->appendfsync = value;
  } else if (name == "requirepass") {
    config->requirepass = value;
  } else if (name == "databases") {
    if (!parse_int_in(value, 1, 256, &number)) return bad("expected 1-256");
    config->databases = static_cast<int>(number);
  } else if (name == "maxclients") {
    if (!parse_int_in(value, 1, 1000000, &number)) return bad("expected 1-1000000");
    config->maxclients = number;
  } else if (name == "loglevel") {
    if (value != "debug" && value != "verbose" && value != "notice" && value != "warning" &&
        value != "nothing") {
      return bad("expected debug, verbose, notice, warning or nothing");
    }
    config->loglevel = value;
  } else if (name == "logfile") {
    config->logfile = value;
  } else if (name == "protected-mode") {
    if (value != "yes" && value != "no") return bad("expected yes or no");
    config->protected_mode = value == "yes";
  } else if (name == "proto-max-bulk-len" || name == "client-query-buffer-limit") {
    // Redis's bounds for both: 1mb up to LONG_MAX, with memory units.
    uint64_t bytes = 0;
    if (!cmd::parse_memory_value(value, &bytes) || bytes < (1u << 20) ||
        bytes > static_cast<uint64_t>(INT64_MAX)) {
      return bad("expected a size from 1mb");
    }
    (name == "proto-max-bulk-len" ? config->proto_max_bulk_len
                                  : config->client_query_buffer_limit) = static_cast<int64_t>(bytes);
  } else if (name == "cache-size") {
    // Bytes with Redis's memory units (256mb, 2gb), as maxmemory takes them.
    uint64_t bytes = 0;
    if (!cmd::parse_memory_value(value, &bytes) || bytes > (uint64_t{1} << 40)) {
      return bad("expected bytes (memory units like 256mb or 2gb allowed), at most 1tb");
    }
    config->cache_bytes = static_cast<size_t>(bytes);
  } else if (name == "server_cpulist") {
    std::optional<std::vector<int>> cpus = parse_cpu_list(value);
    if (!cpus) return bad("expected a CPU list like 0-3,6 or 0-7:2");
    config->server_cpulist = value;
    config->loop_cpus = std::move(*cpus);
  }
  return true;
}

bool parse_command_line(int argc, char** argv, Config* config, std::string* error) {
  int i = 1;
  if (i < argc && std::string_view(argv[i]).substr(0, 2) != "--") {
    if (!load_file(argv[i], config, error)) return false;
    ++i;
  }
  for (; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (flag.substr(0, 2) != "--" || flag.size() == 2) {
      *error = "unexpected argument '" + std::string(flag) + "' (flags look like --port 6379)";
      return false;
    }
    std::string name(flag.substr(2));
    std::vector<std::string> values;
    while (i + 1 < argc && std::string_view(argv[i + 1]).substr(0, 2) != "--") {
      values.emplace_back(argv[++i]);
    }
    if (!apply_setting(config, name, values, error)) return false;
  }
  if (config->threads == 0) config->threads = usable_cores();
  return true;
}

}  // namespace ringkv::server
