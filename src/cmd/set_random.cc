// SPOP and SRANDMEMBER (t_set.c's spopCommand, srandmemberCommand): random
// members drawn by MemberSampler (hash_set_sampling.h: exact for small sets,
// bounded work for big ones).
#include <cstdint>
#include <string>
#include <vector>

#include "cmd/args.h"
#include "cmd/collection_key.h"
#include "cmd/hash_set_common.h"
#include "cmd/hash_set_sampling.h"
#include "cmd/set_commands.h"

namespace ringkv::cmd {

namespace {

using store::ValueType;

// SPOP key count (spopWithCountCommand).
void spop_with_count(CommandContext& ctx) {
  int64_t count = 0;
  if (!parse_integer_arg(ctx, ctx.arg(2), &count, "ERR value is out of range, must be positive")) {
    return;
  }
  if (count < 0) {
    ctx.reply.error("ERR value is out of range, must be positive");
    return;
  }
  CollectionKey set(ctx, ctx.arg(1), ValueType::kSet);
  if (!check_write(ctx, set)) return;
  if (!set.exists() || count == 0) {
    ctx.reply.set(0);
    return;
  }
  uint64_t size = set.meta().count;
  if (static_cast<uint64_t>(count) >= size) {
    // The whole set goes; its members are left to the sweeper.
    MemberList all = read_all_members(set.members());
    set.remove();
    ctx.reply.set(all.size());
    for (const auto& member : all) ctx.reply.bulk(member.first);
    return;
  }
  MemberSampler sampler(set.members(), size);
  std::vector<SampledMember> popped = sampler.distinct(static_cast<uint64_t>(count));
  for (const SampledMember& member : popped) set.members().del(member.name);
  set.meta().count -= popped.size();
  set.save();
  ctx.reply.set(popped.size());
  for (const SampledMember& member : popped) ctx.reply.bulk(member.name);
}

// SRANDMEMBER key count (srandmemberWithCountCommand): count < 0 allows
// repeats.
void srandmember_with_count(CommandContext& ctx) {
  int64_t count = 0;
  if (!parse_integer_arg(ctx, ctx.arg(2), &count)) return;
  if (count == INT64_MIN) {
    ctx.reply.error(
        "ERR value is out of range, value must between -9223372036854775807 and "
        "9223372036854775807");
    return;
  }
  CollectionKey set(ctx, ctx.arg(1), ValueType::kSet);
  if (!check_read(ctx, set)) return;
  if (!set.exists() || count == 0) {
    ctx.reply.array(0);
    return;
  }
  uint64_t size = set.meta().count;
  MemberSampler sampler(set.members(), size);
  uint64_t wanted = count > 0 ? static_cast<uint64_t>(count) : static_cast<uint64_t>(-count);
  if (count < 0 || wanted == 1) {
    ctx.reply.array(wanted);
    for (uint64_t i = 0; i < wanted; ++i) ctx.reply.bulk(sampler.draw().name);
    return;
  }
  if (wanted >= size) {
    MemberList all = read_all_members(set.members());
    ctx.reply.array(all.size());
    for (const auto& member : all) ctx.reply.bulk(member.first);
    return;
  }
  std::vector<SampledMember> chosen = sampler.distinct(wanted);
  ctx.reply.array(chosen.size());
  for (const SampledMember& member : chosen) ctx.reply.bulk(member.name);
}

}  // namespace

void spop(CommandContext& ctx) {
  if (ctx.argc() == 3) return spop_with_count(ctx);
  if (ctx.argc() > 3) {
    ctx.reply.error(resp::kErrSyntax);
    return;
  }
  CollectionKey set(ctx, ctx.arg(1), ValueType::kSet);
  if (!check_write(ctx, set)) return;
  if (!set.exists()) {
    ctx.reply.null();
    return;
  }
  MemberSampler sampler(set.members(), set.meta().count);
  SampledMember member = sampler.draw();
  set.members().del(member.name);
  set.meta().count -= 1;
  set.save();
  ctx.reply.bulk(member.name);
}

void srandmember(CommandContext& ctx) {
  if (ctx.argc() == 3) return srandmember_with_count(ctx);
  if (ctx.argc() > 3) {
    ctx.reply.error(resp::kErrSyntax);
    return;
  }
  CollectionKey set(ctx, ctx.arg(1), ValueType::kSet);
  if (!check_read(ctx, set)) return;
  if (!set.exists()) {
    ctx.reply.null();
    return;
  }
  MemberSampler sampler(set.members(), set.meta().count);
  ctx.reply.bulk(sampler.draw().name);
}

}  // namespace ringkv::cmd
