// Client limits: protected mode and output buffer limits; see the header.
#include "net/client_limits.h"

#include <netinet/in.h>

#include <cstring>

namespace ringkv::net {

bool is_local_peer(const sockaddr_storage& peer) {
  if (peer.ss_family == AF_INET) {
    const auto* in4 = reinterpret_cast<const sockaddr_in*>(&peer);
    return ntohl(in4->sin_addr.s_addr) == INADDR_LOOPBACK;
  }
  if (peer.ss_family == AF_INET6) {
    // Only "::1" itself: Redis compares the printed address, so an
    // IPv4-mapped ::ffff:127.0.0.1 is not local either.
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&peer);
    return std::memcmp(&in6->sin6_addr, &in6addr_loopback, sizeof in6addr_loopback) == 0;
  }
  return peer.ss_family == AF_UNIX;
}

std::string_view protected_mode_denial() {
  return "-DENIED Redis is running in protected mode because protected "
         "mode is enabled and no password is set for the default user. "
         "In this mode connections are only accepted from the loopback interface. "
         "If you want to connect from external computers to Redis you "
         "may adopt one of the following solutions: "
         "1) Just disable protected mode sending the command "
         "'CONFIG SET protected-mode no' from the loopback interface "
         "by connecting to Redis from the same host the server is "
         "running, however MAKE SURE Redis is not publicly accessible "
         "from internet if you do so. Use CONFIG REWRITE to make this "
         "change permanent. "
         "2) Alternatively you can just disable the protected mode by "
         "editing the Redis configuration file, and setting the protected "
         "mode option to 'no', and then restarting the server. "
         "3) If you started the server manually just for testing, restart "
         "it with the '--protected-mode no' option. "
         "4) Setup a an authentication password for the default user. "
         "NOTE: You only need to do one of the above things in order for "
         "the server to start accepting connections from the outside.\r\n";
}

bool output_limit_reached(const OutputBufferLimit& limit, uint64_t pending_bytes, uint64_t now_ms,
                          OutputLimitState* state) {
  if (limit.hard_bytes != 0 && pending_bytes >= limit.hard_bytes) return true;
  if (limit.soft_bytes == 0 || pending_bytes < limit.soft_bytes) {
    state->soft_since_ms = 0;
    return false;
  }
  if (state->soft_since_ms == 0) {
    // First time over the soft limit: start its clock (never 0 itself).
    state->soft_since_ms = now_ms == 0 ? 1 : now_ms;
    return false;
  }
  // Closed once the soft limit held for more than soft_seconds (Redis
  // counts whole seconds of its clock; milliseconds only make it steadier).
  return now_ms - state->soft_since_ms > limit.soft_seconds * 1000;
}

}  // namespace ringkv::net
