// Loop: one thread, one io_uring, the connections handed to it and the
// storage shards it owns. Connections are the loop's own; a shard's data is
// reached by whichever loop runs a command on it, under the shard's lock
// (server/shard_lock.h), or by the loop running an exclusive command while
// the others are paused (request_pause). The owner runs the shard's timers
// and reaps its committed writes.
//
// A tick: wait for completions (one io_uring_enter) → handle them (accept,
// recv, send, wake-ups; commands run as their requests are parsed) → pause
// if another loop asks → retry deferred connections → hand the write batches
// of the shards written to their committers → release replies that are
// ready and durable → queue one send per connection with output → expiry
// sweep on the timer.
#pragma once

#include <liburing.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "cmd/command.h"
#include "net/connection.h"
#include "server/engine.h"

namespace ringkv::net {

class LoopGroup;

class Loop {
 public:
  Loop(LoopGroup& group, server::Engine& engine, int index);
  ~Loop();
  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;

  // Thread body. Sets *error and returns if the ring cannot be set up.
  void run(int listen_fds_count, const int* listen_fds);

  int index() const { return index_; }
  int ring_fd() const { return ring_fd_.load(std::memory_order_acquire); }
  int wake_fd() const { return wake_fd_; }
  // Asks the loop to park at its next pause point (LoopGroup's exclusive
  // execution) and wakes it; any thread.
  void request_pause();
  int connection_count() const { return connection_count_.load(std::memory_order_relaxed); }
  // Connections this loop has plus those handed to it and not yet arrived:
  // a burst of accepts in one tick must not all go to the same loop.
  int assigned_connections() const {
    return connection_count() + incoming_connections_.load(std::memory_order_relaxed);
  }
  // Another loop hands this one a connection (before sending it); any thread.
  void expect_connection() { incoming_connections_.fetch_add(1, std::memory_order_relaxed); }
  // Only while this loop is paused or from its own thread.
  void for_each_session(const std::function<void(cmd::Session&)>& visit);
  // Wakes the loop from any thread (a syscall; loops use MSG_RING instead).
  void wake_from_outside();

 private:
  // user_data of operations not tied to a connection; connection pointers
  // are always larger, and carry an OpKind in their low bits.
  enum SpecialTag : uint64_t {
    kTagAccept = 8,
    kTagTimer = 24,
    kTagWakeFd = 32,
    kTagIgnore = 40,
    kTagNewConnection = 48,
  };
  enum OpKind : uint64_t { kOpRecv = 1, kOpSend = 2 };

  bool setup_ring();
  void setup_buffer_ring();
  io_uring_sqe* get_sqe();
  void arm_accept(int fd);
  void arm_timer();
  void arm_wake_fd();
  void arm_recv(Connection& connection);
  void start_send(Connection& connection);

  void handle_cqe(io_uring_cqe* cqe);
  void handle_recv(Connection& connection, io_uring_cqe* cqe);
  void handle_send(Connection& connection, int result);
  void on_accept(int fd);
  // `id` was taken when the socket was accepted: ids follow accept order.
  void adopt_connection(int fd, uint64_t id);
  // Protected mode refuses a non-local peer (no password, protected-mode yes).
  bool protected_mode_applies();
  // Brings the parser's limits up to date with CONFIG and the client's auth.
  void refresh_parser(Connection& connection);
  void return_buffer(uint16_t buffer_id);

  void on_input(Connection& connection, const char* data, size_t length);
  size_t parse_and_run(Connection& connection, std::string_view data);
  // parse_and_run's body: it may leave a shard lock held (see held_shard_).
  size_t run_requests(Connection& connection, std::string_view data);
  // Returns false when the command must wait (exclusive lock busy).
  bool dispatch(Connection& connection, std::span<const std::string_view> args);
  void deliver(Connection& connection, std::string reply, std::vector<store::DurabilityNeed> needs);

  // Parks once per pause requested since the last call.
  void honour_pause_requests();
  // Takes the lock of `shard` unless already held, releasing another.
  void hold_shard(int shard);
  void release_shard();
  // Runs a routed command on this thread (the caller holds what it needs);
  // `routed_shard` as for server::execute_command.
  void execute(Connection& connection, const cmd::CommandSpec& spec,
               std::span<const std::string_view> args, int routed_shard);

  void retry_deferred();
  void end_of_tick();
  void release_replies(Connection& connection);
  void mark_dirty(Connection& connection);
  void begin_close(Connection& connection);
  void maybe_finalize(Connection& connection);
  void on_timer();
  // Output not yet written to the socket: ready, in flight and queued replies.
  static size_t pending_output_bytes(const Connection& connection);
  // Closes the connection (true) when client-output-buffer-limit is reached.
  bool enforce_output_limit(Connection& connection);
  bool is_durable(const store::DurabilityNeed& need);

  LoopGroup& group_;
  server::Engine& engine_;
  int index_;
  io_uring ring_{};
  bool ring_ready_ = false;
  std::atomic<int> ring_fd_{-1};
  int wake_fd_ = -1;
  uint64_t wake_value_ = 0;
  __kernel_timespec timer_interval_{};
  std::vector<int> listen_fds_;

  // Provided buffer ring for multishot recv.
  io_uring_buf_ring* buffer_ring_ = nullptr;
  char* buffer_memory_ = nullptr;
  unsigned buffer_count_ = 0;
  unsigned buffer_size_ = 0;
  unsigned buffers_to_advance_ = 0;

  std::atomic<int> pause_requests_{0};
  // Shards written this tick whose batches end_of_tick submits.
  std::vector<bool> touched_shards_;
  std::vector<int> touched_list_;
  // The shard whose lock this loop holds while it runs one connection's
  // requests: consecutive commands on one shard (a pipeline, a hot key)
  // take it once. Released before the loop does anything else.
  int held_shard_ = -1;

  std::unordered_map<uint64_t, Connection*> connections_;
  std::atomic<int> connection_count_{0};
  std::atomic<int> incoming_connections_{0};
  std::vector<Connection*> dirty_;
  std::unordered_set<uint64_t> deferred_;
  std::unordered_set<uint64_t> waiting_;
  std::vector<Connection*> graveyard_;
  std::vector<int> owned_shards_;
  std::vector<std::string_view> args_;
  std::string scratch_;
  uint64_t last_expiry_ms_ = 0;
};

}  // namespace ringkv::net
