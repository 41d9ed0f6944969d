// Hash command handlers that live outside hashes.cc (which registers every
// hash command).
#pragma once

#include "cmd/command.h"

namespace ringkv::cmd {

void hrandfield(CommandContext& ctx);  // hash_random.cc

}  // namespace ringkv::cmd
