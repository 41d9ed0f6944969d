// Set command handlers that live outside sets.cc (which registers every set
// command).
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "cmd/command.h"

namespace ringkv::cmd {

// set_random.cc
void spop(CommandContext& ctx);
void srandmember(CommandContext& ctx);

// set_algebra.cc
void sinter(CommandContext& ctx);  // also SMEMBERS' reply shape
void sintercard(CommandContext& ctx);
void sinterstore(CommandContext& ctx);
void sunion(CommandContext& ctx);
void sunionstore(CommandContext& ctx);
void sdiff(CommandContext& ctx);
void sdiffstore(CommandContext& ctx);
// SINTERCARD's keys: `numkeys` keys after the numkeys argument.
void sintercard_keys(std::span<const std::string_view> args, std::vector<size_t>* positions);

}  // namespace ringkv::cmd
