// Redis 7.0's key specs (as recorded in admin_command_docs.h) evaluated
// over a command line, the way getKeysUsingKeySpecs does: which arguments
// are keys and with which flags. COMMAND GETKEYSANDFLAGS uses it; the
// dispatcher finds keys from CommandSpec's own key positions instead.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cmd/admin_command_docs.h"

namespace ringkv::cmd {

struct KeyWithFlags {
  size_t position;
  std::vector<std::string> flags;  // "RW", "access"... in Redis's order
};

// Evaluates the key specs (a set node of COMMAND INFO's last field) over
// `args` (args[0] is the command name). Returns false when the specs cannot
// tell: an unknown or incomplete spec, out-of-range positions, or flags
// that depend on the arguments (variable_flags) — Redis then asks the
// command's own getkeys procedure.
bool keys_from_specs(const DocNode& key_specs, std::span<const std::string_view> args,
                     std::vector<KeyWithFlags>* keys);

// The flags of keys found by the command's own key positions: SET's and
// BITFIELD's depend on their arguments (setGetKeys, bitfieldGetKeys); other
// commands get the flags of their first key spec.
std::vector<std::string> fallback_key_flags(std::string_view full_name, const DocNode& key_specs,
                                            std::span<const std::string_view> args);

}  // namespace ringkv::cmd
