// Loop, client side: accepting connections (maxclients, protected mode),
// the per-client limits (request sizes, client-output-buffer-limit) and
// closing. Split from loop.cc, which runs the ring and the requests.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/client_limits.h"
#include "net/loop.h"
#include "net/loop_group.h"
#include "server/log.h"

namespace ringkv::net {

namespace {
std::string address_text(const sockaddr_storage& address) {
  char host[INET6_ADDRSTRLEN] = "?";
  int port = 0;
  if (address.ss_family == AF_INET) {
    auto* in = reinterpret_cast<const sockaddr_in*>(&address);
    inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
    port = ntohs(in->sin_port);
  } else if (address.ss_family == AF_INET6) {
    auto* in6 = reinterpret_cast<const sockaddr_in6*>(&address);
    inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
    port = ntohs(in6->sin6_port);
  }
  return fmt::format("{}:{}", host, port);
}
}  // namespace

void Loop::on_accept(int fd) {
  engine_.stats.connections_received.fetch_add(1, std::memory_order_relaxed);
  int target = group_.least_loaded_loop();
  uint64_t id = group_.next_connection_id();
  if (target == index_) {
    adopt_connection(fd, id);
    return;
  }
  group_.note_handoff_id(fd, id);
  // Hand the socket to the other loop through its ring: it arrives there as
  // a completion whose result is the fd.
  group_.loop(target).expect_connection();
  io_uring_sqe* sqe = get_sqe();
  io_uring_prep_msg_ring(sqe, group_.loop(target).ring_fd(), static_cast<unsigned>(fd),
                         kTagNewConnection, 0);
  io_uring_sqe_set_data64(sqe, kTagIgnore);
}

void Loop::adopt_connection(int fd, uint64_t id) {
  auto* connection = new Connection();
  connection->id = id;
  connection->fd = fd;
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_storage peer{};
  socklen_t length = sizeof peer;
  bool have_peer = getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &length) == 0;
  if (have_peer) connection->session.peer = address_text(peer);
  sockaddr_storage address{};
  length = sizeof address;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    connection->session.local = address_text(address);
  }
  connection->session.id = connection->id;
  connection->session.fd = fd;
  connection->session.loop_index = index_;
  connection->session.created_ms = server::now_ms();
  connection->session.last_interaction_ms = connection->session.created_ms;
  connection->session.authenticated = !engine_.auth_required();
  refresh_parser(*connection);
  connections_.emplace(connection->id, connection);
  connection_count_.fetch_add(1, std::memory_order_relaxed);
  int64_t clients = engine_.stats.connected_clients.fetch_add(1, std::memory_order_relaxed) + 1;
  // Like Redis: the refused client gets one error line, then the close.
  std::string_view refusal;
  if (clients > engine_.maxclients.load(std::memory_order_relaxed)) {
    refusal = "-ERR max number of clients reached\r\n";
  } else if (have_peer && !is_local_peer(peer) && protected_mode_applies()) {
    refusal = protected_mode_denial();
  }
  if (!refusal.empty()) {
    engine_.stats.rejected_connections.fetch_add(1, std::memory_order_relaxed);
    connection->output = refusal;
    connection->session.close_after_reply = true;
    mark_dirty(*connection);
    return;
  }
  arm_recv(*connection);
}

bool Loop::protected_mode_applies() {
  // Only non-local peers get here, so the settings lock stays off the
  // common path. CONFIG SET protected-mode changes it at run time.
  if (engine_.auth_required()) return false;
  std::string setting = engine_.get_setting("protected-mode");
  return setting.empty() ? engine_.config().protected_mode : setting == "yes";
}

void Loop::refresh_parser(Connection& connection) {
  // proto-max-bulk-len may change at run time (CONFIG SET); Redis 7.0
  // allows multibulk counts up to INT_MAX.
  connection.parser.set_limits(
      resp::ParseLimits{engine_.proto_max_bulk_len.load(std::memory_order_relaxed), 2147483647,
                        64 * 1024});
  // Redis's authRequired(): a password is set and this client has not
  // authenticated; such clients get small multibulk and bulk limits.
  connection.parser.set_unauthenticated(!connection.session.authenticated &&
                                        engine_.auth_required());
}
void Loop::begin_close(Connection& connection) {
  if (connection.closing) return;
  connection.closing = true;
  if ((connection.recv_armed || connection.send_in_flight) && !connection.shut_down) {
    // Ends the multishot recv and any send in flight; their completions
    // arrive later and only then may the connection be freed.
    shutdown(connection.fd, SHUT_RDWR);
    connection.shut_down = true;
  }
}

void Loop::maybe_finalize(Connection& connection) {
  if (!connection.closing || connection.recv_armed || connection.send_in_flight) return;
  if (connection.fd < 0) return;  // already finalized
  close(connection.fd);
  connection.fd = -1;
  connections_.erase(connection.id);
  deferred_.erase(connection.id);
  waiting_.erase(connection.id);
  connection_count_.fetch_sub(1, std::memory_order_relaxed);
  engine_.stats.connected_clients.fetch_sub(1, std::memory_order_relaxed);
  graveyard_.push_back(&connection);
}

size_t Loop::pending_output_bytes(const Connection& connection) {
  return connection.output.size() + (connection.sending.size() - connection.sending_offset) +
         connection.queued_reply_bytes;
}

bool Loop::enforce_output_limit(Connection& connection) {
  if (connection.closing) return false;
  OutputBufferLimit limit{engine_.client_output_hard_limit.load(std::memory_order_relaxed),
                          engine_.client_output_soft_limit.load(std::memory_order_relaxed),
                          engine_.client_output_soft_seconds.load(std::memory_order_relaxed)};
  if (!limit.any()) return false;
  if (!output_limit_reached(limit, pending_output_bytes(connection), server::now_ms(),
                            &connection.output_limit)) {
    return false;
  }
  server::log_warning(fmt::format(
      "Client id={} addr={} scheduled to be closed ASAP for overcoming of output buffer limits.",
      connection.id, connection.session.peer));
  // Redis drops the pending replies with the client: free them now rather
  // than when the last operation on the socket completes.
  connection.output.clear();
  connection.output.shrink_to_fit();
  begin_close(connection);
  return true;
}

}  // namespace ringkv::net
