// client-output-buffer-limit parsing and merging; see admin_output_limits.h.
#include "cmd/admin_output_limits.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>

#include "cmd/admin_config_params.h"
#include "cmd/command.h"

namespace ringkv::cmd {

namespace {

constexpr const char* kClassNames[] = {"normal", "slave", "pubsub"};

// getClientTypeByName: "master" is a client type but has no buffer limit.
int class_index(std::string_view name) {
  if (equals_ignore_case(name, "normal")) return 0;
  if (equals_ignore_case(name, "slave") || equals_ignore_case(name, "replica")) return 1;
  if (equals_ignore_case(name, "pubsub")) return 2;
  return -1;
}

// Redis reads the seconds with strtoll into an int and accepts anything
// strtoll consumes whole (an empty word is 0); only negatives are refused.
bool parse_seconds(std::string_view word, uint64_t* out) {
  std::string text(word);
  char* end = nullptr;
  errno = 0;
  auto seconds = static_cast<int>(std::strtoll(text.c_str(), &end, 10));
  if (seconds < 0 || *end != '\0') return false;
  *out = static_cast<uint64_t>(seconds);
  return true;
}

bool parse_groups(std::string_view value, OutputBufferLimits* limits, std::string* error) {
  auto words = split_config_words(value);
  if (words.size() % 4 != 0) {
    *error = "Wrong number of arguments in buffer limit configuration.";
    return false;
  }
  for (size_t i = 0; i < words.size(); i += 4) {
    int index = class_index(words[i]);
    if (index < 0) {
      *error = "Invalid client class specified in buffer limit configuration.";
      return false;
    }
    OutputBufferLimit limit;
    if (!parse_memory_value(words[i + 1], &limit.hard_bytes) ||
        !parse_memory_value(words[i + 2], &limit.soft_bytes) ||
        !parse_seconds(words[i + 3], &limit.soft_seconds)) {
      *error = "Error in hard, soft or soft_seconds setting in buffer limit configuration.";
      return false;
    }
    (*limits)[static_cast<size_t>(index)] = limit;
  }
  return true;
}

std::string format_groups(const OutputBufferLimits& limits) {
  std::string text;
  for (size_t i = 0; i < limits.size(); ++i) {
    if (!limits[i]) continue;
    text += fmt::format("{}{} {} {} {}", text.empty() ? "" : " ", kClassNames[i],
                        limits[i]->hard_bytes, limits[i]->soft_bytes, limits[i]->soft_seconds);
  }
  return text;
}

}  // namespace

bool normalize_output_buffer_limits(std::string_view value, std::string* normalized,
                                    std::string* error) {
  OutputBufferLimits limits;
  if (!parse_groups(value, &limits, error)) return false;
  *normalized = format_groups(limits);
  return true;
}

std::string merge_output_buffer_limits(std::string_view current, std::string_view change) {
  OutputBufferLimits limits;
  std::string ignored;
  if (!parse_groups(current, &limits, &ignored)) {
    parse_groups(kDefaultOutputBufferLimits, &limits, &ignored);
  }
  OutputBufferLimits changed;
  parse_groups(change, &changed, &ignored);
  for (size_t i = 0; i < limits.size(); ++i) {
    if (changed[i]) limits[i] = changed[i];
  }
  return format_groups(limits);
}

void publish_output_buffer_limits(server::Engine& engine, std::string_view full_value) {
  OutputBufferLimits limits;
  std::string ignored;
  if (!parse_groups(full_value, &limits, &ignored) || !limits[0]) return;
  engine.client_output_hard_limit.store(limits[0]->hard_bytes, std::memory_order_relaxed);
  engine.client_output_soft_limit.store(limits[0]->soft_bytes, std::memory_order_relaxed);
  engine.client_output_soft_seconds.store(limits[0]->soft_seconds, std::memory_order_relaxed);
}

}  // namespace ringkv::cmd
