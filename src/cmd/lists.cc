// List commands (t_list.c's counterpart): pushes, pops, LLEN, LRANGE,
// LINDEX and LSET here; LINSERT, LREM, LTRIM and LPOS in list_edit.cc;
// RPOPLPUSH, LMOVE and LMPOP in list_move.cc. Every handler works through
// ListKey (list_key.h). This file registers them all.
//
// The blocking forms (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP) are not
// registered: clients get "unknown command" rather than a BLPOP that never
// blocks.
#include <algorithm>

#include "cmd/args.h"
#include "cmd/families.h"
#include "cmd/list_commands.h"
#include "cmd/list_key.h"

namespace ringkv::cmd {

namespace {

// LPUSH, RPUSH and (only_existing) LPUSHX, RPUSHX.
void push_generic(CommandContext& ctx, ListEnd end, bool only_existing) {
  ListKey list(ctx, ctx.arg(1));
  if (list.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
  if (only_existing && !list.exists()) return ctx.reply.integer(0);
  for (size_t i = 2; i < ctx.argc(); ++i) list.push(end, ctx.arg(i));
  uint64_t length = list.length();
  list.save();
  ctx.reply.integer(static_cast<int64_t>(length));
}

void lpush(CommandContext& ctx) { push_generic(ctx, ListEnd::kHead, false); }
void rpush(CommandContext& ctx) { push_generic(ctx, ListEnd::kTail, false); }
void lpushx(CommandContext& ctx) { push_generic(ctx, ListEnd::kHead, true); }
void rpushx(CommandContext& ctx) { push_generic(ctx, ListEnd::kTail, true); }

// LPOP and RPOP: one element as a bulk, or with a count an array (which
// is a null array for a missing key and empty for a count of 0).
void pop_generic(CommandContext& ctx, ListEnd end) {
  if (ctx.argc() > 3) return reply_wrong_arity(ctx.reply, ctx.arg(0));
  bool has_count = ctx.argc() == 3;
  int64_t count = 1;
  if (has_count &&
      !parse_non_negative(ctx, ctx.arg(2), &count, "ERR value is out of range, must be positive")) {
    return;
  }
  ListKey list(ctx, ctx.arg(1));
  if (list.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
  if (!list.exists()) return has_count ? ctx.reply.null_array() : ctx.reply.null();
  if (!has_count) {
    ctx.reply.bulk(list.pop(end));
  } else {
    uint64_t popped = std::min(static_cast<uint64_t>(count), list.length());
    ctx.reply.array(popped);
    if (popped == 0) return;
    list.pop(end, popped, [&](std::string&& element) { ctx.reply.bulk(element); });
  }
  list.save();
}

void lpop(CommandContext& ctx) { pop_generic(ctx, ListEnd::kHead); }
void rpop(CommandContext& ctx) { pop_generic(ctx, ListEnd::kTail); }

void llen(CommandContext& ctx) {
  ListKey list(ctx, ctx.arg(1));
  if (list.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
  ctx.reply.integer(static_cast<int64_t>(list.length()));
}

void lrange(CommandContext& ctx) {
  int64_t start = 0;
  int64_t stop = 0;
  if (!parse_integer_arg(ctx, ctx.arg(2), &start) || !parse_integer_arg(ctx, ctx.arg(3), &stop)) {
    return;
  }
  ListKey list(ctx, ctx.arg(1));
  if (list.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
  auto length = static_cast<int64_t>(list.length());
  // Redis's index rules: negative counts from the tail, start clamps to 0,
  // stop to the last element; an empty range is an empty array.
  if (start < 0) start += length;
  if (stop < 0) stop += length;
  if (start < 0) start = 0;
  if (start > stop || start >= length) return ctx.reply.array(0);
  if (stop >= length) stop = length - 1;
  auto count = static_cast<uint64_t>(stop - start + 1);
  ctx.reply.array(count);
  list.visit(static_cast<uint64_t>(start), [&](uint64_t, std::string_view element) {
    ctx.reply.bulk(element);
    return --count > 0;
  });
}

// A position from a Redis index (negative from the tail); false when it
// falls outside the list.
bool list_position(int64_t index, uint64_t length, uint64_t* position) {
  auto signed_length = static_cast<int64_t>(length);
  if (index < 0) index += signed_length;
  if (index < 0 || index >= signed_length) return false;
  *position = static_cast<uint64_t>(index);
  return true;
}

void lindex(CommandContext& ctx) {
  ListKey list(ctx, ctx.arg(1));
  if (list.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
  if (!list.exists()) return ctx.reply.null();
  int64_t index = 0;
  if (!parse_integer_arg(ctx, ctx.arg(2), &index)) return;
  uint64_t position = 0;
  if (!list_position(index, list.length(), &position)) return ctx.reply.null();
  ctx.reply.bulk(list.get(position));
}

void lset(CommandContext& ctx) {
  ListKey list(ctx, ctx.arg(1));
  if (list.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
  if (!list.exists()) return ctx.reply.error(resp::kErrNoSuchKey);
  int64_t index = 0;
  if (!parse_integer_arg(ctx, ctx.arg(2), &index)) return;
  uint64_t position = 0;
  if (!list_position(index, list.length(), &position)) {
    return ctx.reply.error("ERR index out of range");
  }
  list.set(position, ctx.arg(3));
  list.save();  // same metadata, but the key changed (WATCH, idle time)
  ctx.reply.ok();
}

}  // namespace

void add_list_commands(std::vector<CommandSpec>* table) {
  table->push_back({"lpush", -3, kWrite | kDenyOom | kFast, 1, 1, 1, lpush, "list",
                    "Prepend one or multiple elements to a list", "1.0.0"});
  table->push_back({"rpush", -3, kWrite | kDenyOom | kFast, 1, 1, 1, rpush, "list",
                    "Append one or multiple elements to a list", "1.0.0"});
  table->push_back({"lpushx", -3, kWrite | kDenyOom | kFast, 1, 1, 1, lpushx, "list",
                    "Prepend an element to a list, only if the list exists", "2.2.0"});
  table->push_back({"rpushx", -3, kWrite | kDenyOom | kFast, 1, 1, 1, rpushx, "list",
                    "Append an element to a list, only if the list exists", "2.2.0"});
  table->push_back({"lpop", -2, kWrite | kFast, 1, 1, 1, lpop, "list",
                    "Remove and get the first elements in a list", "1.0.0"});
  table->push_back({"rpop", -2, kWrite | kFast, 1, 1, 1, rpop, "list",
                    "Remove and get the last elements in a list", "1.0.0"});
  table->push_back({"llen", 2, kReadonly | kFast, 1, 1, 1, llen, "list",
                    "Get the length of a list", "1.0.0"});
  table->push_back({"lrange", 4, kReadonly, 1, 1, 1, lrange, "list",
                    "Get a range of elements from a list", "1.0.0"});
  table->push_back({"lindex", 3, kReadonly, 1, 1, 1, lindex, "list",
                    "Get an element from a list by its index", "1.0.0"});
  table->push_back({"lset", 4, kWrite | kDenyOom, 1, 1, 1, lset, "list",
                    "Set the value of an element in a list by its index", "1.0.0"});
  add_list_edit_commands(table);
  add_list_move_commands(table);
}

}  // namespace ringkv::cmd
