// Commands over parts of a string value: APPEND, STRLEN, GETRANGE (and its
// old name SUBSTR), SETRANGE. Writes keep the key's TTL and are bounded by
// proto-max-bulk-len like Redis's checkStringLength.
#include <optional>

#include "cmd/args.h"
#include "cmd/string_commands.h"
#include "cmd/string_value.h"

namespace ringkv::cmd {

namespace {

using store::Meta;

void append(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  std::string_view suffix = ctx.arg(2);
  std::optional<Meta> old;
  if (!lookup_string(ctx, key, StringAccess::kWrite, &old)) return;
  std::string value;
  if (old) {
    if (!check_string_length(ctx, static_cast<int64_t>(old->value.size()),
                             static_cast<int64_t>(suffix.size()))) {
      return;
    }
    value = std::move(old->value);
  }
  value.append(suffix);
  auto length = static_cast<int64_t>(value.size());
  update_string(ctx, key, std::move(value), old);
  ctx.reply.integer(length);
}

void strlen(CommandContext& ctx) {
  std::optional<Meta> meta;
  if (!lookup_string(ctx, ctx.arg(1), StringAccess::kRead, &meta)) return;
  ctx.reply.integer(meta ? static_cast<int64_t>(meta->value.size()) : 0);
}

// GETRANGE and SUBSTR: inclusive byte range, negative indexes from the end.
void getrange(CommandContext& ctx) {
  int64_t start = 0;
  int64_t end = 0;
  if (!parse_integer_arg(ctx, ctx.arg(2), &start) ||
      !parse_integer_arg(ctx, ctx.arg(3), &end)) {
    return;
  }
  std::optional<Meta> meta;
  if (!lookup_string(ctx, ctx.arg(1), StringAccess::kRead, &meta)) return;
  if (!meta) {
    ctx.reply.bulk("");
    return;
  }
  const std::string& value = meta->value;
  auto length = static_cast<int64_t>(value.size());
  if (start < 0 && end < 0 && start > end) {
    ctx.reply.bulk("");
    return;
  }
  if (start < 0) start += length;
  if (end < 0) end += length;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= length) end = length - 1;
  if (start > end || length == 0) {
    ctx.reply.bulk("");
    return;
  }
  ctx.reply.bulk(std::string_view(value).substr(static_cast<size_t>(start),
                                                static_cast<size_t>(end - start + 1)));
}

void setrange(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  std::string_view patch = ctx.arg(3);
  int64_t offset = 0;
  if (!parse_integer_arg(ctx, ctx.arg(2), &offset)) return;
  if (offset < 0) {
    ctx.reply.error("ERR offset is out of range");
    return;
  }
  std::optional<Meta> old;
  if (!lookup_string(ctx, key, StringAccess::kWrite, &old)) return;
  // Writing nothing changes nothing, whatever the offset: the reply is the
  // current length (0 for a missing key, which stays missing).
  if (patch.empty()) {
    ctx.reply.integer(old ? static_cast<int64_t>(old->value.size()) : 0);
    return;
  }
  if (!check_string_length(ctx, offset, static_cast<int64_t>(patch.size()))) return;
  std::string value = old ? std::move(old->value) : std::string();
  auto needed = static_cast<size_t>(offset) + patch.size();
  if (value.size() < needed) value.resize(needed, '\0');
  value.replace(static_cast<size_t>(offset), patch.size(), patch);
  auto length = static_cast<int64_t>(value.size());
  update_string(ctx, key, std::move(value), old);
  ctx.reply.integer(length);
}

}  // namespace

void add_string_range_commands(std::vector<CommandSpec>* table) {
  table->push_back({"append", 3, kWrite | kDenyOom | kFast, 1, 1, 1, append, "string",
                    "Append a value to a key", "2.0.0"});
  table->push_back({"strlen", 2, kReadonly | kFast, 1, 1, 1, strlen, "string",
                    "Get the length of the value stored in a key", "2.2.0"});
  table->push_back({"getrange", 4, kReadonly, 1, 1, 1, getrange, "string",
                    "Get a substring of the string stored at a key", "2.4.0"});
  table->push_back({"substr", 4, kReadonly, 1, 1, 1, getrange, "string",
                    "Get a substring of the string stored at a key", "1.0.0"});
  table->push_back({"setrange", 4, kWrite | kDenyOom, 1, 1, 1, setrange, "string",
                    "Overwrite part of a string at key starting at the specified offset",
                    "2.2.0"});
}

}  // namespace ringkv::cmd
