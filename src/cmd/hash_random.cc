// HRANDFIELD (t_hash.c's hrandfieldCommand): random fields of a hash, drawn
// by MemberSampler (hash_set_sampling.h: exact for small hashes, bounded work
// for big ones).
#include <cstdint>
#include <string>
#include <vector>

#include "cmd/args.h"
#include "cmd/collection_key.h"
#include "cmd/hash_commands.h"
#include "cmd/hash_set_common.h"
#include "cmd/hash_set_sampling.h"

namespace ringkv::cmd {

namespace {

// One field (and value) of the reply; RESP3 nests each pair in an array.
void reply_field(CommandContext& ctx, const SampledMember& field, bool with_values) {
  if (with_values && ctx.reply.protocol() > 2) ctx.reply.array(2);
  ctx.reply.bulk(field.name);
  if (with_values) ctx.reply.bulk(field.value);
}

void reply_count_header(CommandContext& ctx, uint64_t count, bool with_values) {
  ctx.reply.array(with_values && ctx.reply.protocol() == 2 ? count * 2 : count);
}

// hrandfieldWithCountCommand: `count` < 0 allows repeats.
void hrandfield_with_count(CommandContext& ctx, int64_t count, bool with_values) {
  CollectionKey hash(ctx, ctx.arg(1), store::ValueType::kHash);
  if (!check_read(ctx, hash)) return;
  if (!hash.exists() || count == 0) {
    ctx.reply.array(0);
    return;
  }
  uint64_t size = hash.meta().count;
  MemberSampler sampler(hash.members(), size);
  bool unique = count > 0;
  uint64_t wanted = unique ? static_cast<uint64_t>(count) : static_cast<uint64_t>(-count);
  if (!unique || wanted == 1) {
    reply_count_header(ctx, wanted, with_values);
    for (uint64_t i = 0; i < wanted; ++i) reply_field(ctx, sampler.draw(), with_values);
    return;
  }
  if (wanted >= size) {
    // The whole hash.
    MemberList all = read_all_members(hash.members());
    reply_count_header(ctx, all.size(), with_values);
    for (auto& [field, value] : all) {
      reply_field(ctx, SampledMember{std::move(field), std::move(value)}, with_values);
    }
    return;
  }
  std::vector<SampledMember> fields = sampler.distinct(wanted);
  reply_count_header(ctx, fields.size(), with_values);
  for (const SampledMember& field : fields) reply_field(ctx, field, with_values);
}

}  // namespace

void hrandfield(CommandContext& ctx) {
  if (ctx.argc() >= 3) {
    int64_t count = 0;
    if (!parse_integer_arg(ctx, ctx.arg(2), &count)) return;
    if (count == INT64_MIN) {
      ctx.reply.error(
          "ERR value is out of range, value must between -9223372036854775807 and "
          "9223372036854775807");
      return;
    }
    if (ctx.argc() > 4 || (ctx.argc() == 4 && !is_option(ctx.arg(3), "WITHVALUES"))) {
      ctx.reply.error(resp::kErrSyntax);
      return;
    }
    bool with_values = ctx.argc() == 4;
    // The reply of a negative count holds 2 * |count| bulks.
    if (with_values && (count < -INT64_MAX / 2 || count > INT64_MAX / 2)) {
      ctx.reply.error("ERR value is out of range");
      return;
    }
    hrandfield_with_count(ctx, count, with_values);
    return;
  }
  CollectionKey hash(ctx, ctx.arg(1), store::ValueType::kHash);
  if (!check_read(ctx, hash)) return;
  if (!hash.exists()) {
    ctx.reply.null();
    return;
  }
  MemberSampler sampler(hash.members(), hash.meta().count);
  ctx.reply.bulk(sampler.draw().name);
}

}  // namespace ringkv::cmd
