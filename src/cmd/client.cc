// CLIENT ID SETNAME GETNAME LIST INFO KILL NO-EVICT HELP, after Redis 7.0's
// clientCommand (networking.c): the same subcommands, arguments, errors
// and CLIENT LIST field set.
//
// LIST and KILL see every connection, so they run with all loops paused
// (kAllShards) and may read and mark any loop's sessions. KILL marks its
// victims close_after_reply; each victim's own loop closes it on its next
// timer tick (within about 100 ms), as it does for QUIT.
//
// Not implemented: REPLY, PAUSE/UNPAUSE, UNBLOCK, TRACKING, CACHING,
// GETREDIR, TRACKINGINFO (they answer "unknown subcommand").
#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <optional>

#include "cmd/admin_help.h"
#include "cmd/args.h"
#include "cmd/families.h"
#include "server/engine.h"
#include "util/numbers.h"

namespace ringkv::cmd {

namespace {

// Redis's client types. ringkv has neither replication nor (yet) pub/sub
// sessions, so every client is a normal one.
enum class ClientType { kNormal, kReplica, kPubsub, kMaster, kUnknown };

ClientType client_type_by_name(std::string_view name) {
  if (equals_ignore_case(name, "normal")) return ClientType::kNormal;
  if (equals_ignore_case(name, "slave") || equals_ignore_case(name, "replica")) {
    return ClientType::kReplica;
  }
  if (equals_ignore_case(name, "pubsub")) return ClientType::kPubsub;
  if (equals_ignore_case(name, "master")) return ClientType::kMaster;
  return ClientType::kUnknown;
}

ClientType client_type(const Session&) { return ClientType::kNormal; }

std::string client_flags(const Session& session) {
  std::string flags;
  if (session.in_multi()) flags += 'x';
  if (session.close_after_reply) flags += 'c';
  if (session.no_evict) flags += 'e';
  return flags.empty() ? "N" : flags;
}

size_t queued_bytes(const Session& session) {
  size_t bytes = 0;
  for (const QueuedCommand& command : session.multi_queue) bytes += command.arg_bytes.size();
  return bytes;
}

// One CLIENT LIST line (catClientInfoString). For the calling client,
// `current_args` and `current_request` are the sizes of the running
// command's arguments and of its request.
std::string client_info_line(const Session& session, uint64_t now_ms, size_t current_args,
                             size_t current_request) {
  size_t multi_bytes = queued_bytes(session);
  size_t output = session.output_buffer_bytes;
  size_t input = session.query_buffer_bytes + current_request;
  return fmt::format(
      "id={} addr={} laddr={} fd={} name={} age={} idle={} flags={} db={} sub=0 psub=0 ssub=0 "
      "multi={} qbuf={} qbuf-free=0 argv-mem={} multi-mem={} rbs=0 rbp=0 obl={} oll=0 omem={} "
      "tot-mem={} events=r{} cmd={} user=default redir=-1 resp={}\n",
      session.id, session.peer, session.local, session.fd, session.name,
      (now_ms - std::min(now_ms, session.created_ms)) / 1000,
      (now_ms - std::min(now_ms, session.last_interaction_ms)) / 1000, client_flags(session),
      session.db, session.in_multi() ? session.multi_count : -1, input, current_args, multi_bytes,
      output, output, input + current_args + multi_bytes + output, output > 0 ? "w" : "",
      session.last_command != nullptr ? full_name(*session.last_command) : "NULL",
      session.protocol);
}

size_t args_bytes(CommandContext& ctx) {
  size_t bytes = 0;
  for (std::string_view arg : ctx.args) bytes += arg.size();
  return bytes;
}

// The size of the running command as a RESP request: while it runs, those
// bytes are still in the caller's input (Redis's qbuf shows them too).
size_t request_bytes(CommandContext& ctx) {
  size_t bytes = fmt::formatted_size("*{}\r\n", ctx.argc());
  for (std::string_view arg : ctx.args) {
    bytes += fmt::formatted_size("${}\r\n", arg.size()) + arg.size() + 2;
  }
  return bytes;
}

// Every live session, in connection order (the registry visits them so).
std::vector<Session*> all_sessions(CommandContext& ctx) {
  std::vector<Session*> sessions;
  if (ctx.engine.sessions == nullptr) return sessions;
  ctx.engine.sessions->for_each_session([&](Session& session) {
    if (!session.killed) sessions.push_back(&session);
  });
  return sessions;
}

std::string line_for(CommandContext& ctx, const Session& session) {
  bool caller = &session == ctx.session;
  return client_info_line(session, ctx.now_ms, caller ? args_bytes(ctx) : 0,
                          caller ? request_bytes(ctx) : 0);
}

void client_id(CommandContext& ctx) { ctx.reply.integer(static_cast<int64_t>(ctx.session->id)); }

bool valid_client_name(std::string_view name) {
  return std::all_of(name.begin(), name.end(), [](char c) { return c >= '!' && c <= '~'; });
}

void client_setname(CommandContext& ctx) {
  std::string_view name = ctx.arg(2);
  if (!valid_client_name(name)) {
    ctx.reply.error("ERR Client names cannot contain spaces, newlines or special characters.");
    return;
  }
  ctx.session->name = std::string(name);  // an empty name removes it
  ctx.reply.ok();
}

void client_getname(CommandContext& ctx) {
  if (ctx.session->name.empty()) {
    ctx.reply.null();
  } else {
    ctx.reply.bulk(ctx.session->name);
  }
}

void client_info(CommandContext& ctx) { ctx.reply.verbatim(line_for(ctx, *ctx.session)); }

// CLIENT LIST [TYPE type | ID id [id ...]]
void client_list(CommandContext& ctx) {
  std::string text;
  if (ctx.argc() > 3 && is_option(ctx.arg(2), "ID")) {
    std::vector<int64_t> ids;
    for (size_t i = 3; i < ctx.argc(); ++i) {
      int64_t id = 0;
      if (!parse_int64(ctx.arg(i), &id)) {
        ctx.reply.error("ERR Invalid client ID");
        return;
      }
      ids.push_back(id);
    }
    auto sessions = all_sessions(ctx);
    for (int64_t id : ids) {
      for (const Session* session : sessions) {
        if (static_cast<int64_t>(session->id) == id) text += line_for(ctx, *session);
      }
    }
    ctx.reply.verbatim(text);
    return;
  }
  std::optional<ClientType> type;
  if (ctx.argc() == 4 && is_option(ctx.arg(2), "TYPE")) {
    type = client_type_by_name(ctx.arg(3));
    if (type == ClientType::kUnknown) {
      ctx.reply.error("ERR Unknown client type '" + std::string(ctx.arg(3)) + "'");
      return;
    }
  } else if (ctx.argc() != 2) {
    ctx.reply.error(resp::kErrSyntax);
    return;
  }
  for (const Session* session : all_sessions(ctx)) {
    if (!type || client_type(*session) == *type) text += line_for(ctx, *session);
  }
  ctx.reply.verbatim(text);
}

struct KillFilter {
  std::optional<std::string> address;
  std::optional<std::string> local_address;
  std::optional<ClientType> type;
  uint64_t id = 0;  // 0 = any
  bool skip_me = true;
};

// Parses CLIENT KILL's new form (<option> <value> pairs); false after
// replying the error.
bool parse_kill_filter(CommandContext& ctx, KillFilter* filter) {
  for (size_t i = 2; i < ctx.argc(); i += 2) {
    std::string_view option = ctx.arg(i);
    if (i + 1 >= ctx.argc()) {
      ctx.reply.error(resp::kErrSyntax);
      return false;
    }
    std::string_view value = ctx.arg(i + 1);
    if (is_option(option, "ID")) {
      int64_t id = 0;
      if (!parse_int64(value, &id) || id < 1) {
        ctx.reply.error("ERR client-id should be greater than 0");
        return false;
      }
      filter->id = static_cast<uint64_t>(id);
    } else if (is_option(option, "TYPE")) {
      filter->type = client_type_by_name(value);
      if (filter->type == ClientType::kUnknown) {
        ctx.reply.error("ERR Unknown client type '" + std::string(value) + "'");
        return false;
      }
    } else if (is_option(option, "ADDR")) {
      filter->address = std::string(value);
    } else if (is_option(option, "LADDR")) {
      filter->local_address = std::string(value);
    } else if (is_option(option, "USER")) {
      // "default" is the only user, and every client is authenticated as it.
      if (value != "default") {
        ctx.reply.error("ERR No such user '" + std::string(value) + "'");
        return false;
      }
    } else if (is_option(option, "SKIPME") && (is_option(value, "YES") || is_option(value, "NO"))) {
      filter->skip_me = is_option(value, "YES");
    } else {
      ctx.reply.error(resp::kErrSyntax);
      return false;
    }
  }
  return true;
}

bool matches(const KillFilter& filter, const Session& session, const Session* self) {
  if (filter.address && session.peer != *filter.address) return false;
  if (filter.local_address && session.local != *filter.local_address) return false;
  if (filter.type && client_type(session) != *filter.type) return false;
  if (filter.id != 0 && session.id != filter.id) return false;
  return !(filter.skip_me && &session == self);
}

// CLIENT KILL addr:port | CLIENT KILL <option> <value> [...]
void client_kill(CommandContext& ctx) {
  KillFilter filter;
  bool old_form = ctx.argc() == 3;
  if (old_form) {
    filter.address = std::string(ctx.arg(2));
    filter.skip_me = false;  // with the old form a client may kill itself
  } else if (!parse_kill_filter(ctx, &filter)) {
    return;
  }
  int64_t killed = 0;
  for (Session* session : all_sessions(ctx)) {
    if (!matches(filter, *session, ctx.session)) continue;
    // Each victim's loop closes it; the caller's own connection closes
    // after this reply has left.
    session->close_after_reply = true;
    session->killed = true;
    ++killed;
  }
  if (!old_form) {
    ctx.reply.integer(killed);
  } else if (killed == 0) {
    ctx.reply.error("ERR No such client");
  } else {
    ctx.reply.ok();
  }
}

void client_no_evict(CommandContext& ctx) {
  if (is_option(ctx.arg(2), "ON") || is_option(ctx.arg(2), "OFF")) {
    ctx.session->no_evict = is_option(ctx.arg(2), "ON");
    ctx.reply.ok();
  } else {
    ctx.reply.error(resp::kErrSyntax);
  }
}

void client_help(CommandContext& ctx) {
  reply_help(ctx.reply, "CLIENT",
             {"GETNAME", "    Return the name of the current connection.", "ID",
              "    Return the ID of the current connection.", "INFO",
              "    Return information about the current client connection.", "KILL <ip:port>",
              "    Kill connection made from <ip:port>.",
              "KILL <option> <value> [<option> <value> [...]]",
              "    Kill connections. Options are:", "    * ADDR (<ip:port>|<unixsocket>:0)",
              "      Kill connections made from the specified address",
              "    * LADDR (<ip:port>|<unixsocket>:0)",
              "      Kill connections made to specified local address",
              "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)", "      Kill connections by type.",
              "    * USER <username>", "      Kill connections authenticated by <username>.",
              "    * SKIPME (YES|NO)", "      Skip killing current connection (default: yes).",
              "LIST [options ...]", "    Return information about client connections. Options:",
              "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
              "      Return clients of specified type.",
              "SETNAME <name>", "    Assign the name <name> to the current connection.",
              "NO-EVICT (ON|OFF)", "    Protect current client connection from eviction."});
}

// Unknown subcommands are answered by the dispatcher.
void client(CommandContext& ctx) { client_help(ctx); }

}  // namespace

void add_client_commands(std::vector<CommandSpec>* table) {
  constexpr uint32_t kOwn = kSession | kNoScript | kLoading | kStale;
  constexpr uint32_t kAll = kAdmin | kNoScript | kLoading | kStale | kAllShards;
  table->push_back(
      {"client", -2, 0, 0, 0, 0, client, "connection",
       "A container for client connection commands", "2.4.0",
       {
           {"id", 2, kOwn, 0, 0, 0, client_id, "connection",
            "Returns the client ID for the current connection", "5.0.0"},
           {"setname", 3, kOwn, 0, 0, 0, client_setname, "connection",
            "Set the current connection name", "2.6.9"},
           {"getname", 2, kOwn, 0, 0, 0, client_getname, "connection",
            "Get the current connection name", "2.6.9"},
           {"list", -2, kAll, 0, 0, 0, client_list, "connection",
            "Get the list of client connections", "2.4.0"},
           {"info", 2, kOwn, 0, 0, 0, client_info, "connection",
            "Returns information about the current client connection.", "6.2.0"},
           {"kill", -3, kAll, 0, 0, 0, client_kill, "connection",
            "Kill the connection of a client", "2.4.0"},
           {"no-evict", 3, kOwn | kAdmin, 0, 0, 0, client_no_evict, "connection",
            "Set client eviction mode for the current connection", "7.0.0"},
           {"help", 2, kLoading | kStale, 0, 0, 0, client_help, "connection",
            "Show helpful text about the different subcommands", "5.0.0"},
       }});
}

}  // namespace ringkv::cmd
