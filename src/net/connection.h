// Connection: one client socket on one loop — its input bytes, parser,
// session, ordered reply queue and output. Owned by its loop; freed only
// after every io_uring operation that names it has completed.
#pragma once

#include <cstdint>
#include <string>

#include "cmd/session.h"
#include "net/client_limits.h"
#include "net/ordered_reply_queue.h"
#include "resp/request_parser.h"

namespace ringkv::net {

struct Connection {
  uint64_t id = 0;
  int fd = -1;
  cmd::Session session;

  // Input not yet parsed: the unfinished tail of a request (or everything
  // received while the connection waits to run an exclusive command).
  std::string input;
  resp::RequestParser parser;

  OrderedReplyQueue replies;
  std::string output;    // ready bytes, not yet handed to the kernel
  std::string sending;   // bytes of the send in flight
  size_t sending_offset = 0;
  // Bytes of filled replies still held in `replies` (ordered, or waiting for
  // durability): they count towards client-output-buffer-limit too.
  size_t queued_reply_bytes = 0;
  OutputLimitState output_limit;

  bool recv_armed = false;
  bool send_in_flight = false;
  bool needs_rearm = false;   // multishot recv ended (ENOBUFS...) and must restart
  bool deferred = false;      // an exclusive command waits for the global lock
  bool closing = false;
  bool shut_down = false;
  bool peer_closed = false;
  bool in_dirty_list = false;
};

}  // namespace ringkv::net
