// libFuzzer target: the command layer. Random argument vectors run through
// the same steps as a connection's requests (validate_request, transaction
// queuing, execute_command) against an in-process Engine whose two shards
// are real LevelDBs in a temp dir; the single fuzzing thread owns them all,
// as a loop does while the others are paused.
//
// Input encoding (so that mutations stay meaningful): per command, a byte
// picks the command (and one its subcommand), a byte the argument count,
// then per argument a byte picks a kind — a key from a small pool (two of
// them share a hash tag), a small or 32-bit integer, an option keyword, a
// score/range word, a member, a glob, or raw bytes from the input.
//
// Checked after every command: exactly one well-formed RESP2/RESP3 reply.
// Between inputs the keyspace is flushed and the session reset, and the
// shards get the loop's tick work (batch submit, reap, expiry, sweep).
// SHUTDOWN and PFSELFTEST are skipped (see excluded()).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cmd/command.h"
#include "server/data_dir.h"
#include "server/engine.h"
#include "server/executor.h"
#include "server/transaction.h"

namespace {

using namespace ringkv;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

// CLIENT LIST / KILL and friends walk the sessions: the fuzzer's one.
class OneSession : public server::SessionRegistry {
 public:
  explicit OneSession(cmd::Session* session) : session_(session) {}
  void for_each_session(const std::function<void(cmd::Session&)>& visit) override {
    visit(*session_);
  }

 private:
  cmd::Session* session_;
};

// SHUTDOWN signals the process; PFSELFTEST is Redis's deliberately slow
// self-test (seconds per call), which would only time out.
bool excluded(std::string_view name) { return name == "shutdown" || name == "pfselftest"; }

struct Fixture {
  std::string dir;
  std::unique_ptr<server::Engine> engine;
  cmd::Session session;
  std::unique_ptr<OneSession> sessions;
  std::vector<const cmd::CommandSpec*> commands;  // top level, SHUTDOWN excluded
  const cmd::CommandSpec* flushall = nullptr;

  Fixture() {
    char pattern[] = "/tmp/ringkv-fuzz-XXXXXX";
    check(mkdtemp(pattern) != nullptr);
    dir = pattern;
    server::Config config;
    config.dir = dir;
    config.threads = 1;
    config.shards = 2;
    config.appendfsync = "no";
    config.cache_bytes = 8 << 20;
    // Strings, bit offsets and LCS are bounded by proto-max-bulk-len: keep
    // every value the fuzzer can build small enough to stay fast.
    config.proto_max_bulk_len = 1 << 20;
    std::vector<std::unique_ptr<store::Keyspace>> shards;
    std::string error;
    check(server::open_data_dir(dir, 2, 1, config.databases, config.cache_bytes, &shards,
                                &error));
    engine = std::make_unique<server::Engine>(config, std::move(shards), 1);
    sessions = std::make_unique<OneSession>(&session);
    engine->sessions = sessions.get();
    for (const cmd::CommandSpec* spec : cmd::all_commands()) {
      if (spec->parent == nullptr && !excluded(spec->name)) commands.push_back(spec);
    }
    flushall = cmd::find_command("flushall");
    check(flushall != nullptr);
    reset_session();
  }

  ~Fixture() {
    engine.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }

  void reset_session() {
    session = cmd::Session();
    session.id = 1;
    session.authenticated = true;
    session.peer = "127.0.0.1:1";
    session.local = "127.0.0.1:6379";
  }

