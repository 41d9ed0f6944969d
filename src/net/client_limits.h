// Client limits: the per-connection policies Redis 7.0 applies to clients —
// protected mode at accept, the normal class of client-output-buffer-limit
// while replies pile up — kept apart from the loop's I/O so that each rule
// reads like Redis's and can be tested without sockets.
//
// Threading: pure functions and a per-connection state owned by the
// connection's loop.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <string_view>

namespace ringkv::net {

// Redis's islocalClient(): only a peer whose address text is exactly
// "127.0.0.1" or "::1" is local (127.0.0.2 is not).
bool is_local_peer(const sockaddr_storage& peer);

// The reply (with "\r\n") a protected-mode server sends a non-local client
// before closing it: networking.c's clientAcceptHandler text, verbatim.
std::string_view protected_mode_denial();

// The normal class of client-output-buffer-limit (bytes, seconds; 0 = none).
struct OutputBufferLimit {
  uint64_t hard_bytes = 0;
  uint64_t soft_bytes = 0;
  uint64_t soft_seconds = 0;
  bool any() const { return hard_bytes != 0 || soft_bytes != 0; }
};

// When a connection's pending output first stayed at or above the soft
// limit (0 = it is below).
struct OutputLimitState {
  uint64_t soft_since_ms = 0;
};

// Redis's checkClientOutputBufferLimits(): true when `pending_bytes`
// reaches the hard limit, or has stayed at or above the soft limit for
// longer than soft_seconds. Updates the soft-limit clock in `state`.
bool output_limit_reached(const OutputBufferLimit& limit, uint64_t pending_bytes, uint64_t now_ms,
                          OutputLimitState* state);

}  // namespace ringkv::net
