// Generic key commands (Redis's db.c and object.c counterpart): existence,
// deletion, type, enumeration (KEYS, SCAN, RANDOMKEY), renaming, copying
// and moving between dbs, and OBJECT introspection. Values of any type are
// copied through copy_value() (key_copy.h).
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "cmd/args.h"
#include "cmd/families.h"
#include "cmd/key_copy.h"
#include "cmd/scan_cursor.h"
#include "server/engine.h"
#include "util/glob.h"
#include "util/numbers.h"

namespace ringkv::cmd {

namespace {

using store::Meta;
using store::ValueType;

constexpr std::string_view kErrSameObject = "ERR source and destination objects are the same";
constexpr std::string_view kErrDbRange = "ERR DB index is out of range";

// The name TYPE replies and SCAN's TYPE option matches.
std::string_view type_name(ValueType type) {
  switch (type) {
    case ValueType::kString:
      return "string";
    case ValueType::kHash:
      return "hash";
    case ValueType::kList:
      return "list";
    case ValueType::kSet:
      return "set";
    case ValueType::kZset:
      return "zset";
  }
  return "none";
}

// Redis keeps integer strings of up to 20 characters as "int", other
// strings of up to 44 bytes in one allocation ("embstr"), longer ones "raw".
bool is_int_encoded(std::string_view value, int64_t* number) {
  return value.size() <= 20 && parse_int64(value, number);
}

std::string_view encoding_name(const Meta& meta) {
  int64_t number = 0;
  switch (meta.type) {
    case ValueType::kString:
      if (is_int_encoded(meta.value, &number)) return "int";
      return meta.value.size() <= 44 ? "embstr" : "raw";
    // Collections: what Redis 7.0 would choose under its default
    // *-max-listpack-entries (128); sizes of members are not known here.
    case ValueType::kHash:
      return meta.count <= 128 ? "listpack" : "hashtable";
    case ValueType::kList:
      return "quicklist";
    case ValueType::kSet:
      return "hashtable";
    case ValueType::kZset:
      return meta.count <= 128 ? "listpack" : "skiplist";
  }
  return "raw";
}

// A db argument parsed like Redis's getIntFromObjectOrReply + selectDb.
bool parse_target_db(CommandContext& ctx, std::string_view text, int* db) {
  int64_t value = 0;
  if (!parse_integer_arg(ctx, text, &value)) return false;
  if (value < INT_MIN || value > INT_MAX) {
    ctx.reply.error("ERR value is out of range, value must between -2147483648 and 2147483647");
    return false;
  }
  if (value < 0 || value >= ctx.engine.config().databases) {
    ctx.reply.error(kErrDbRange);
    return false;
  }
  *db = static_cast<int>(value);
  return true;
}

std::mt19937_64& random_engine() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return engine;
}

uint64_t random_below(uint64_t bound) {
  return std::uniform_int_distribution<uint64_t>(0, bound - 1)(random_engine());
}

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

// EXISTS and TOUCH: every argument counts, repeated ones included.
void exists(CommandContext& ctx) {
  int64_t found = 0;
  for (size_t i = 1; i < ctx.argc(); ++i) {
    if (ctx.keyspace(ctx.arg(i)).exists(ctx.db, ctx.arg(i), ctx.now_ms)) ++found;
  }
  ctx.reply.integer(found);
}

void type(CommandContext& ctx) {
  auto meta = ctx.keyspace(ctx.arg(1)).lookup(ctx.db, ctx.arg(1), ctx.now_ms);
  ctx.reply.simple(meta ? type_name(meta->type) : "none");
}

// ---- enumeration (kAllShards: the handler may read every shard) ----

void keys(CommandContext& ctx) {
  std::string_view pattern = ctx.arg(1);
  bool all = pattern == "*";
  std::vector<std::string> found;
  for (int s = 0; s < ctx.engine.shard_count(); ++s) {
    ctx.engine.shard(s).scan_keys(ctx.db, {}, ctx.now_ms,
                                  [&](std::string_view key, const Meta&) {
                                    if (all || glob_match(pattern, key)) found.emplace_back(key);
                                    return true;
                                  });
  }
  // Each shard yields byte order; sorting the union keeps replies stable.
  std::sort(found.begin(), found.end());
  ctx.reply.array(found.size());
  for (const std::string& key : found) ctx.reply.bulk(key);
}

// Redis parses cursors with strtoul: "-1" wraps, "" is 0, spaces are not allowed.
bool parse_cursor(std::string_view text, uint64_t* cursor) {
  std::string copy(text);
  if (!copy.empty() && std::isspace(static_cast<unsigned char>(copy[0]))) return false;
  errno = 0;
  char* end = nullptr;
  unsigned long long value = std::strtoull(copy.c_str(), &end, 10);
  if (*end != '\0' || errno == ERANGE) return false;
  *cursor = value;
  return true;
}

void scan(CommandContext& ctx) {
  uint64_t cursor = 0;
  if (!parse_cursor(ctx.arg(1), &cursor)) {
    ctx.reply.error("ERR invalid cursor");
    return;
  }
  int64_t count = 10;
  std::optional<std::string_view> pattern;
  std::optional<std::string_view> wanted_type;
  for (size_t i = 2; i < ctx.argc(); i += 2) {
    std::string_view option = ctx.arg(i);
    if (i + 1 >= ctx.argc()) {
      ctx.reply.error(resp::kErrSyntax);
      return;
    }
    if (is_option(option, "COUNT")) {
      if (!parse_integer_arg(ctx, ctx.arg(i + 1), &count)) return;
      if (count < 1) {
        ctx.reply.error(resp::kErrSyntax);
        return;
      }
    } else if (is_option(option, "MATCH")) {
      pattern = ctx.arg(i + 1);
      if (*pattern == "*") pattern.reset();
    } else if (is_option(option, "TYPE")) {
      wanted_type = ctx.arg(i + 1);
    } else {
      ctx.reply.error(resp::kErrSyntax);
      return;
    }
  }

  int shards = ctx.engine.shard_count();
  ScanPosition position;
  if (cursor != 0) position = scan_cursors().resolve(cursor, ctx.db, shards);
  // COUNT bounds the keys examined (as in Redis), matching or not.
  auto budget = static_cast<uint64_t>(count);
  uint64_t examined = 0;
  std::vector<std::string> found;
  uint64_t next_cursor = 0;
  while (position.shard < shards) {
    std::string start;
    if (position.last_key) {
      start = *position.last_key;
      start.push_back('\0');  // the smallest key after the last one returned
    }
    bool more = false;
    std::optional<std::string> last;
    ctx.engine.shard(position.shard)
        .scan_keys(ctx.db, start, ctx.now_ms, [&](std::string_view key, const Meta& meta) {
          if (examined == budget) {
            more = true;
            return false;
          }
          ++examined;
          last.emplace(key);
          if (pattern && !glob_match(*pattern, key)) return true;
          if (wanted_type && !equals_ignore_case(*wanted_type, type_name(meta.type))) return true;
          found.emplace_back(key);
          return true;
        });
    if (more) {
      position.last_key = std::move(last);
      next_cursor = scan_cursors().save(ctx.db, position, shards);
      break;
    }
    ++position.shard;
    position.last_key.reset();
  }
  ctx.reply.array(2);
  ctx.reply.bulk(std::to_string(next_cursor));
  ctx.reply.array(found.size());
  for (const std::string& key : found) ctx.reply.bulk(key);
}

// A random live key of `db` in one shard. Keys are only reachable in byte
// order, so this descends byte by byte towards a random region until at
// most kSmallSubtree keys share the chosen prefix, then picks uniformly among
// them: O(key length) seeks instead of a walk over the shard. Keys in sparse
// regions are somewhat favoured; Redis's own pick is not uniform either.
std::optional<std::string> random_key_in_shard(store::Keyspace& keyspace, int db,
                                               uint64_t now_ms) {
  constexpr size_t kSmallSubtree = 64;
  std::string prefix;
  for (;;) {
    std::vector<std::string> sample;
    keyspace.scan_keys(db, prefix, now_ms, [&](std::string_view key, const Meta&) {
      if (!key.starts_with(prefix) || sample.size() > kSmallSubtree) return false;
      sample.emplace_back(key);
      return true;
    });
    if (sample.empty()) return std::nullopt;
    if (sample.size() <= kSmallSubtree) return sample[random_below(sample.size())];
    // More than kSmallSubtree keys under `prefix`: extend it by one byte,
    // the one of the first key at or after a random byte (wrapping round).
    std::string probe = prefix;
    probe.push_back(static_cast<char>(random_below(256)));
    std::optional<std::string> next;
    keyspace.scan_keys(db, probe, now_ms, [&](std::string_view key, const Meta&) {
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
  // Counts include keys whose deadline passed but are not swept yet: a few
  // more tries cover shards holding only those.
  for (int attempt = 0; attempt < 4 * shards + 4; ++attempt) {
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
      if (!parse_target_db(ctx, ctx.arg(i + 1), &target_db)) return;
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
  if (!parse_target_db(ctx, ctx.arg(2), &target_db)) return;
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

// ---- OBJECT ----

// Replies null and returns nullopt when the key is missing, as Redis does
// for every OBJECT subcommand.
std::optional<Meta> object_lookup(CommandContext& ctx) {
  auto meta = ctx.keyspace(ctx.arg(2)).lookup(ctx.db, ctx.arg(2), ctx.now_ms);
  if (!meta) ctx.reply.null();
  return meta;
}

void object_encoding(CommandContext& ctx) {
  if (auto meta = object_lookup(ctx)) ctx.reply.bulk(encoding_name(*meta));
}

void object_freq(CommandContext& ctx) {
  if (!object_lookup(ctx)) return;
  // Access frequency is only tracked under an LFU policy, which ringkv
  // does not have (its maxmemory-policy is always noeviction).
  ctx.reply.error(
      "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note "
      "that when switching between policies at runtime LRU and LFU data will take some time to "
      "adjust.");
}

void object_idletime(CommandContext& ctx) {
  // Access times are not tracked: every key reads as just used.
  if (object_lookup(ctx)) ctx.reply.integer(0);
}

void object_refcount(CommandContext& ctx) {
  auto meta = object_lookup(ctx);
  if (!meta) return;
  // Redis shares the integers 0..9999 and reports them as INT_MAX.
  int64_t number = 0;
  bool shared = meta->type == ValueType::kString && is_int_encoded(meta->value, &number) &&
                number >= 0 && number < 10000;
  ctx.reply.integer(shared ? INT_MAX : 1);
}

void object_help(CommandContext& ctx) {
  static constexpr std::string_view kLines[] = {
      "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "ENCODING <key>",
      "    Return the kind of internal representation used in order to store the value",
      "    associated with a <key>.",
      "FREQ <key>",
      "    Return the access frequency index of the <key>. The returned integer is",
      "    proportional to the logarithm of the recent access frequency of the key.",
      "IDLETIME <key>",
      "    Return the idle time of the <key>, that is the approximated number of",
      "    seconds elapsed since the last access to the key.",
      "REFCOUNT <key>",
      "    Return the number of references of the value associated with the specified",
      "    <key>.",
      "HELP",
      "    Prints this help.",
  };
  ctx.reply.array(std::size(kLines));
  for (std::string_view line : kLines) ctx.reply.simple(line);
}

// Reached only for "OBJECT" with a subcommand the table does not know,
// which the dispatcher answers itself; kept so the container has a handler.
void object(CommandContext& ctx) {
  ctx.reply.error("ERR unknown subcommand '" + std::string(ctx.arg(1)) + "'. Try OBJECT HELP.");
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
  table->push_back({"touch", -2, kReadonly | kFast, 1, -1, 1, exists, "generic",
                    "Alters the last access time of a key(s). Returns the number of existing keys "
                    "specified.",
                    "3.2.1"});
  table->push_back({"type", 2, kReadonly | kFast, 1, 1, 1, type, "generic",
                    "Determine the type stored at key", "1.0.0"});
  table->push_back({"keys", 2, kReadonly | kAllShards, 0, 0, 0, keys, "generic",
                    "Find all keys matching the given pattern", "1.0.0"});
  table->push_back({"scan", -2, kReadonly | kAllShards, 0, 0, 0, scan, "generic",
                    "Incrementally iterate the keys space", "2.8.0"});
  table->push_back({"randomkey", 1, kReadonly | kAllShards, 0, 0, 0, randomkey, "generic",
                    "Return a random key from the keyspace", "1.0.0"});
  table->push_back({"rename", 3, kWrite, 1, 2, 1, rename, "generic", "Rename a key", "1.0.0"});
  table->push_back({"renamenx", 3, kWrite | kFast, 1, 2, 1, renamenx, "generic",
                    "Rename a key, only if the new key does not exist", "1.0.0"});
  table->push_back({"copy", -3, kWrite | kDenyOom, 1, 2, 1, copy, "generic", "Copy a key",
                    "6.2.0"});
  table->push_back({"move", 3, kWrite | kFast, 1, 1, 1, move, "generic",
                    "Move a key to another database", "1.0.0"});
  table->push_back(
      {"object", -2, 0, 0, 0, 0, object, "generic", "A container for object introspection commands",
       "2.2.3",
       {
           {"encoding", 3, kReadonly, 2, 2, 1, object_encoding, "generic",
            "Inspect the internal encoding of a Redis object", "2.2.3"},
           {"freq", 3, kReadonly, 2, 2, 1, object_freq, "generic",
            "Get the logarithmic access frequency counter of a Redis object", "4.0.0"},
           {"help", 2, kLoading | kStale, 0, 0, 0, object_help, "generic",
            "Show helpful text about the different subcommands", "6.2.0"},
           {"idletime", 3, kReadonly, 2, 2, 1, object_idletime, "generic",
            "Get the time since a Redis object was last accessed", "2.2.3"},
           {"refcount", 3, kReadonly, 2, 2, 1, object_refcount, "generic",
            "Get the number of references to the value of the key", "2.2.3"},
       }});
}

}  // namespace ringkv::cmd
