// client-output-buffer-limit: Redis 7.0's "<class> <hard> <soft> <seconds>"
// groups (config.c's setConfigClientOutputBufferLimitOption). A CONFIG SET
// names only the classes it changes; the others keep their values. The
// "normal" class is mirrored into Engine's client_output_* atomics, which
// the network layer enforces.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/engine.h"

namespace ringkv::cmd {

struct OutputBufferLimit {
  uint64_t hard_bytes = 0;  // 0 = no limit
  uint64_t soft_bytes = 0;
  uint64_t soft_seconds = 0;
};

// Indexed by class: normal, replica ("slave"), pubsub — the order CONFIG
// GET prints them in.
using OutputBufferLimits = std::array<std::optional<OutputBufferLimit>, 3>;

inline constexpr const char* kDefaultOutputBufferLimits =
    "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60";

// Validates a CONFIG SET value. On success *normalized lists the classes it
// names (last group of a class wins) in CONFIG GET's form; on failure
// *error holds Redis's reason.
bool normalize_output_buffer_limits(std::string_view value, std::string* normalized,
                                    std::string* error);

// The full value after applying the normalized `change` to `current`.
std::string merge_output_buffer_limits(std::string_view current, std::string_view change);

// Pushes the "normal" class of a full value into the engine's atomics.
void publish_output_buffer_limits(server::Engine& engine, std::string_view full_value);

}  // namespace ringkv::cmd
