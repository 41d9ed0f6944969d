// Session: the per-connection client state that commands may read or change
// (selected db, protocol, name, auth). It lives on the connection's loop;
// commands executed on another loop get only a copy of db and protocol.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cmd/watch_table.h"

namespace ringkv::cmd {

struct CommandSpec;

// A command queued between MULTI and EXEC, its arguments copied back to back.
struct QueuedCommand {
  const CommandSpec* spec = nullptr;
  std::string arg_bytes;
  std::vector<uint32_t> arg_ends;  // end offset of each argument

  // Views of the arguments, valid while this command lives.
  void args(std::vector<std::string_view>* out) const {
    out->clear();
    uint32_t start = 0;
    for (uint32_t end : arg_ends) {
      out->emplace_back(arg_bytes.data() + start, end - start);
      start = end;
    }
  }
};

struct Session {
  uint64_t id = 0;
  int fd = -1;
  int db = 0;
  int protocol = 2;
  bool authenticated = false;
  bool close_after_reply = false;  // QUIT, protocol errors, CLIENT KILL
  // Killed by CLIENT KILL: gone for CLIENT LIST, CLIENT KILL and INFO's
  // connected_clients at once, though its loop closes it a little later.
  bool killed = false;
  bool no_evict = false;
  std::string name;
  std::string peer;   // "ip:port"
  std::string local;  // "ip:port"
  uint64_t created_ms = 0;
  uint64_t last_interaction_ms = 0;
  // The last command looked up for this client (nullptr when unknown), as
  // CLIENT LIST's cmd= shows it. Set by the dispatcher while validating a
  // request, which only reads the rest of the session.
  mutable const CommandSpec* last_command = nullptr;
  size_t query_buffer_bytes = 0;
  size_t output_buffer_bytes = 0;
  int loop_index = 0;

  // Transactions (cmd/transactions.cc, server/transaction.h).
  int multi_count = -1;       // commands queued since MULTI; -1 outside MULTI
  bool multi_failed = false;  // a command was refused while queuing: EXEC aborts
  std::vector<QueuedCommand> multi_queue;
  // WATCHed keys, null when none. Shared only so that Session stays copyable.
  std::shared_ptr<WatchSet> watches;

  bool in_multi() const { return multi_count >= 0; }
  // Leaves MULTI and stops watching (EXEC, DISCARD, RESET).
  void end_transaction() {
    multi_count = -1;
    multi_failed = false;
    multi_queue.clear();
    watches.reset();
  }
};

}  // namespace ringkv::cmd
