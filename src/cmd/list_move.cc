// List commands that pop from one list and push to another or reply which
// key they popped from: RPOPLPUSH, LMOVE and LMPOP. Their keys may live in
// different shards; the dispatcher runs such a command exclusively, so
// both lists change atomically (the key specs below name every key).
#include <algorithm>
#include <cstdint>
#include <span>
#include <string>

#include "cmd/args.h"
#include "cmd/list_commands.h"
#include "cmd/list_key.h"
#include "util/numbers.h"

namespace ringkv::cmd {

namespace {

// Redis's lmoveGenericCommand: nothing happens unless the source holds a
// list and the destination holds a list or nothing.
void move_generic(CommandContext& ctx, ListEnd from_end, ListEnd to_end) {
  std::string_view source_key = ctx.arg(1);
  std::string_view destination_key = ctx.arg(2);
  ListKey source(ctx, source_key);
  if (source.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
  if (!source.exists()) return ctx.reply.null();
  if (source_key == destination_key) {
    // One list: rotate it in place (a second ListKey would see stale bounds).
    std::string element = source.pop(from_end);
    source.push(to_end, element);
    source.save();
    return ctx.reply.bulk(element);
  }
  ListKey destination(ctx, destination_key);
  if (destination.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
  std::string element = source.pop(from_end);
  destination.push(to_end, element);
  source.save();
  destination.save();
  ctx.reply.bulk(element);
}

void rpoplpush(CommandContext& ctx) { move_generic(ctx, ListEnd::kTail, ListEnd::kHead); }

void lmove(CommandContext& ctx) {
  ListEnd from_end;
  ListEnd to_end;
  if (!parse_list_end(ctx, ctx.arg(3), &from_end) || !parse_list_end(ctx, ctx.arg(4), &to_end)) {
    return;
  }
  move_generic(ctx, from_end, to_end);
}

// LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]: the keys are the
// numkeys arguments after numkeys (none when numkeys is invalid: the
// handler then fails before touching a key).
void lmpop_keys(std::span<const std::string_view> args, std::vector<size_t>* positions) {
  int64_t numkeys = 0;
  if (args.size() < 3 || !parse_int64(args[1], &numkeys) || numkeys < 1) return;
  for (size_t i = 2; i < args.size() && i - 2 < static_cast<uint64_t>(numkeys); ++i) {
    positions->push_back(i);
  }
}

struct LmpopArguments {
  size_t numkeys = 0;
  ListEnd end = ListEnd::kHead;
  int64_t count = 1;
};

// Parses like Redis's lmpopGenericCommand, replying its errors.
bool parse_lmpop(CommandContext& ctx, LmpopArguments* parsed) {
  int64_t numkeys = 0;
  if (!parse_int64(ctx.arg(1), &numkeys) || numkeys < 1) {
    ctx.reply.error("ERR numkeys should be greater than 0");
    return false;
  }
  // The direction follows the keys; it must exist.
  if (numkeys > static_cast<int64_t>(ctx.argc()) - 3) {
    ctx.reply.error(resp::kErrSyntax);
    return false;
  }
  parsed->numkeys = static_cast<size_t>(numkeys);
  size_t where = 2 + parsed->numkeys;
  if (!parse_list_end(ctx, ctx.arg(where), &parsed->end)) return false;
  bool has_count = false;
  for (size_t i = where + 1; i < ctx.argc(); ++i) {
    if (!has_count && is_option(ctx.arg(i), "COUNT") && i + 1 < ctx.argc()) {
      has_count = true;
      if (!parse_int64(ctx.arg(++i), &parsed->count) || parsed->count < 1) {
        ctx.reply.error("ERR count should be greater than 0");
        return false;
      }
    } else {
      ctx.reply.error(resp::kErrSyntax);
      return false;
    }
  }
  return true;
}

// Pops from the first non-empty list: [key, [elements]], or a null array
// when every key is missing. A key of another type met first is WRONGTYPE.
void lmpop(CommandContext& ctx) {
  LmpopArguments parsed;
  if (!parse_lmpop(ctx, &parsed)) return;
  for (size_t i = 0; i < parsed.numkeys; ++i) {
    ListKey list(ctx, ctx.arg(2 + i));
    if (list.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
    if (!list.exists()) continue;
    uint64_t popped = std::min(static_cast<uint64_t>(parsed.count), list.length());
    ctx.reply.array(2);
    ctx.reply.bulk(list.name());
    ctx.reply.array(popped);
    list.pop(parsed.end, popped, [&](std::string&& element) { ctx.reply.bulk(element); });
    list.save();
    return;
  }
  ctx.reply.null_array();
}

}  // namespace

void add_list_move_commands(std::vector<CommandSpec>* table) {
  table->push_back({"rpoplpush", 3, kWrite | kDenyOom, 1, 2, 1, rpoplpush, "list",
                    "Remove the last element in a list, prepend it to another list and return it",
                    "1.2.0"});
  table->push_back({"lmove", 5, kWrite | kDenyOom, 1, 2, 1, lmove, "list",
                    "Pop an element from a list, push it to another list and return it",
                    "6.2.0"});
  CommandSpec lmpop_spec{"lmpop", -4, kWrite, 0, 0, 0, lmpop, "list",
                         "Pop elements from a list", "7.0.0"};
  lmpop_spec.key_finder = lmpop_keys;
  table->push_back(std::move(lmpop_spec));
}

}  // namespace ringkv::cmd
