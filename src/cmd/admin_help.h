// HELP replies of the admin commands (CONFIG, CLIENT, COMMAND, FUNCTION),
// laid out as Redis's addReplyHelp does: a header line naming the command,
// the given lines, then the HELP entry every command shares.
#pragma once

#include <initializer_list>
#include <string_view>

#include "resp/reply_writer.h"

namespace ringkv::cmd {

// `command` in upper case ("CONFIG"); each line becomes one status reply.
void reply_help(resp::ReplyWriter& reply, std::string_view command,
                std::initializer_list<std::string_view> lines);

// Redis's addReplySubcommandSyntaxError: "ERR unknown subcommand or wrong
// number of arguments for '<args[1]>'. Try <ARGS[0]> HELP."
void reply_subcommand_syntax_error(resp::ReplyWriter& reply, std::string_view command,
                                   std::string_view subcommand);

}  // namespace ringkv::cmd
