// Set commands (t_set.c's counterpart): each member is one member record
// (member → "") of the set's current version, Meta::count is the number of
// members. SPOP and SRANDMEMBER live in set_random.cc, the intersection,
// union and difference commands in set_algebra.cc, SSCAN's body in
// hash_set_scan.cc; this file registers them all.
#include <string>

#include "cmd/args.h"
#include "cmd/collection_key.h"
#include "cmd/families.h"
#include "cmd/hash_set_common.h"
#include "cmd/hash_set_scan.h"
#include "cmd/set_commands.h"

namespace ringkv::cmd {

namespace {

using store::ValueType;

bool is_member(CollectionKey& set, std::string_view member) {
  std::string unused;
  return set.exists() && set.members().get(member, &unused);
}

void sadd(CommandContext& ctx) {
  CollectionKey set(ctx, ctx.arg(1), ValueType::kSet);
  if (!check_write(ctx, set)) return;
  int64_t added = 0;
  std::string unused;
  for (size_t i = 2; i < ctx.argc(); ++i) {
    if (set.members().get(ctx.arg(i), &unused)) continue;
    set.members().put(ctx.arg(i), {});
    set.meta().count += 1;
    ++added;
  }
  if (added > 0) set.save();
  ctx.reply.integer(added);
}

void srem(CommandContext& ctx) {
  CollectionKey set(ctx, ctx.arg(1), ValueType::kSet);
  if (!check_write(ctx, set)) return;
  int64_t removed = 0;
  // Redis stops at the last member: further names cannot match anything.
  for (size_t i = 2; i < ctx.argc() && set.meta().count > 0; ++i) {
    if (!is_member(set, ctx.arg(i))) continue;
    set.members().del(ctx.arg(i));
    set.meta().count -= 1;
    ++removed;
  }
  if (removed > 0) set.save();
  ctx.reply.integer(removed);
}

void scard(CommandContext& ctx) {
  CollectionKey set(ctx, ctx.arg(1), ValueType::kSet);
  if (!check_read(ctx, set)) return;
  ctx.reply.integer(set.exists() ? static_cast<int64_t>(set.meta().count) : 0);
}

void sismember(CommandContext& ctx) {
  CollectionKey set(ctx, ctx.arg(1), ValueType::kSet);
  if (!check_read(ctx, set)) return;
  ctx.reply.integer(is_member(set, ctx.arg(2)) ? 1 : 0);
}

void smismember(CommandContext& ctx) {
  CollectionKey set(ctx, ctx.arg(1), ValueType::kSet);
  if (!check_read(ctx, set)) return;
  ctx.reply.array(ctx.argc() - 2);
  for (size_t i = 2; i < ctx.argc(); ++i) ctx.reply.integer(is_member(set, ctx.arg(i)) ? 1 : 0);
}

// SMEMBERS is SINTER of one key in Redis: the same reply (a RESP3 set).
void smembers(CommandContext& ctx) {
  CollectionKey set(ctx, ctx.arg(1), ValueType::kSet);
  if (!check_read(ctx, set)) return;
  MemberList members;
  if (set.exists()) members = read_all_members(set.members());
  ctx.reply.set(members.size());
  for (const auto& member : members) ctx.reply.bulk(member.first);
}

void smove(CommandContext& ctx) {
  std::string_view member = ctx.arg(3);
  CollectionKey source(ctx, ctx.arg(1), ValueType::kSet);
  if (!source.old_meta()) {
    ctx.reply.integer(0);  // before any type check, as in Redis
    return;
  }
  if (!check_write(ctx, source)) return;
  if (ctx.arg(1) == ctx.arg(2)) {
    ctx.reply.integer(is_member(source, member) ? 1 : 0);
    return;
  }
  CollectionKey destination(ctx, ctx.arg(2), ValueType::kSet);
  if (!check_write(ctx, destination)) return;
  if (!is_member(source, member)) {
    ctx.reply.integer(0);
    return;
  }
  source.members().del(member);
  source.meta().count -= 1;
  source.save();
  if (!is_member(destination, member)) {
    destination.members().put(member, {});
    destination.meta().count += 1;
    destination.save();
  }
  ctx.reply.integer(1);
}

void sscan(CommandContext& ctx) { scan_members(ctx, ValueType::kSet); }

}  // namespace

void add_set_commands(std::vector<CommandSpec>* table) {
  table->push_back({"sadd", -3, kWrite | kDenyOom | kFast, 1, 1, 1, sadd, "set",
                    "Add one or more members to a set", "1.0.0"});
  table->push_back({"srem", -3, kWrite | kFast, 1, 1, 1, srem, "set",
                    "Remove one or more members from a set", "1.0.0"});
  table->push_back({"scard", 2, kReadonly | kFast, 1, 1, 1, scard, "set",
                    "Get the number of members in a set", "1.0.0"});
  table->push_back({"sismember", 3, kReadonly | kFast, 1, 1, 1, sismember, "set",
                    "Determine if a given value is a member of a set", "1.0.0"});
  table->push_back({"smismember", -3, kReadonly | kFast, 1, 1, 1, smismember, "set",
                    "Returns the membership associated with the given elements for a set",
                    "6.2.0"});
  table->push_back({"smembers", 2, kReadonly, 1, 1, 1, smembers, "set",
                    "Get all the members in a set", "1.0.0"});
  table->push_back({"spop", -2, kWrite | kFast, 1, 1, 1, spop, "set",
                    "Remove and return one or multiple random members from a set", "1.0.0"});
  table->push_back({"srandmember", -2, kReadonly, 1, 1, 1, srandmember, "set",
                    "Get one or multiple random members from a set", "1.0.0"});
  table->push_back({"smove", 4, kWrite | kFast, 1, 2, 1, smove, "set",
                    "Move a member from one set to another", "1.0.0"});
  table->push_back(
      {"sinter", -2, kReadonly, 1, -1, 1, sinter, "set", "Intersect multiple sets", "1.0.0"});
  CommandSpec sintercard_spec{"sintercard",
                              -3,
                              kReadonly,
                              0,
                              0,
                              0,
                              sintercard,
                              "set",
                              "Intersect multiple sets and return the cardinality of the result",
                              "7.0.0"};
  sintercard_spec.key_finder = sintercard_keys;
  table->push_back(sintercard_spec);
  table->push_back({"sinterstore", -3, kWrite | kDenyOom, 1, -1, 1, sinterstore, "set",
                    "Intersect multiple sets and store the resulting set in a key", "1.0.0"});
  table->push_back(
      {"sunion", -2, kReadonly, 1, -1, 1, sunion, "set", "Add multiple sets", "1.0.0"});
  table->push_back({"sunionstore", -3, kWrite | kDenyOom, 1, -1, 1, sunionstore, "set",
                    "Add multiple sets and store the resulting set in a key", "1.0.0"});
  table->push_back(
      {"sdiff", -2, kReadonly, 1, -1, 1, sdiff, "set", "Subtract multiple sets", "1.0.0"});
  table->push_back({"sdiffstore", -3, kWrite | kDenyOom, 1, -1, 1, sdiffstore, "set",
                    "Subtract multiple sets and store the resulting set in a key", "1.0.0"});
  table->push_back({"sscan", -3, kReadonly, 1, 1, 1, sscan, "set",
                    "Incrementally iterate Set elements", "2.8.0"});
}

}  // namespace ringkv::cmd
