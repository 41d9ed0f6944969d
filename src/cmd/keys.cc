// Generic key commands (Redis's db.c counterpart): existence, deletion,
// type, renaming, copying and moving between dbs. Values of any type move
// through copy_value() (key_copy.h). KEYS, SCAN and RANDOMKEY live in
// key_scan.cc, OBJECT in key_object.cc; add_key_commands() registers all.
#include <optional>
#include <string>
#include <vector>

#include "cmd/args.h"
#include "cmd/families.h"
#include "cmd/key_commands.h"
#include "cmd/key_copy.h"
#include "server/engine.h"

namespace ringkv::cmd {

std::string_view type_name(store::ValueType type) {
  switch (type) {
    case store::ValueType::kString:
      return "string";
    case store::ValueType::kHash:
      return "hash";
    case store::ValueType::kList:
      return "list";
    case store::ValueType::kSet:
      return "set";
    case store::ValueType::kZset:
      return "zset";
  }
  return "none";
}

namespace {

constexpr std::string_view kErrSameObject = "ERR source and destination objects are the same";

// ---- existence and deletion ----

void del(CommandContext& ctx) {
  int64_t removed = 0;
  for (size_t i = 1; i < ctx.argc(); ++i) {
    store::Keyspace& keyspace = ctx.keyspace(ctx.arg(i));
    auto meta = keyspace.lookup(ctx.db, ctx.arg(i), ctx.now_ms);
    if (!meta) continue;
    // A collection's members die with its metadata; the sweep reclaims them.
    keyspace.remove(ctx.db, ctx.arg(i), *meta);
    ++removed;
  }
  ctx.reply.integer(removed);
}

// EXISTS and TOUCH count every argument, repeated ones included. EXISTS
// only inspects; TOUCH is an access (OBJECT IDLETIME starts again).
void count_existing(CommandContext& ctx, bool touch) {
  int64_t found = 0;
  for (size_t i = 1; i < ctx.argc(); ++i) {
    store::Keyspace& keyspace = ctx.keyspace(ctx.arg(i));
    auto meta = touch ? keyspace.lookup(ctx.db, ctx.arg(i), ctx.now_ms)
                      : keyspace.peek(ctx.db, ctx.arg(i), ctx.now_ms);
    if (meta) ++found;
  }
  ctx.reply.integer(found);
}

void exists(CommandContext& ctx) { count_existing(ctx, false); }
void touch(CommandContext& ctx) { count_existing(ctx, true); }

void type(CommandContext& ctx) {
  auto meta = ctx.keyspace(ctx.arg(1)).peek(ctx.db, ctx.arg(1), ctx.now_ms);
  ctx.reply.simple(meta ? type_name(meta->type) : "none");
}

// ---- renaming, copying, moving ----

void rename_key(CommandContext& ctx, bool only_if_new) {
  std::string_view source_key = ctx.arg(1);
  std::string_view target_key = ctx.arg(2);
  store::Keyspace& from = ctx.keyspace(source_key);
  auto source = from.lookup(ctx.db, source_key, ctx.now_ms);
  if (!source) {
    ctx.reply.error(resp::kErrNoSuchKey);
    return;
  }
  if (source_key == target_key) {
    if (only_if_new) {
      ctx.reply.integer(0);
    } else {
      ctx.reply.ok();
    }
    return;
  }
  store::Keyspace& to = ctx.keyspace(target_key);
  auto target = to.lookup(ctx.db, target_key, ctx.now_ms);
  if (target && only_if_new) {
    ctx.reply.integer(0);
    return;
  }
  // Both shards are owned by this thread for the whole command (the
  // dispatcher runs cross-loop commands exclusively), so no one sees the
  // key under both names or under neither.
  copy_value(from, ctx.db, source_key, *source, to, ctx.db, target_key, target);
  from.remove(ctx.db, source_key, *source);
  if (only_if_new) {
    ctx.reply.integer(1);
  } else {
    ctx.reply.ok();
  }
}

void rename(CommandContext& ctx) { rename_key(ctx, false); }
void renamenx(CommandContext& ctx) { rename_key(ctx, true); }

void copy(CommandContext& ctx) {
  std::string_view source_key = ctx.arg(1);
  std::string_view target_key = ctx.arg(2);
  int target_db = ctx.db;
  bool replace = false;
  for (size_t i = 3; i < ctx.argc(); ++i) {
    if (is_option(ctx.arg(i), "REPLACE")) {
      replace = true;
    } else if (is_option(ctx.arg(i), "DB") && i + 1 < ctx.argc()) {
      if (!parse_db_index(ctx, ctx.arg(i + 1), &target_db)) return;
      ++i;
    } else {
      ctx.reply.error(resp::kErrSyntax);
      return;
    }
  }
  if (target_db == ctx.db && source_key == target_key) {
    ctx.reply.error(kErrSameObject);
    return;
  }
  store::Keyspace& from = ctx.keyspace(source_key);
  auto source = from.lookup(ctx.db, source_key, ctx.now_ms);
  if (!source) {
    ctx.reply.integer(0);
    return;
  }
  // Shards hold every db, so the target's shard depends on its name only.
  store::Keyspace& to = ctx.keyspace(target_key);
  auto target = to.lookup(target_db, target_key, ctx.now_ms);
  if (target && !replace) {
    ctx.reply.integer(0);
    return;
  }
  copy_value(from, ctx.db, source_key, *source, to, target_db, target_key, target);
  ctx.reply.integer(1);
}

void move(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  int target_db = 0;
  if (!parse_db_index(ctx, ctx.arg(2), &target_db)) return;
  if (target_db == ctx.db) {
    ctx.reply.error(kErrSameObject);
    return;
  }
  store::Keyspace& keyspace = ctx.keyspace(key);
  auto source = keyspace.lookup(ctx.db, key, ctx.now_ms);
  if (!source || keyspace.exists(target_db, key, ctx.now_ms)) {
    ctx.reply.integer(0);
    return;
  }
  copy_value(keyspace, ctx.db, key, *source, keyspace, target_db, key, std::nullopt);
  keyspace.remove(ctx.db, key, *source);
  ctx.reply.integer(1);
}

}  // namespace

void add_key_commands(std::vector<CommandSpec>* table) {
  table->push_back({"del", -2, kWrite, 1, -1, 1, del, "generic", "Delete a key", "1.0.0"});
  table->push_back({"unlink", -2, kWrite | kFast, 1, -1, 1, del, "generic",
                    "Delete a key asynchronously in another thread. Otherwise it is just as DEL, "
                    "but non blocking.",
                    "4.0.0"});
  table->push_back({"exists", -2, kReadonly | kFast, 1, -1, 1, exists, "generic",
                    "Determine if a key exists", "1.0.0"});
  table->push_back({"touch", -2, kReadonly | kFast, 1, -1, 1, touch, "generic",
                    "Alters the last access time of a key(s). Returns the number of existing keys "
                    "specified.",
                    "3.2.1"});
  table->push_back({"type", 2, kReadonly | kFast, 1, 1, 1, type, "generic",
                    "Determine the type stored at key", "1.0.0"});
  table->push_back({"rename", 3, kWrite, 1, 2, 1, rename, "generic", "Rename a key", "1.0.0"});
  table->push_back({"renamenx", 3, kWrite | kFast, 1, 2, 1, renamenx, "generic",
                    "Rename a key, only if the new key does not exist", "1.0.0"});
  table->push_back({"copy", -3, kWrite | kDenyOom, 1, 2, 1, copy, "generic", "Copy a key",
                    "6.2.0"});
  table->push_back({"move", 3, kWrite | kFast, 1, 1, 1, move, "generic",
                    "Move a key to another database", "1.0.0"});
  add_key_scan_commands(table);
  add_key_object_commands(table);
  add_key_memory_commands(table);
}

}  // namespace ringkv::cmd
