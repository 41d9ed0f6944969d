// Enumerating the keys of a db: KEYS, SCAN and RANDOMKEY. All three are
// kAllShards commands: they run while every other loop is paused, so they
// may read every shard. Each shard keeps its keys in byte order; a SCAN
// position is therefore (shard, last key returned), see scan_cursor.h.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "cmd/args.h"
#include "cmd/key_commands.h"
#include "cmd/scan_cursor.h"
#include "server/engine.h"
#include "util/glob.h"

namespace ringkv::cmd {

namespace {

using store::Meta;


void keys(CommandContext& ctx) {
  std::string_view pattern = ctx.arg(1);
  bool all = pattern == "*";
  std::string prefix = glob_literal_prefix(pattern);
  std::vector<std::string> found;
  for (int s = 0; s < ctx.engine.shard_count(); ++s) {
    ctx.engine.shard(s).scan_keys(ctx.db, prefix, ctx.now_ms,
                                  [&](std::string_view key, const Meta&) {
                                    if (!key.starts_with(prefix)) return false;
                                    if (all || glob_match(pattern, key)) found.emplace_back(key);
                                    return true;
                                  });
  }
  // Each shard yields byte order; sorting the union keeps replies stable.
  std::sort(found.begin(), found.end());
  ctx.reply.array(found.size());
  for (const std::string& key : found) ctx.reply.bulk(key);
}

// ---- SCAN ----


struct ScanOptions {
  uint64_t count = 10;
  std::optional<std::string_view> pattern;  // nullopt = every key
  std::optional<std::string_view> type;     // nullopt = every type
};

// Parses SCAN's options as scanGenericCommand does; replies the error and
// returns false on bad input.
bool parse_scan_options(CommandContext& ctx, ScanOptions* options) {
  for (size_t i = 2; i < ctx.argc(); i += 2) {
    std::string_view option = ctx.arg(i);
    if (i + 1 >= ctx.argc()) {
      ctx.reply.error(resp::kErrSyntax);
      return false;
    }
    std::string_view value = ctx.arg(i + 1);
    if (is_option(option, "COUNT")) {
      int64_t count = 0;
      if (!parse_integer_arg(ctx, value, &count)) return false;
      if (count < 1) {
        ctx.reply.error(resp::kErrSyntax);
        return false;
      }
      options->count = static_cast<uint64_t>(count);
    } else if (is_option(option, "MATCH")) {
      options->pattern = value;
      if (value == "*") options->pattern.reset();
    } else if (is_option(option, "TYPE")) {
      options->type = value;
    } else {
      ctx.reply.error(resp::kErrSyntax);
      return false;
    }
  }
  return true;
}

// One SCAN call's walk: COUNT bounds the keys examined (matching or not,
// expired or not, as Redis counts dict entries), so a call's work stays
// bounded however sparse the matches are.
class ScanPage {
 public:
  ScanPage(CommandContext& ctx, const ScanOptions& options)
      : ctx_(ctx),
        options_(options),
        prefix_(options.pattern ? glob_literal_prefix(*options.pattern) : std::string()) {}

  // Walks `position`'s shard from its last key (exclusive; nullopt = the
  // shard's start), moving the position along. True when the budget ran out
  // before the shard's end: the caller hands out a cursor for `position`.
  bool walk(ScanPosition* position) {
    std::string start = prefix_;
    if (position->last_key) {
      std::string after = *position->last_key + '\0';  // the smallest key after it
      start = std::max(start, after);
    }
    bool more = false;
    // now_ms 0 makes scan_keys visit keys whose deadline passed too: they
    // count towards the budget here, and are filtered by wanted().
    ctx_.engine.shard(position->shard)
        .scan_keys(ctx_.db, start, 0, [&](std::string_view key, const Meta& meta) {
          if (!key.starts_with(prefix_)) return false;  // no later key can match
          if (examined_ == options_.count) {
            more = true;
            return false;
          }
          ++examined_;
          position->last_key.emplace(key);
          if (wanted(key, meta)) found_.emplace_back(key);
          return true;
        });
    return more;
  }

  const std::vector<std::string>& found() const { return found_; }

 private:
  bool wanted(std::string_view key, const Meta& meta) const {
    if (is_expired(meta, ctx_.now_ms)) return false;
    if (options_.pattern && !glob_match(*options_.pattern, key)) return false;
    return !options_.type || equals_ignore_case(*options_.type, type_name(meta.type));
  }

