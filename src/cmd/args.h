// Argument parsing shared by every family: integers, floats and the
// option words, each replying with Redis's error text on failure so a
// handler can simply `if (!parse_...(ctx, ...)) return;`.
#pragma once

#include <cstdint>
#include <string_view>

#include "cmd/command.h"

namespace ringkv::cmd {

// Replies "ERR value is not an integer or out of range" on failure.
bool parse_integer_arg(CommandContext& ctx, std::string_view text, int64_t* out);
// Same, with a custom error text.
bool parse_integer_arg(CommandContext& ctx, std::string_view text, int64_t* out,
                       std::string_view error);
// Replies "ERR value is not a valid float" on failure.
bool parse_double_arg(CommandContext& ctx, std::string_view text, double* out);
// Replies "ERR invalid expire time in '<cmd>' command" style errors itself
// where needed; this only tells case-insensitive equality.
inline bool is_option(std::string_view arg, std::string_view option) {
  return equals_ignore_case(arg, option);
}
// Parses a db index argument (SELECT, MOVE, COPY ... DB): replies
// "ERR DB index is out of range", the int range error or the integer error
// on failure.
bool parse_db_index(CommandContext& ctx, std::string_view text, int* out);

}  // namespace ringkv::cmd
