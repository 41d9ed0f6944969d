// CONFIG parameters: the table and Redis 7.0's per-type value rules
// (config.c's numericParseString, memtoull, yesnotoi, enum and special
// setters), so that errors and read-back values match redis-server.
#include "cmd/admin_config_params.h"

#include <fmt/format.h>

#include <climits>
#include <filesystem>

#include "cmd/admin_output_limits.h"
#include "cmd/command.h"
#include "server/log.h"
#include "util/numbers.h"

namespace ringkv::cmd {

namespace {

constexpr const char* kFsyncChoices[] = {"everysec", "always", "no", nullptr};
// In LogLevel order, so a choice's index is its level.
constexpr const char* kLogLevelChoices[] = {"debug", "verbose", "notice", "warning", nullptr};
constexpr const char* kPolicyChoices[] = {"volatile-lru",   "volatile-lfu", "volatile-random",
                                          "volatile-ttl",   "allkeys-lru",  "allkeys-lfu",
                                          "allkeys-random", "noeviction",   nullptr};

constexpr int64_t kLongMax = LONG_MAX;
constexpr uint32_t kSizeT = kConfigUnsigned;  // Redis's size_t configs: 0..LONG_MAX, unsigned checks

using T = ConfigType;
const ConfigParam kParams[] = {
    {"port", nullptr, T::kInteger, kConfigImmutable, 0, 65535},
    {"bind", nullptr, T::kBind, kConfigImmutable},
    {"dir", nullptr, T::kString, kConfigProtected},
    {"appendfsync", nullptr, T::kEnum, 0, 0, 0, "everysec", kFsyncChoices},
    {"requirepass", nullptr, T::kString},
    {"databases", nullptr, T::kInteger, kConfigImmutable, 1, INT_MAX},
    {"maxclients", nullptr, T::kInteger, kConfigUnsigned, 1, UINT_MAX},
    {"loglevel", nullptr, T::kEnum, 0, 0, 0, "notice", kLogLevelChoices},
    {"logfile", nullptr, T::kString, kConfigImmutable},
    {"protected-mode", nullptr, T::kBool, 0, 0, 0, "yes"},
    {"cache-size", nullptr, T::kMemory, kConfigImmutable | kConfigUnsigned, 0, kLongMax},
    {"server_cpulist", nullptr, T::kString, kConfigImmutable},
    {"proto-max-bulk-len", nullptr, T::kMemory, 0, 1024 * 1024, kLongMax},
    {"client-query-buffer-limit", nullptr, T::kMemory, kSizeT, 1024 * 1024, kLongMax},
    {"timeout", nullptr, T::kInteger, 0, 0, INT_MAX, "0"},
    {"save", nullptr, T::kSave, 0, 0, 0, "3600 1 300 100 60 10000"},
    {"appendonly", nullptr, T::kBool, 0, 0, 0, "no"},
    {"maxmemory", nullptr, T::kMemory, kConfigUnsigned, 0, -1, "0"},
    {"maxmemory-policy", nullptr, T::kEnum, 0, 0, 0, "noeviction", kPolicyChoices},
    {"notify-keyspace-events", nullptr, T::kKeyspaceEvents},
    {"client-output-buffer-limit", nullptr, T::kOutputBufferLimit, 0, 0, 0,
     kDefaultOutputBufferLimits},
    {"latency-tracking", nullptr, T::kBool, 0, 0, 0, "yes"},
    {"latency-tracking-info-percentiles", nullptr, T::kPercentiles, 0, 0, 0, "50 99 99.9"},
    {"busy-reply-threshold", nullptr, T::kInteger, 0, 0, kLongMax, "5000"},
    {"lua-time-limit", "busy-reply-threshold"},
    {"hll-sparse-max-bytes", nullptr, T::kMemory, kSizeT, 0, kLongMax, "3000"},
    {"stream-node-max-entries", nullptr, T::kInteger, 0, 0, LLONG_MAX, "100"},
    {"stream-node-max-bytes", nullptr, T::kMemory, 0, 0, LLONG_MAX, "4096"},
    {"hash-max-listpack-entries", nullptr, T::kInteger, kSizeT, 0, kLongMax, "512"},
    {"hash-max-ziplist-entries", "hash-max-listpack-entries"},
    {"hash-max-listpack-value", nullptr, T::kMemory, kSizeT, 0, kLongMax, "64"},
    {"hash-max-ziplist-value", "hash-max-listpack-value"},
    {"zset-max-listpack-entries", nullptr, T::kInteger, kSizeT, 0, kLongMax, "128"},
    {"zset-max-ziplist-entries", "zset-max-listpack-entries"},
    {"zset-max-listpack-value", nullptr, T::kMemory, kSizeT, 0, kLongMax, "64"},
    {"zset-max-ziplist-value", "zset-max-listpack-value"},
    {"list-max-listpack-size", nullptr, T::kInteger, 0, INT_MIN, INT_MAX, "-2"},
    {"list-max-ziplist-size", "list-max-listpack-size"},
    {"list-compress-depth", nullptr, T::kInteger, 0, 0, INT_MAX, "0"},
    {"set-max-intset-entries", nullptr, T::kInteger, kSizeT, 0, kLongMax, "512"},
};

}  // namespace

bool parse_memory_value(std::string_view text, uint64_t* out) {
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  std::string_view unit = text.substr(digits);
  uint64_t multiplier = 0;
  static constexpr std::pair<std::string_view, uint64_t> kUnits[] = {
      {"", 1},       {"b", 1},          {"k", 1000},       {"kb", 1024},
      {"m", 1000000}, {"mb", 1u << 20}, {"g", 1000000000}, {"gb", 1u << 30}};
  for (auto [name, value] : kUnits) {
    if (equals_ignore_case(unit, name)) multiplier = value;
  }
  if (multiplier == 0 || digits >= 128) return false;
  // Like strtoull: no digits read as 0, too many saturate; the unit
  // multiplication then wraps, as Redis's val*mul does.
  uint64_t number = 0;
  for (char c : text.substr(0, digits)) {
    auto digit = static_cast<uint64_t>(c - '0');
    number = number > (UINT64_MAX - digit) / 10 ? UINT64_MAX : number * 10 + digit;
  }
  *out = number * multiplier;
  return true;
}

namespace {

bool check_bounds(const ConfigParam& param, int64_t value, std::string* error) {
  if (param.flags & kConfigUnsigned) {
    auto number = static_cast<uint64_t>(value);
    auto low = static_cast<uint64_t>(param.low), high = static_cast<uint64_t>(param.high);
    if (number >= low && number <= high) return true;
    *error = "argument must be between " + std::to_string(low) + " and " + std::to_string(high) +
             " inclusive";
    return false;
  }
  if (value >= param.low && value <= param.high) return true;
  *error = "argument must be between " + std::to_string(param.low) + " and " +
           std::to_string(param.high) + " inclusive";
  return false;
}

bool normalize_number(const ConfigParam& param, std::string_view value, std::string* normalized,
                      std::string* error) {
  int64_t number = 0;
  if (param.type == ConfigType::kMemory) {
    uint64_t bytes = 0;
    if (!parse_memory_value(value, &bytes)) {
      *error = "argument must be a memory value";
      return false;
    }
    number = static_cast<int64_t>(bytes);
  } else if (!parse_int64(value, &number)) {
    *error = "argument couldn't be parsed into an integer";
    return false;
  }
  if (!check_bounds(param, number, error)) return false;
  *normalized = (param.flags & kConfigUnsigned) ? std::to_string(static_cast<uint64_t>(number))
                                                : std::to_string(number);
  return true;
}

}  // namespace

std::vector<std::string_view> split_config_words(std::string_view value) {
  std::vector<std::string_view> words;
  if (value.empty()) return words;
  size_t start = 0;
  for (;;) {
    size_t space = value.find(' ', start);
    words.push_back(value.substr(start, space - start));
    if (space == std::string_view::npos) break;
    start = space + 1;
  }
  return words;
}

namespace {

// "seconds changes" pairs, seconds >= 1, changes >= 0 (setConfigSaveOption).
bool normalize_save(std::string_view value, std::string* normalized, std::string* error) {
  auto words = split_config_words(value);
  bool ok = words.size() % 2 == 0;
  std::string text;
  for (size_t i = 0; ok && i < words.size(); ++i) {
    int64_t number = 0;
    ok = parse_int64(words[i], &number) && number >= (i % 2 == 0 ? 1 : 0);
    if (ok) text += (i ? " " : "") + std::to_string(number);
  }
  if (!ok) {
    *error = "Invalid save parameters";
    return false;
  }
  *normalized = text;
  return true;
}

// notify.c's keyspaceEventsStringToFlags and keyspaceEventsFlagsToString.
constexpr std::string_view kEventClasses = "g$lshzxetdn";  // the classes 'A' stands for, in order
bool normalize_keyspace_events(std::string_view value, std::string* normalized,
                               std::string* error) {
  std::string classes;
  bool keyspace = false, keyevent = false, miss = false;
  for (char c : value) {
    if (c == 'A') {
      classes = kEventClasses;
    } else if (c == 'K') {
      keyspace = true;
    } else if (c == 'E') {
      keyevent = true;
    } else if (c == 'm') {
      miss = true;
    } else if (kEventClasses.find(c) != std::string_view::npos) {
      if (classes.find(c) == std::string::npos) classes.push_back(c);
    } else {
      *error = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";
      return false;
    }
  }
  std::string text;
  if (classes.size() == kEventClasses.size()) {
    text = "A";
  } else {
    for (char c : kEventClasses) {
      if (classes.find(c) != std::string::npos) text.push_back(c);
    }
  }
  if (keyspace) text += 'K';
  if (keyevent) text += 'E';
  if (miss) text += 'm';
  *normalized = text;
  return true;
}

// setConfigLatencyTrackingInfoPercentilesOutputOption: numbers within
// 0..100 (no words: none), read back as "%f" without trailing zeros.
bool normalize_percentiles(std::string_view value, std::string* normalized, std::string* error) {
  std::string text;
  for (std::string_view word : split_config_words(value)) {
    double percentile = 0;
    if (!parse_double(word, &percentile)) {
      *error = "Invalid latency-tracking-info-percentiles parameters";
      return false;
    }
    if (percentile > 100.0 || percentile < 0.0) {
      *error = "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]";
      return false;
    }
    std::string number = fmt::format("{:f}", percentile);
    number.erase(number.find_last_not_of('0') + 1);
    if (number.back() == '.') number.pop_back();
    text += (text.empty() ? "" : " ") + number;
  }
  *normalized = text;
  return true;
}

// The value a parameter had when the server started: from the flags and
// config file for the settings ringkv itself reads, Redis's default else.
std::string startup_value(const server::Config& config, const ConfigParam& param) {
  std::string_view name = param.name;
  if (name == "port") return std::to_string(config.port);
  if (name == "bind") {
    std::string text;
    for (const std::string& address : config.bind) text += (text.empty() ? "" : " ") + address;
    return text;
  }
  if (name == "dir") {
    std::error_code ignored;
    return std::filesystem::absolute(config.dir, ignored).lexically_normal().string();
  }
  if (name == "appendfsync") return config.appendfsync;
  if (name == "requirepass") return config.requirepass;
  if (name == "databases") return std::to_string(config.databases);
  if (name == "maxclients") return std::to_string(config.maxclients);
  if (name == "loglevel") return config.loglevel;
  if (name == "logfile") return config.logfile;
  if (name == "protected-mode") return config.protected_mode ? "yes" : "no";
  if (name == "cache-size") return std::to_string(config.cache_bytes);
  if (name == "server_cpulist") return config.server_cpulist;
  if (name == "proto-max-bulk-len") return std::to_string(config.proto_max_bulk_len);
  if (name == "client-query-buffer-limit") return std::to_string(config.client_query_buffer_limit);
  return param.default_value;
}

store::AppendFsync fsync_mode(std::string_view name) {
  if (name == "always") return store::AppendFsync::kAlways;
  if (name == "no") return store::AppendFsync::kNo;
  return store::AppendFsync::kEverySec;
}

}  // namespace

std::span<const ConfigParam> config_params() { return kParams; }

const ConfigParam* find_config_param(std::string_view name) {
  for (const ConfigParam& param : kParams) {
    if (equals_ignore_case(param.name, name)) return &param;
  }
  return nullptr;
}

const ConfigParam& canonical(const ConfigParam& param) {
  return param.alias_of == nullptr ? param : *find_config_param(param.alias_of);
}

bool normalize_config_value(const ConfigParam& alias, std::string_view value,
                            std::string* normalized, std::string* error) {
  const ConfigParam& param = canonical(alias);
  switch (param.type) {
    case ConfigType::kInteger:
    case ConfigType::kMemory:
      return normalize_number(param, value, normalized, error);
    case ConfigType::kBool:
      if (!equals_ignore_case(value, "yes") && !equals_ignore_case(value, "no")) {
        *error = "argument must be 'yes' or 'no'";
        return false;
      }
      *normalized = lower(value);
      return true;
    case ConfigType::kEnum: {
      std::string choices;
      for (const char* const* choice = param.choices; *choice != nullptr; ++choice) {
        if (equals_ignore_case(*choice, value)) {
          *normalized = *choice;
          return true;
        }
        choices += (choices.empty() ? "" : ", ") + std::string(*choice);
      }
      *error = "argument(s) must be one of the following: " + choices;
      return false;
    }
    case ConfigType::kSave:
      return normalize_save(value, normalized, error);
    case ConfigType::kBind: {
      std::string text;
      for (std::string_view word : split_config_words(value)) {
        text += (text.empty() ? "" : " ") + std::string(word);
      }
      *normalized = text;
      return true;
    }
    case ConfigType::kKeyspaceEvents:
      return normalize_keyspace_events(value, normalized, error);
    case ConfigType::kOutputBufferLimit:
      return normalize_output_buffer_limits(value, normalized, error);
    case ConfigType::kPercentiles:
      return normalize_percentiles(value, normalized, error);
    case ConfigType::kString:
      break;
  }
  *normalized = std::string(value);
  return true;
}

std::string config_value(const server::Engine& engine, const ConfigParam& alias,
                         const std::map<std::string, std::string>& settings) {
  const ConfigParam& param = canonical(alias);
  auto it = settings.find(param.name);
  return it != settings.end() ? it->second : startup_value(engine.config(), param);
}

void apply_config_value(server::Engine& engine, const ConfigParam& alias,
                        const std::string& normalized) {
  const ConfigParam& param = canonical(alias);
  std::string_view name = param.name;
  if (param.type == ConfigType::kOutputBufferLimit) {
    // A SET names only the classes it changes.
    std::string full = merge_output_buffer_limits(
        config_value(engine, param, engine.settings_snapshot()), normalized);
    publish_output_buffer_limits(engine, full);
    engine.set_setting(param.name, std::move(full));
    return;
  }
  engine.set_setting(param.name, normalized);
  int64_t number = 0;
  bool numeric = parse_int64(normalized, &number);
  if (name == "appendfsync") {
    store::AppendFsync mode = fsync_mode(normalized);
    engine.appendfsync = static_cast<int>(mode);
    for (int s = 0; s < engine.shard_count(); ++s) engine.shard(s).store().set_fsync_mode(mode);
  } else if (name == "requirepass") {
    engine.set_requirepass(normalized);
  } else if (name == "maxclients" && numeric) {
    engine.maxclients = number;
  } else if (name == "proto-max-bulk-len" && numeric) {
    engine.proto_max_bulk_len = number;
  } else if (name == "client-query-buffer-limit" && numeric) {
    engine.client_query_buffer_limit = number;
  } else if (name == "latency-tracking") {
    engine.latency_tracking = normalized == "yes";
  } else if (name == "loglevel") {
    for (int level = 0; kLogLevelChoices[level] != nullptr; ++level) {
      if (normalized == kLogLevelChoices[level]) {
        server::set_log_level(static_cast<server::LogLevel>(level));
      }
    }
  }
}

}  // namespace ringkv::cmd