  CommandContext& ctx_;
  const ScanOptions& options_;
  const std::string prefix_;
  uint64_t examined_ = 0;
  std::vector<std::string> found_;
};

void scan(CommandContext& ctx) {
  uint64_t cursor = 0;
  if (!parse_scan_cursor(ctx.arg(1), &cursor)) {
    ctx.reply.error("ERR invalid cursor");
    return;
  }
  ScanOptions options;
  if (!parse_scan_options(ctx, &options)) return;

  int shards = ctx.engine.shard_count();
  ScanPosition position;
  if (cursor != 0) position = scan_cursors().resolve(cursor, ctx.db, shards);
  ScanPage page(ctx, options);
  uint64_t next_cursor = 0;
  for (; position.shard < shards; ++position.shard, position.last_key.reset()) {
    if (page.walk(&position)) {
      next_cursor = scan_cursors().save(ctx.db, position, shards);
      break;
    }
  }
  ctx.reply.array(2);
  ctx.reply.bulk(std::to_string(next_cursor));
  ctx.reply.array(page.found().size());
  for (const std::string& key : page.found()) ctx.reply.bulk(key);
}

// ---- RANDOMKEY ----

uint64_t random_below(uint64_t bound) {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_int_distribution<uint64_t>(0, bound - 1)(engine);
}

// A random live key of `db` in one shard, or nullopt. Keys are only
// reachable in byte order, so this descends byte by byte towards a random
// region until at most kSmallSubtree keys share the chosen prefix, then
// draws among them: O(key length) seeks instead of a walk over the shard.
// Keys in sparse regions are somewhat favoured; Redis's own pick is not
// uniform either. Keys whose deadline passed count while choosing, so the
// work stays bounded however many await deletion; one drawn is deleted (as
// Redis's RANDOMKEY does) and the draw fails, for the caller to try again.
std::optional<std::string> random_key_in_shard(store::Keyspace& keyspace, int db,
                                               uint64_t now_ms) {
  constexpr size_t kSmallSubtree = 64;
  std::string prefix;
  for (;;) {
    std::vector<std::string> sample;
    keyspace.scan_keys(db, prefix, 0, [&](std::string_view key, const Meta&) {
      if (!key.starts_with(prefix) || sample.size() > kSmallSubtree) return false;
      sample.emplace_back(key);
      return true;
    });
    if (sample.empty()) return std::nullopt;
    if (sample.size() <= kSmallSubtree) {
      std::string& key = sample[random_below(sample.size())];
      // peek() deletes a key past its deadline; drawing is not an access.
      if (!keyspace.peek(db, key, now_ms)) return std::nullopt;
      return std::move(key);
    }
    // More than kSmallSubtree keys under `prefix`: extend it by one byte,
    // the one of the first key at or after a random byte (wrapping round).
    std::string probe = prefix;
    probe.push_back(static_cast<char>(random_below(256)));
    std::optional<std::string> next;
    keyspace.scan_keys(db, probe, 0, [&](std::string_view key, const Meta&) {
      if (key.starts_with(prefix)) next.emplace(key);
      return false;
    });
    // sample[0] may equal the prefix itself; sample[1] is then longer.
    if (!next) next = sample[0].size() > prefix.size() ? sample[0] : sample[1];
    prefix = next->substr(0, prefix.size() + 1);
  }
}

void randomkey(CommandContext& ctx) {
  int shards = ctx.engine.shard_count();
  // Pick a shard in proportion to its keys, so every key has a fair chance.
  // Counts include keys whose deadline passed but are not deleted yet; each
  // failed draw deletes one, and the tries are bounded like Redis's own.
  for (int attempt = 0; attempt < 100 + 4 * shards; ++attempt) {
    int64_t total = 0;
    for (int s = 0; s < shards; ++s) total += ctx.engine.shard(s).key_count(ctx.db);
    if (total <= 0) break;
    auto pick = static_cast<int64_t>(random_below(static_cast<uint64_t>(total)));
    int shard = 0;
    while (shard + 1 < shards && pick >= ctx.engine.shard(shard).key_count(ctx.db)) {
      pick -= ctx.engine.shard(shard).key_count(ctx.db);
      ++shard;
    }
    auto key = random_key_in_shard(ctx.engine.shard(shard), ctx.db, ctx.now_ms);
    if (key) {
      ctx.reply.bulk(*key);
      return;
    }
  }
  ctx.reply.null();
}

}  // namespace

void add_key_scan_commands(std::vector<CommandSpec>* table) {
  table->push_back({"keys", 2, kReadonly | kAllShards, 0, 0, 0, keys, "generic",
                    "Find all keys matching the given pattern", "1.0.0"});
  table->push_back({"scan", -2, kReadonly | kAllShards, 0, 0, 0, scan, "generic",
                    "Incrementally iterate the keys space", "2.8.0"});
  table->push_back({"randomkey", 1, kReadonly | kAllShards, 0, 0, 0, randomkey, "generic",
                    "Return a random key from the keyspace", "1.0.0"});
}

}  // namespace ringkv::cmd
