// Connection commands: PING ECHO QUIT SELECT AUTH HELLO RESET. They read or
// change the connection's Session and so always run on its own loop.
#include "cmd/args.h"
#include "cmd/families.h"
#include "server/engine.h"
#include "server/version.h"
#include "util/numbers.h"

namespace ringkv::cmd {

namespace {

// Constant-time comparison: the time taken must not tell how much of a
// guessed password was right.
bool same_secret(std::string_view given, std::string_view expected) {
  unsigned char difference = given.size() == expected.size() ? 0 : 1;
  for (size_t i = 0; i < given.size(); ++i) {
    unsigned char other = i < expected.size() ? static_cast<unsigned char>(expected[i]) : 0;
    difference |= static_cast<unsigned char>(given[i]) ^ other;
  }
  return difference == 0;
}

constexpr std::string_view kWrongPass = "WRONGPASS invalid username-password pair or user is disabled.";

// Checks user/password against requirepass ("default" is the only user).
bool check_credentials(CommandContext& ctx, std::string_view user, std::string_view password) {
  std::string expected = ctx.engine.requirepass();
  if (user != "default") return false;
  if (expected.empty()) return true;  // nopass default user accepts anything
  return same_secret(password, expected);
}

void ping(CommandContext& ctx) {
  if (ctx.argc() > 2) {
    reply_wrong_arity(ctx.reply, "ping");
  } else if (ctx.argc() == 2) {
    ctx.reply.bulk(ctx.arg(1));
  } else {
    ctx.reply.simple("PONG");
  }
}

void echo(CommandContext& ctx) { ctx.reply.bulk(ctx.arg(1)); }

void quit(CommandContext& ctx) {
  ctx.reply.ok();
  ctx.session->close_after_reply = true;
}

void select(CommandContext& ctx) {
  int64_t index = 0;
  if (!parse_integer_arg(ctx, ctx.arg(1), &index)) return;
  if (index < 0 || index >= ctx.engine.config().databases) {
    ctx.reply.error("ERR DB index is out of range");
    return;
  }
  ctx.session->db = static_cast<int>(index);
  ctx.reply.ok();
}

void auth(CommandContext& ctx) {
  if (ctx.argc() > 3) {
    ctx.reply.error(resp::kErrSyntax);
    return;
  }
  std::string_view user = ctx.argc() == 3 ? ctx.arg(1) : "default";
  std::string_view password = ctx.argc() == 3 ? ctx.arg(2) : ctx.arg(1);
  if (ctx.argc() == 2 && !ctx.engine.auth_required()) {
    ctx.reply.error(
        "ERR AUTH <password> called without any password configured for the default user. Are "
        "you sure your configuration is correct?");
    return;
  }
  if (!check_credentials(ctx, user, password)) {
    ctx.reply.error(kWrongPass);
    return;
  }
  ctx.session->authenticated = true;
  ctx.reply.ok();
}

void hello(CommandContext& ctx) {
  int64_t version = ctx.session->protocol;
  size_t next = 1;
  if (ctx.argc() >= 2) {
    if (!parse_int64(ctx.arg(1), &version)) {
      ctx.reply.error("ERR Protocol version is not an integer or out of range");
      return;
    }
    if (version < 2 || version > 3) {
      ctx.reply.error("NOPROTO unsupported protocol version");
      return;
    }
    next = 2;
  }
  std::string_view new_name;
  bool set_name = false;
  for (size_t i = next; i < ctx.argc(); ++i) {
    bool more = i + 1 < ctx.argc();
    if (is_option(ctx.arg(i), "AUTH") && i + 2 < ctx.argc()) {
      if (!check_credentials(ctx, ctx.arg(i + 1), ctx.arg(i + 2))) {
        ctx.reply.error(kWrongPass);
        return;
      }
      ctx.session->authenticated = true;
      i += 2;
    } else if (is_option(ctx.arg(i), "SETNAME") && more) {
      new_name = ctx.arg(i + 1);
      for (char c : new_name) {
        if (c < '!' || c > '~') {
          ctx.reply.error("ERR Client names cannot contain spaces, newlines or special characters.");
          return;
        }
      }
      set_name = true;
      ++i;
    } else {
      ctx.reply.error("ERR Syntax error in HELLO option '" + std::string(ctx.arg(i)) + "'");
      return;
    }
  }
  if (!ctx.session->authenticated) {
    ctx.reply.error("NOAUTH HELLO must be called with the client already authenticated, otherwise "
                    "the HELLO AUTH <user> <pass> option can be used to authenticate the "
                    "client and select the RESP protocol version at the same time");
    return;
  }
  if (set_name) ctx.session->name = std::string(new_name);
  ctx.session->protocol = static_cast<int>(version);
  resp::ReplyWriter reply(ctx.reply.buffer(), ctx.session->protocol);
  reply.map(7);
  reply.bulk("server");
  reply.bulk("redis");
  reply.bulk("version");
  reply.bulk(server::kRedisVersion);
  reply.bulk("proto");
  reply.integer(version);
  reply.bulk("id");
  reply.integer(static_cast<int64_t>(ctx.session->id));
  reply.bulk("mode");
  reply.bulk("standalone");
  reply.bulk("role");
  reply.bulk("master");
  reply.bulk("modules");
  reply.array(0);
}

void reset(CommandContext& ctx) {
  Session& session = *ctx.session;
  session.db = 0;
  session.protocol = 2;
  session.name.clear();
  session.authenticated = !ctx.engine.auth_required();
  session.no_evict = false;
  session.end_transaction();  // discards MULTI, unwatches
  resp::ReplyWriter(ctx.reply.buffer(), 2).simple("RESET");
}

}  // namespace

void add_connection_commands(std::vector<CommandSpec>* table) {
  constexpr uint32_t kConn = kSession | kFast | kLoading | kStale;
  table->push_back({"ping", -1, kFast, 0, 0, 0, ping, "connection", "Ping the server", "1.0.0"});
  table->push_back({"echo", 2, kFast, 0, 0, 0, echo, "connection", "Echo the given string", "1.0.0"});
  table->push_back({"quit", -1, kConn | kNoAuth, 0, 0, 0, quit, "connection",
                    "Close the connection", "1.0.0"});
  table->push_back({"select", 2, kConn, 0, 0, 0, select, "connection",
                    "Change the selected database for the current connection", "1.0.0"});
  table->push_back({"auth", -2, kConn | kNoAuth, 0, 0, 0, auth, "connection",
                    "Authenticate to the server", "1.0.0"});
  table->push_back({"hello", -1, kConn | kNoAuth, 0, 0, 0, hello, "connection",
                    "Handshake with Redis", "6.0.0"});
  table->push_back({"reset", 1, kConn | kNoAuth, 0, 0, 0, reset, "connection",
                    "Reset the connection", "6.2.0"});
}

}  // namespace ringkv::cmd
