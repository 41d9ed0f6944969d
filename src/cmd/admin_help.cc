// HELP replies in Redis's addReplyHelp layout.
#include "cmd/admin_help.h"

#include <string>

#include "cmd/command.h"

namespace ringkv::cmd {

void reply_help(resp::ReplyWriter& reply, std::string_view command,
                std::initializer_list<std::string_view> lines) {
  reply.array(lines.size() + 3);
  reply.simple(std::string(command) + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
  for (std::string_view line : lines) reply.simple(line);
  reply.simple("HELP");
  reply.simple("    Prints this help.");
}

void reply_subcommand_syntax_error(resp::ReplyWriter& reply, std::string_view command,
                                   std::string_view subcommand) {
  reply.error("ERR unknown subcommand or wrong number of arguments for '" +
              std::string(subcommand.substr(0, 128)) + "'. Try " + upper(command) + " HELP.");
}

}  // namespace ringkv::cmd