  // What a loop does at the end of a tick and on its timer.
  void tick() {
    for (int s = 0; s < engine->shard_count(); ++s) {
      store::Keyspace& shard = engine->shard(s);
      shard.store().submit_batch();
      shard.store().reap_durable();
      shard.expire_due(server::now_ms(), 1000);
      if (shard.has_garbage()) shard.sweep_garbage(20000);
    }
  }
};

Fixture& fixture() {
  static Fixture* instance = new Fixture();  // lives for the process
  return *instance;
}

// Reads the input as a stream of small decisions.
class Decisions {
 public:
  Decisions(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool empty() const { return position_ >= size_; }
  uint8_t byte() { return position_ < size_ ? data_[position_++] : 0; }
  std::string bytes(size_t count) {
    count = std::min(count, size_ - std::min(size_, position_));
    std::string text(reinterpret_cast<const char*>(data_ + position_), count);
    position_ += count;
    return text;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t position_ = 0;
};

constexpr const char* kKeys[] = {"k0", "k1", "k2", "{t}a", "{t}b", "k:with:colons", ""};
constexpr const char* kKeywords[] = {
    "EX",     "PX",      "EXAT",      "PXAT",     "NX",       "XX",      "GT",     "LT",
    "KEEPTTL", "GET",    "PERSIST",   "CH",       "INCR",     "WITHSCORES", "WITHSCORE",
    "LIMIT",  "COUNT",   "MATCH",     "TYPE",     "BYSCORE",  "BYLEX",   "REV",    "BY",
    "STORE",  "ASC",     "DESC",      "ALPHA",    "LEFT",     "RIGHT",   "BEFORE", "AFTER",
    "IDX",    "LEN",     "MINMATCHLEN", "WITHMATCHLEN", "SUM", "MIN",    "MAX",    "WEIGHTS",
    "AGGREGATE", "OVERFLOW", "WRAP",  "SAT",      "FAIL",     "u8",      "i16",    "u63",
    "i64",    "#1",      "BIT",       "BYTE",     "AND",      "OR",      "XOR",    "NOT",
    "ASYNC",  "SYNC",    "RANK",      "MAXLEN",   "REPLACE",  "DB",      "ABSTTL", "IDLETIME",
    "FREQ",   "SETNAME", "AUTH",      "default",  "string",   "hash",    "list",   "set",
    "zset",   "ENCODING", "HELP",     "RESETSTAT", "maxmemory", "*",     "ID",     "KILL"};
constexpr const char* kNumbers[] = {"+inf", "-inf", "inf", "1.5", "-2.5e3", "nan", "0", "-0",
                                    "1e308", "(1", "(-1", "[a", "(b", "-", "+", "0x10",
                                    "9223372036854775807", "-9223372036854775808",
                                    "9223372036854775808", "18446744073709551615", " 1", "1 "};
constexpr const char* kMembers[] = {"a", "b", "c", "member", "field", "1", "2", "3", "a\0b", "x y"};
constexpr const char* kGlobs[] = {"*", "k*", "?", "[a-z]*", "\\", "[^", "*{t}*", "k[", "\\*"};

template <size_t N>
std::string pick(const char* const (&pool)[N], uint8_t choice) {
  return pool[choice % N];
}

std::string argument(Decisions& in) {
  uint8_t kind = in.byte();
  uint8_t choice = in.byte();
  switch (kind % 8) {
    case 0: return pick(kKeys, choice);
    case 1: return std::to_string(static_cast<int8_t>(choice));
    case 2: return pick(kKeywords, choice);
    case 3: return pick(kNumbers, choice);
    case 4: return in.bytes(choice % 24);
    case 5: return choice % 10 == 8 ? std::string("a\0b", 3) : pick(kMembers, choice);
    case 6: {
      uint32_t value = choice | uint32_t{in.byte()} << 8 | uint32_t{in.byte()} << 16 |
                       uint32_t{in.byte()} << 24;
      return std::to_string(static_cast<int32_t>(value));
    }
    default: return pick(kGlobs, choice);
  }
}

// Skips one complete RESP2/RESP3 reply at *offset; false if malformed.
bool skip_reply(std::string_view out, size_t* offset, int depth = 0) {
  if (depth > 64 || *offset >= out.size()) return false;
  size_t line_end = out.find("\r\n", *offset);
  if (line_end == std::string_view::npos) return false;
  char type = out[*offset];
  std::string body(out.substr(*offset + 1, line_end - *offset - 1));
  *offset = line_end + 2;
  auto count = [&body](long long* value) {
    char* end = nullptr;
    *value = std::strtoll(body.c_str(), &end, 10);
    return !body.empty() && *end == '\0';
  };
  long long value = 0;
  switch (type) {
    case '+': case '-': case ':': case ',': case '#': case '_': case '(':
      return true;
    case '$': case '=': case '!':
      if (!count(&value)) return false;
      if (value < 0) return type == '$' && value == -1;
      if (*offset + static_cast<size_t>(value) + 2 > out.size()) return false;
      *offset += static_cast<size_t>(value);
      if (out.substr(*offset, 2) != "\r\n") return false;
      *offset += 2;
      return true;
    case '*': case '~': case '%': case '>': case '|': {
      if (!count(&value)) return false;
      if (value < 0) return type == '*' && value == -1;
      long long elements = (type == '%' || type == '|') ? value * 2 : value;
      for (long long i = 0; i < elements; ++i) {
        if (!skip_reply(out, offset, depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

void run_command(Fixture& f, const std::vector<std::string>& words) {
  std::vector<std::string_view> args(words.begin(), words.end());
  std::string out;
  const cmd::CommandSpec* spec = server::validate_request(*f.engine, args, f.session, &out);
  if (spec == nullptr) {
    server::note_refused_request(args, f.session, &out);
  } else if (!server::queue_in_transaction(*f.engine, *spec, args, f.session, &out)) {
    std::vector<store::DurabilityNeed> needs;
    server::execute_command(*f.engine, *spec, args, f.session.db, f.session.protocol, &f.session,
                            &out, &needs);
  }
  size_t offset = 0;
  check(skip_reply(out, &offset));
  check(offset == out.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Fixture& f = fixture();
  Decisions in(data, size);
  for (int command = 0; command < 12 && !in.empty(); ++command) {
    const cmd::CommandSpec* spec = f.commands[in.byte() % f.commands.size()];
    std::vector<std::string> words = {spec->name};
    if (!spec->subcommands.empty()) {
      words.emplace_back(spec->subcommands[in.byte() % spec->subcommands.size()].name);
    }
    int count = in.byte() % 9;
    for (int i = 0; i < count && !in.empty(); ++i) words.push_back(argument(in));
    run_command(f, words);
  }
  // A clean slate for the next input: no keys, a fresh session, and the
  // settings that keep inputs fast back (CONFIG SET may have changed them).
  std::string out;
  std::vector<std::string_view> flush = {"flushall"};
  std::vector<store::DurabilityNeed> needs;
  server::execute_command(*f.engine, *f.flushall, flush, 0, 2, &f.session, &out, &needs);
  f.reset_session();
  f.tick();
  f.engine->proto_max_bulk_len = 1 << 20;
  f.engine->appendfsync = static_cast<int>(store::AppendFsync::kNo);
  for (int s = 0; s < f.engine->shard_count(); ++s) {
    f.engine->shard(s).store().set_fsync_mode(store::AppendFsync::kNo);
  }
  return 0;
}
