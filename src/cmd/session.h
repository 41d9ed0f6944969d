// Session: the per-connection client state that commands may read or change
// (selected db, protocol, name, auth). It lives on the connection's loop;
// commands executed on another loop get only a copy of db and protocol.
#pragma once

#include <cstdint>
#include <string>

namespace ringkv::cmd {

struct Session {
  uint64_t id = 0;
  int fd = -1;
  int db = 0;
  int protocol = 2;
  bool authenticated = false;
  bool close_after_reply = false;  // QUIT, protocol errors, CLIENT KILL
  bool no_evict = false;
  std::string name;
  std::string peer;   // "ip:port"
  std::string local;  // "ip:port"
  uint64_t created_ms = 0;
  uint64_t last_interaction_ms = 0;
  std::string last_command = "NULL";
  size_t query_buffer_bytes = 0;
  size_t output_buffer_bytes = 0;
  int loop_index = 0;
};

}  // namespace ringkv::cmd
