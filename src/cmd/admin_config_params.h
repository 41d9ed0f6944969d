// The CONFIG parameter table: every setting CONFIG GET/SET knows, how a new
// value is validated and normalized (Redis 7.0's rules for its type: integer,
// memory, yes/no, enum, save pairs, keyspace event classes) and which part of
// the running server it changes.
//
// Values live as normalized text in Engine's settings map, keyed by the
// canonical name; a parameter never set at run time reads as its start-up
// value (from server::Config) or Redis's default. Settings with an effect
// (appendfsync, requirepass, maxclients, proto-max-bulk-len,
// client-query-buffer-limit, loglevel) are also pushed into the engine when
// set. The encoding knobs (hash-max-listpack-entries...) have no storage
// meaning in ringkv; they are kept so tools read back what they set.
//
// Callers: CONFIG SET runs with every loop paused (kAllShards), so applying
// may touch every shard's store.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "server/engine.h"

namespace ringkv::cmd {

enum class ConfigType {
  kInteger,
  kMemory,
  kBool,
  kEnum,
  kString,
  kSave,
  kBind,
  kKeyspaceEvents,
  kOutputBufferLimit,  // client-output-buffer-limit (admin_output_limits.h)
  kPercentiles,        // latency-tracking-info-percentiles
};

enum ConfigFlag : uint32_t {
  kConfigImmutable = 1u << 0,  // "can't set immutable config"
  kConfigProtected = 1u << 1,  // "can't set protected config" (enable-protected-configs no)
  kConfigUnsigned = 1u << 2,   // bounds compared and printed unsigned, as Redis's size_t/uint
};

struct ConfigParam {
  const char* name;
  const char* alias_of;  // for an alias, the canonical name; else nullptr
  ConfigType type = ConfigType::kString;
  uint32_t flags = 0;
  int64_t low = 0;   // numeric bounds (inclusive)
  int64_t high = 0;  // for unsigned types read as uint64_t
  const char* default_value = "";
  const char* const* choices = nullptr;  // kEnum: nullptr-terminated names
};

// Redis's memtoull: digits then an optional unit (b, k, kb, m, mb, g, gb in
// any case); k/m/g are powers of 1000, kb/mb/gb powers of 1024.
bool parse_memory_value(std::string_view text, uint64_t* out);
// Multi-argument values are split on single spaces, as Redis's
// sdssplitlen(value, " ") does: doubled spaces make empty words.
std::vector<std::string_view> split_config_words(std::string_view value);

// All parameters, aliases included, in the order CONFIG GET lists them.
std::span<const ConfigParam> config_params();
// Case-insensitive lookup; nullptr if unknown.
const ConfigParam* find_config_param(std::string_view name);
// The parameter an alias stands for (the parameter itself otherwise).
const ConfigParam& canonical(const ConfigParam& param);

// Validates `value` for `param` with Redis's rules. On success sets
// *normalized to what CONFIG GET will report; on failure sets *error to
// Redis's reason ("argument must be a memory value"...).
bool normalize_config_value(const ConfigParam& param, std::string_view value,
                            std::string* normalized, std::string* error);

// The current value of `param`; `settings` is a snapshot of the engine's map.
std::string config_value(const server::Engine& engine, const ConfigParam& param,
                         const std::map<std::string, std::string>& settings);

// Stores a normalized value and makes it take effect.
void apply_config_value(server::Engine& engine, const ConfigParam& param,
                        const std::string& normalized);

}  // namespace ringkv::cmd
