// HyperLogLog commands (hyperloglog.c's counterpart): PFADD PFCOUNT PFMERGE
// and the PFDEBUG / PFSELFTEST tools, over string values in Redis's exact
// HyperLogLog representation (cmd/hll_encoding.h).
#include <optional>

#include "cmd/args.h"
#include "cmd/families.h"
#include "cmd/hll_encoding.h"
#include "cmd/hll_selftest.h"
#include "server/engine.h"
#include "util/numbers.h"

namespace ringkv::cmd {

namespace {

using store::Meta;
using store::ValueType;

constexpr std::string_view kErrNotHll = "WRONGTYPE Key is not a valid HyperLogLog string value.";
constexpr std::string_view kErrCorrupt = "INVALIDOBJ Corrupted HLL object detected";

// hll-sparse-max-bytes from the run-time settings, Redis's default if unset.
size_t sparse_max_bytes(CommandContext& ctx) {
  std::string text = ctx.engine.get_setting("hll-sparse-max-bytes");
  int64_t bytes = 0;
  if (text.empty() || !parse_int64(text, &bytes) || bytes < 0) return hll::kDefaultSparseMaxBytes;
  return static_cast<size_t>(bytes);
}

enum class Found { kAbsent, kHll, kReplied };

// Looks `key` up and checks it holds a HyperLogLog, replying Redis's error
// when it does not. `count_hits` mirrors Redis's read lookups, which count
// keyspace hits and misses (its write lookups do not).
Found find_hll(CommandContext& ctx, std::string_view key, bool count_hits,
               std::optional<Meta>* meta) {
  *meta = ctx.keyspace(key).lookup(ctx.db, key, ctx.now_ms);
  if (count_hits) {
    auto& counter = *meta ? ctx.engine.stats.keyspace_hits : ctx.engine.stats.keyspace_misses;
    counter.fetch_add(1, std::memory_order_relaxed);
  }
  if (!*meta) return Found::kAbsent;
  if ((*meta)->type != ValueType::kString) {
    ctx.reply.error(resp::kErrWrongType);
    return Found::kReplied;
  }
  if (!hll::is_valid_header((*meta)->value)) {
    ctx.reply.error(kErrNotHll);
    return Found::kReplied;
  }
  return Found::kHll;
}

// Stores `value` at `key`, keeping an existing key's expiry as Redis does
// when it changes a string in place.
void store_value(CommandContext& ctx, std::string_view key, std::string value,
                 const std::optional<Meta>& old) {
  Meta meta = old ? *old : Meta{};
  meta.type = ValueType::kString;
  meta.value = std::move(value);
  ctx.keyspace(key).write(ctx.db, key, meta, old);
}

void pfadd(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  std::optional<Meta> old;
  Found found = find_hll(ctx, key, false, &old);
  if (found == Found::kReplied) return;
  std::string value = found == Found::kHll ? old->value : hll::new_value();
  bool changed = found == Found::kAbsent;
  bool corrupt = false;
  size_t max_bytes = sparse_max_bytes(ctx);
  for (size_t i = 2; i < ctx.argc() && !corrupt; ++i) {
    hll::Update update = hll::add(&value, ctx.arg(i), max_bytes);
    changed |= update == hll::Update::kChanged;
    corrupt = update == hll::Update::kCorrupt;
  }
  // Redis changes the value in place, so registers raised before a corrupt
  // part was found stay raised.
  if (changed) {
    hll::invalidate_cache(&value);
    store_value(ctx, key, std::move(value), old);
  }
  if (corrupt) {
    ctx.reply.error(kErrCorrupt);
  } else {
    ctx.reply.integer(changed ? 1 : 0);
  }
}

// PFCOUNT of several keys: the cardinality of their union, leaving them as
// they are.
void count_union(CommandContext& ctx) {
  hll::Registers max{};
  for (size_t i = 1; i < ctx.argc(); ++i) {
    std::optional<Meta> meta;
    Found found = find_hll(ctx, ctx.arg(i), true, &meta);
    if (found == Found::kReplied) return;
    if (found == Found::kHll && !hll::merge_into(meta->value, &max)) {
      ctx.reply.error(kErrCorrupt);
      return;
    }
  }
  ctx.reply.integer(static_cast<int64_t>(hll::estimate(max)));
}

void pfcount(CommandContext& ctx) {
  if (ctx.argc() > 2) {
    count_union(ctx);
    return;
  }
  std::string_view key = ctx.arg(1);
  std::optional<Meta> meta;
  Found found = find_hll(ctx, key, true, &meta);
  if (found == Found::kReplied) return;
  if (found == Found::kAbsent) {
    ctx.reply.integer(0);
    return;
  }
  uint64_t cardinality = 0;
  if (!hll::cached_cardinality(meta->value, &cardinality)) {
    if (!hll::estimate(meta->value, &cardinality)) {
      ctx.reply.error(kErrCorrupt);
      return;
    }
    // The cache lives in the value, so a read stores it (GET shows it).
    // Losing this write costs only a recount, hence no durability wait.
    std::string value = meta->value;
    hll::store_cardinality(&value, cardinality);
    store_value(ctx, key, std::move(value), meta);
  }
  ctx.reply.integer(static_cast<int64_t>(cardinality));
}

void pfmerge(CommandContext& ctx) {
  hll::Registers max{};
  bool any_dense = false;
  // The destination is merged too: it is the first key.
  for (size_t i = 1; i < ctx.argc(); ++i) {
    std::optional<Meta> meta;
    Found found = find_hll(ctx, ctx.arg(i), true, &meta);
    if (found == Found::kReplied) return;
    if (found == Found::kAbsent) continue;
    any_dense |= hll::encoding_of(meta->value) == hll::Encoding::kDense;
    if (!hll::merge_into(meta->value, &max)) {
      ctx.reply.error(kErrCorrupt);
      return;
    }
  }
  std::string_view key = ctx.arg(1);
  auto old = ctx.keyspace(key).lookup(ctx.db, key, ctx.now_ms);
  std::string value = old ? old->value : hll::new_value();
  // A dense input makes the result dense at once rather than by promotion.
  if (any_dense && !hll::to_dense(&value)) {
    ctx.reply.error(kErrCorrupt);
    return;
  }
  size_t max_bytes = sparse_max_bytes(ctx);
  for (uint32_t i = 0; i < hll::kRegisterCount; ++i) {
    if (max[i] != 0) hll::set_register(&value, i, max[i], max_bytes);
  }
  hll::invalidate_cache(&value);
  store_value(ctx, key, std::move(value), old);
  ctx.reply.ok();
}

// PFDEBUG GETREG|DECODE|ENCODING|TODENSE key
void pfdebug(CommandContext& ctx) {
  std::string_view subcommand = ctx.arg(1);
  std::string_view key = ctx.arg(2);
  std::optional<Meta> meta;
  Found found = find_hll(ctx, key, false, &meta);
  if (found == Found::kReplied) return;
  if (found == Found::kAbsent) {
    ctx.reply.error("ERR The specified key does not exist");
    return;
  }
  bool sparse = hll::encoding_of(meta->value) == hll::Encoding::kSparse;
  bool getreg = is_option(subcommand, "GETREG");
  if (getreg || is_option(subcommand, "TODENSE")) {
    std::string value = meta->value;
    if (sparse) {
      if (!hll::to_dense(&value)) {
        ctx.reply.error(kErrCorrupt);
        return;
      }
      store_value(ctx, key, value, meta);
    }
    if (!getreg) {
      ctx.reply.integer(sparse ? 1 : 0);
      return;
    }
    const auto* registers = reinterpret_cast<const unsigned char*>(value.data()) + hll::kHeaderSize;
    ctx.reply.array(hll::kRegisterCount);
    for (uint32_t i = 0; i < hll::kRegisterCount; ++i) {
      ctx.reply.integer(hll::get_dense_register(registers, i));
    }
  } else if (is_option(subcommand, "DECODE")) {
    if (!sparse) {
      ctx.reply.error("ERR HLL encoding is not sparse");
      return;
    }
    ctx.reply.bulk(hll::describe_sparse(meta->value));
  } else if (is_option(subcommand, "ENCODING")) {
    ctx.reply.simple(sparse ? "sparse" : "dense");
  } else {
    ctx.reply.error("ERR Unknown PFDEBUG subcommand '" + std::string(subcommand) + "'");
  }
}

void pfselftest(CommandContext& ctx) {
  std::string failure = hll::run_self_test(sparse_max_bytes(ctx));
  if (failure.empty()) {
    ctx.reply.ok();
  } else {
    ctx.reply.error(failure);
  }
}

}  // namespace

void add_hyperloglog_commands(std::vector<CommandSpec>* table) {
  table->push_back({"pfadd", -2, kWrite | kDenyOom | kFast, 1, 1, 1, pfadd, "hyperloglog",
                    "Adds the specified elements to the specified HyperLogLog.", "2.8.9"});
  table->push_back({"pfcount", -2, kReadonly, 1, -1, 1, pfcount, "hyperloglog",
                    "Return the approximated cardinality of the set(s) observed by the "
                    "HyperLogLog at key(s).",
                    "2.8.9"});
  table->push_back({"pfmerge", -2, kWrite | kDenyOom, 1, -1, 1, pfmerge, "hyperloglog",
                    "Merge N different HyperLogLogs into a single one.", "2.8.9"});
  table->push_back({"pfdebug", 3, kWrite | kDenyOom | kAdmin, 2, 2, 1, pfdebug, "hyperloglog",
                    "Internal commands for debugging HyperLogLog values", "2.8.9"});
  table->push_back({"pfselftest", 1, kAdmin, 0, 0, 0, pfselftest, "hyperloglog",
                    "An internal command for testing HyperLogLog values", "2.8.9"});
}

}  // namespace ringkv::cmd
