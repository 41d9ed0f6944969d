// Shared argument parsing; see args.h.
#include "cmd/args.h"

#include "server/engine.h"
#include "util/numbers.h"

namespace ringkv::cmd {

bool parse_integer_arg(CommandContext& ctx, std::string_view text, int64_t* out) {
  return parse_integer_arg(ctx, text, out, resp::kErrNotInteger);
}

bool parse_integer_arg(CommandContext& ctx, std::string_view text, int64_t* out,
                       std::string_view error) {
  if (parse_int64(text, out)) return true;
  ctx.reply.error(error);
  return false;
}

bool parse_double_arg(CommandContext& ctx, std::string_view text, double* out) {
  if (parse_double(text, out)) return true;
  ctx.reply.error(resp::kErrNotFloat);
  return false;
}

bool parse_db_index(CommandContext& ctx, std::string_view text, int* out) {
  int64_t index = 0;
  if (!parse_integer_arg(ctx, text, &index)) return false;
  // Redis reads the index with getIntFromObjectOrReply, which rejects
  // values outside int before selectDb checks the range.
  if (index < INT32_MIN || index > INT32_MAX) {
    ctx.reply.error("ERR value is out of range, value must between -2147483648 and 2147483647");
    return false;
  }
  if (index < 0 || index >= ctx.engine.config().databases) {
    ctx.reply.error("ERR DB index is out of range");
    return false;
  }
  *out = static_cast<int>(index);
  return true;
}

}  // namespace ringkv::cmd
