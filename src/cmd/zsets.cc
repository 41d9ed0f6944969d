// Placeholder until this family is written: registers no commands.
#include "cmd/families.h"

namespace ringkv::cmd {

void add_zset_commands(std::vector<CommandSpec>*) {}

}  // namespace ringkv::cmd
