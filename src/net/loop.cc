// Loop: the io_uring event loop of one core; see loop.h for the tick.
// Accepting, client limits and closing are in loop_clients.cc.
#include "net/loop.h"

#include <fmt/format.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "net/loop_group.h"
#include "server/executor.h"
#include "server/log.h"
#include "server/transaction.h"
#include "util/coarse_clock.h"

namespace ringkv::net {

namespace {
constexpr unsigned kRingEntries = 4096;
constexpr unsigned kBufferCount = 1024;  // power of two (ring mask)
constexpr unsigned kBufferSize = 16 * 1024;
constexpr uint16_t kBufferGroup = 0;
constexpr uint64_t kTagMask = 7;
constexpr uint64_t kTimerMs = 100;
constexpr size_t kExpireBudgetPerTick = 1000;
// Members of dead collections removed per shard per timer tick: 1 M members
// are gone in about 5 s while each tick stays a few milliseconds long.
constexpr size_t kSweepBudgetPerTick = 20000;
// Keys added per shard per timer tick while its key filter is rebuilt.
constexpr size_t kKeyFilterRebuildBudgetPerTick = 20000;

}  // namespace

Loop::Loop(LoopGroup& group, server::Engine& engine, int index)
    : group_(group), engine_(engine), index_(index), touched_shards_(engine.shard_count(), false) {
  wake_fd_ = eventfd(0, EFD_CLOEXEC);
  for (int s = 0; s < engine_.shard_count(); ++s) {
    if (engine_.owner_loop(s) == index_) owned_shards_.push_back(s);
  }
}

Loop::~Loop() {
  for (auto& [id, connection] : connections_) {
    if (connection->fd >= 0) close(connection->fd);
    delete connection;
  }
  for (Connection* connection : graveyard_) delete connection;
  if (ring_ready_) io_uring_queue_exit(&ring_);
  std::free(buffer_ring_);
  std::free(buffer_memory_);
  if (wake_fd_ >= 0) close(wake_fd_);
}

bool Loop::setup_ring() {
  io_uring_params params{};
  // SINGLE_ISSUER: only this thread submits; DEFER_TASKRUN: completions are
  // processed when we enter to wait, not by interrupting us mid-tick.
  params.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
  int result = io_uring_queue_init_params(kRingEntries, &ring_, &params);
  if (result < 0) {
    params = io_uring_params{};
    params.flags = IORING_SETUP_COOP_TASKRUN;
    result = io_uring_queue_init_params(kRingEntries, &ring_, &params);
  }
  if (result < 0) {
    server::log_warning(fmt::format("loop {}: io_uring setup failed: {}", index_, strerror(-result)));
    return false;
  }
  ring_ready_ = true;
  setup_buffer_ring();
  ring_fd_.store(ring_.ring_fd, std::memory_order_release);
  return buffer_ring_ != nullptr;
}

void Loop::setup_buffer_ring() {
  buffer_count_ = kBufferCount;
  buffer_size_ = kBufferSize;
  void* ring_memory = nullptr;
  if (posix_memalign(&ring_memory, 4096, buffer_count_ * sizeof(io_uring_buf)) != 0) return;
  buffer_ring_ = static_cast<io_uring_buf_ring*>(ring_memory);
  io_uring_buf_ring_init(buffer_ring_);
  io_uring_buf_reg registration{};
  registration.ring_addr = reinterpret_cast<uint64_t>(buffer_ring_);
  registration.ring_entries = buffer_count_;
  registration.bgid = kBufferGroup;
  int result = io_uring_register_buf_ring(&ring_, &registration, 0);
  if (result < 0) {
    server::log_warning(fmt::format("loop {}: provided buffer ring unavailable: {}", index_,
                                    strerror(-result)));
    std::free(buffer_ring_);
    buffer_ring_ = nullptr;
    return;
  }
  buffer_memory_ = static_cast<char*>(std::malloc(size_t{buffer_count_} * buffer_size_));
  int mask = io_uring_buf_ring_mask(buffer_count_);
  for (unsigned i = 0; i < buffer_count_; ++i) {
    io_uring_buf_ring_add(buffer_ring_, buffer_memory_ + size_t{i} * buffer_size_, buffer_size_,
                          static_cast<unsigned short>(i), mask, static_cast<int>(i));
  }
  io_uring_buf_ring_advance(buffer_ring_, static_cast<int>(buffer_count_));
}

void Loop::return_buffer(uint16_t buffer_id) {
  io_uring_buf_ring_add(buffer_ring_, buffer_memory_ + size_t{buffer_id} * buffer_size_,
                        buffer_size_, buffer_id, io_uring_buf_ring_mask(buffer_count_),
                        static_cast<int>(buffers_to_advance_));
  ++buffers_to_advance_;
}

io_uring_sqe* Loop::get_sqe() {
  io_uring_sqe* sqe = io_uring_get_sqe(&ring_);
  while (sqe == nullptr) {
    // The submission queue is full: flush it and try again.
    io_uring_submit(&ring_);
    sqe = io_uring_get_sqe(&ring_);
  }
  return sqe;
}

void Loop::arm_accept(int fd) {
  io_uring_sqe* sqe = get_sqe();
  io_uring_prep_multishot_accept(sqe, fd, nullptr, nullptr, SOCK_CLOEXEC);
  io_uring_sqe_set_data64(sqe, kTagAccept | (static_cast<uint64_t>(fd) << 32));
}

void Loop::arm_timer() {
  timer_interval_.tv_sec = 0;
  timer_interval_.tv_nsec = static_cast<long long>(kTimerMs) * 1000 * 1000;
  io_uring_sqe* sqe = get_sqe();
  io_uring_prep_timeout(sqe, &timer_interval_, 0, 0);
  io_uring_sqe_set_data64(sqe, kTagTimer);
}

void Loop::arm_wake_fd() {
  io_uring_sqe* sqe = get_sqe();
  io_uring_prep_read(sqe, wake_fd_, &wake_value_, sizeof wake_value_, 0);
  io_uring_sqe_set_data64(sqe, kTagWakeFd);
}

void Loop::arm_recv(Connection& connection) {
  io_uring_sqe* sqe = get_sqe();
  io_uring_prep_recv_multishot(sqe, connection.fd, nullptr, 0, 0);
  sqe->flags |= IOSQE_BUFFER_SELECT;
  sqe->buf_group = kBufferGroup;
  io_uring_sqe_set_data64(sqe, reinterpret_cast<uint64_t>(&connection) | kOpRecv);
  connection.recv_armed = true;
  connection.needs_rearm = false;
}

void Loop::start_send(Connection& connection) {
  if (connection.send_in_flight) return;
  if (connection.sending_offset >= connection.sending.size()) {
    if (connection.output.empty()) return;
    connection.sending.clear();
    connection.sending.swap(connection.output);
    connection.sending_offset = 0;
  }
  io_uring_sqe* sqe = get_sqe();
  io_uring_prep_send(sqe, connection.fd, connection.sending.data() + connection.sending_offset,
                     connection.sending.size() - connection.sending_offset, MSG_NOSIGNAL);
  io_uring_sqe_set_data64(sqe, reinterpret_cast<uint64_t>(&connection) | kOpSend);
  connection.send_in_flight = true;
}

void Loop::wake_from_outside() {
  uint64_t one = 1;
  // The eventfd is the only cross-thread wake-up that needs no ring of the
  // caller's own (committer threads, signal handling).
  ssize_t ignored = write(wake_fd_, &one, sizeof one);
  (void)ignored;
}

void Loop::run(int listen_fds_count, const int* listen_fds) {
  if (!setup_ring()) {
    group_.loop_failed(index_);
    return;
  }
  arm_timer();
  arm_wake_fd();
  for (int i = 0; i < listen_fds_count; ++i) {
    listen_fds_.push_back(listen_fds[i]);
    arm_accept(listen_fds[i]);
  }
  group_.loop_ready(index_);

  while (!group_.stopping()) {
    if (deferred_.empty()) {
      io_uring_submit_and_wait(&ring_, 1);
    } else {
      // A deferred command retries soon even if nothing else arrives.
      __kernel_timespec short_wait{0, 200 * 1000};
      io_uring_cqe* unused = nullptr;
      io_uring_submit_and_wait_timeout(&ring_, &unused, 1, &short_wait, nullptr);
    }
    unsigned head = 0;
    unsigned seen = 0;
    io_uring_cqe* cqe = nullptr;
    io_uring_for_each_cqe(&ring_, head, cqe) {
      handle_cqe(cqe);
      ++seen;
    }
    io_uring_cq_advance(&ring_, seen);
    if (buffers_to_advance_ > 0) {
      io_uring_buf_ring_advance(buffer_ring_, static_cast<int>(buffers_to_advance_));
      buffers_to_advance_ = 0;
    }
    honour_pause_requests();
    retry_deferred();
    end_of_tick();
  }
  // Leaving: hand the last writes to the committers; main syncs them.
  for (int s : owned_shards_) {
    std::lock_guard lock(engine_.shard_lock(s));
    engine_.shard(s).store().submit_batch();
  }
  group_.loop_exited(index_);
}

void Loop::handle_cqe(io_uring_cqe* cqe) {
  uint64_t data = io_uring_cqe_get_data64(cqe);
  if (data < 4096 || (data & 0xffffffffu) == kTagAccept) {
    switch (data & 0xffffffffu) {
      case kTagAccept: {
        int listen_fd = static_cast<int>(data >> 32);
        if (cqe->res >= 0) {
          on_accept(cqe->res);
        } else if (cqe->res != -ECANCELED && !group_.stopping()) {
          server::log_verbose(fmt::format("accept failed: {}", strerror(-cqe->res)));
        }
        if (!(cqe->flags & IORING_CQE_F_MORE) && !group_.stopping()) arm_accept(listen_fd);
        return;
      }
      case kTagNewConnection:
        incoming_connections_.fetch_sub(1, std::memory_order_relaxed);
        if (cqe->res >= 0) adopt_connection(cqe->res, group_.take_handoff_id(cqe->res));
        return;
      case kTagTimer:
        on_timer();
        arm_timer();
        return;
      case kTagWakeFd:
        arm_wake_fd();
        return;
      default:  // kTagIgnore
        return;
    }
  }
  auto* connection = reinterpret_cast<Connection*>(data & ~kTagMask);
  switch (data & kTagMask) {
    case kOpRecv:
      handle_recv(*connection, cqe);
      break;
    case kOpSend:
      handle_send(*connection, cqe->res);
      break;
    default:
      break;
  }
}

void Loop::handle_recv(Connection& connection, io_uring_cqe* cqe) {
  int result = cqe->res;
  bool more = cqe->flags & IORING_CQE_F_MORE;
  if (!more) connection.recv_armed = false;
  if (result > 0 && (cqe->flags & IORING_CQE_F_BUFFER)) {
    auto buffer_id = static_cast<uint16_t>(cqe->flags >> IORING_CQE_BUFFER_SHIFT);
    if (!connection.closing) {
      engine_.stats.net_input_bytes.fetch_add(static_cast<uint64_t>(result),
                                              std::memory_order_relaxed);
      on_input(connection, buffer_memory_ + size_t{buffer_id} * buffer_size_,
               static_cast<size_t>(result));
    }
    return_buffer(buffer_id);
  } else if (result == -ENOBUFS) {
    // The ring ran dry under load: normal flow. Buffers come back as the
    // tick returns them; the connection re-arms at the end of the tick.
    connection.needs_rearm = true;
    mark_dirty(connection);
  } else if (result == 0) {
    // The peer finished sending. Like Redis, which writes the replies of a
    // read before it sees the next read's EOF, answer what arrived first.
    connection.peer_closed = true;
    mark_dirty(connection);
  } else if (result < 0) {
    connection.peer_closed = true;
    begin_close(connection);
  }
  if (!more && !connection.closing && !connection.needs_rearm && result > 0) {
    connection.needs_rearm = true;
    mark_dirty(connection);
  }
  maybe_finalize(connection);
}

void Loop::handle_send(Connection& connection, int result) {
  connection.send_in_flight = false;
  if (result < 0) {
    begin_close(connection);
    maybe_finalize(connection);
    return;
  }
  engine_.stats.net_output_bytes.fetch_add(static_cast<uint64_t>(result),
                                           std::memory_order_relaxed);
  connection.sending_offset += static_cast<size_t>(result);
  if (connection.closing) {
    maybe_finalize(connection);
    return;
  }
  mark_dirty(connection);
}

void Loop::on_input(Connection& connection, const char* data, size_t length) {
  refresh_parser(connection);
  if (connection.input.empty() && !connection.deferred) {
    std::string_view view(data, length);
    size_t used = parse_and_run(connection, view);
    if (used < length && !connection.closing) connection.input.append(data + used, length - used);
  } else {
    connection.input.append(data, length);
    if (!connection.deferred) {
      size_t used = parse_and_run(connection, connection.input);
      connection.input.erase(0, used);
    }
  }
  connection.session.query_buffer_bytes = connection.input.size();
  if (static_cast<int64_t>(connection.input.size()) >
      engine_.client_query_buffer_limit.load(std::memory_order_relaxed)) {
    server::log_warning(fmt::format("closing client {} that reached max query buffer length",
                                    connection.session.peer));
    begin_close(connection);
  }
}

size_t Loop::parse_and_run(Connection& connection, std::string_view data) {
  size_t used = run_requests(connection, data);
  release_shard();
  return used;
}

size_t Loop::run_requests(Connection& connection, std::string_view data) {
  size_t offset = 0;
  while (offset < data.size() && !connection.closing && !connection.session.close_after_reply) {
    if (connection.parser.bytes_needed_hint() > data.size() - offset) break;
    args_.clear();
    resp::ParseStatus status = connection.parser.parse(data.substr(offset), args_);
    if (status == resp::ParseStatus::kNeedMore) break;
    if (status == resp::ParseStatus::kError) {
      std::string reply;
      resp::ReplyWriter(&reply, connection.session.protocol).error(connection.parser.error());
      deliver(connection, std::move(reply), {});
      connection.session.close_after_reply = true;
      server::log_verbose(fmt::format("protocol error from {}: {}", connection.session.peer,
                                      connection.parser.error()));
      return data.size();
    }
    size_t consumed = connection.parser.consumed();
    if (!args_.empty() && !dispatch(connection, args_)) {
      connection.deferred = true;
      deferred_.insert(connection.id);
      break;
    }
    offset += consumed;
    // AUTH, HELLO AUTH and RESET change what the next request may be.
    connection.parser.set_unauthenticated(!connection.session.authenticated &&
                                          engine_.auth_required());
    // A pipeline of big replies must not outgrow the limit within one recv.
    if (enforce_output_limit(connection)) break;
  }
  return offset;
}

bool Loop::dispatch(Connection& connection, std::span<const std::string_view> args) {
  cmd::Session& session = connection.session;
  session.last_interaction_ms = coarse_unix_ms();
  scratch_.clear();
  const cmd::CommandSpec* spec = server::validate_request(engine_, args, session, &scratch_);
  if (spec == nullptr) {
    server::note_refused_request(args, session, &scratch_);
    deliver(connection, std::move(scratch_), {});
    return true;
  }
  // Inside MULTI most commands are queued for EXEC instead of run.
  if (server::queue_in_transaction(engine_, *spec, args, session, &scratch_)) {
    deliver(connection, std::move(scratch_), {});
    return true;
  }
  server::Route route = server::transaction_route(engine_, *spec, session,
                                                  server::route_command(engine_, *spec, args));
  if (route.kind == server::Route::kExclusive) {
    // Never wait for the other loops while holding a lock one may need.
    release_shard();
    if (!group_.try_begin_exclusive(*this)) return false;
  }
  if (route.kind == server::Route::kShard) {
    hold_shard(route.shard);
    execute(connection, *spec, args, route.shard);
    // Its writes go to the committer at the end of this tick.
    if (!touched_shards_[static_cast<size_t>(route.shard)]) {
      touched_shards_[static_cast<size_t>(route.shard)] = true;
      touched_list_.push_back(route.shard);
    }
  } else {
    execute(connection, *spec, args, -1);
  }
  if (route.kind == server::Route::kExclusive) group_.end_exclusive();
  return true;
}

void Loop::hold_shard(int shard) {
  if (held_shard_ == shard) return;
  release_shard();
  engine_.shard_lock(shard).lock();
  held_shard_ = shard;
}

void Loop::release_shard() {
  if (held_shard_ < 0) return;
  engine_.shard_lock(held_shard_).unlock();
  held_shard_ = -1;
}

void Loop::execute(Connection& connection, const cmd::CommandSpec& spec,
                   std::span<const std::string_view> args, int routed_shard) {
  cmd::Session& session = connection.session;
  std::vector<store::DurabilityNeed> needs;
  if (connection.replies.empty()) {
    // Fast path: nothing outstanding, so the reply may go straight to output.
    size_t mark = connection.output.size();
    server::execute_command(engine_, spec, args, session.db, session.protocol, &session,
                            &connection.output, &needs, routed_shard);
    if (!needs.empty()) {
      std::string reply = connection.output.substr(mark);
      connection.output.resize(mark);
      deliver(connection, std::move(reply), std::move(needs));
    } else {
      mark_dirty(connection);
    }
  } else {
    server::execute_command(engine_, spec, args, session.db, session.protocol, &session,
                            &scratch_, &needs, routed_shard);
    deliver(connection, std::move(scratch_), std::move(needs));
  }
}

void Loop::deliver(Connection& connection, std::string reply,
                   std::vector<store::DurabilityNeed> needs) {
  if (connection.replies.empty() && needs.empty()) {
    connection.output.append(reply);
  } else {
    connection.queued_reply_bytes += reply.size();
    connection.replies.fill(connection.replies.reserve(), std::move(reply), std::move(needs));
  }
  mark_dirty(connection);
}

void Loop::request_pause() {
  pause_requests_.fetch_add(1, std::memory_order_release);
  wake_from_outside();
}

void Loop::honour_pause_requests() {
  // Hold still while another loop runs a command over every shard.
  for (int n = pause_requests_.exchange(0, std::memory_order_acq_rel); n > 0; --n) {
    group_.pause_here(*this);
  }
}

void Loop::retry_deferred() {
  if (deferred_.empty()) return;
  std::vector<uint64_t> ids(deferred_.begin(), deferred_.end());
  deferred_.clear();
  for (uint64_t id : ids) {
    auto it = connections_.find(id);
    if (it == connections_.end()) continue;
    Connection& connection = *it->second;
    connection.deferred = false;
    size_t used = parse_and_run(connection, connection.input);
    connection.input.erase(0, used);
  }
}

bool Loop::is_durable(const store::DurabilityNeed& need) {
  return engine_.shard(need.shard).store().durable_seq() >= need.batch_seq;
}

void Loop::release_replies(Connection& connection) {
  size_t before = connection.output.size();
  connection.replies.release(&connection.output,
                             [this](const store::DurabilityNeed& need) { return is_durable(need); });
  connection.queued_reply_bytes -= connection.output.size() - before;
  if (connection.replies.waiting_for_durability()) waiting_.insert(connection.id);
}

void Loop::mark_dirty(Connection& connection) {
  if (connection.in_dirty_list) return;
  connection.in_dirty_list = true;
  dirty_.push_back(&connection);
}

void Loop::end_of_tick() {
  // Shards this loop wrote to, owned or not, hand their batches to the
  // committers; owned shards also reap what became durable.
  for (int s : touched_list_) {
    touched_shards_[static_cast<size_t>(s)] = false;
    std::lock_guard lock(engine_.shard_lock(s));
    engine_.shard(s).store().submit_batch();
  }
  touched_list_.clear();
  for (int s : owned_shards_) {
    std::lock_guard lock(engine_.shard_lock(s));
    store::ShardStore& shard_store = engine_.shard(s).store();
    shard_store.submit_batch();
    shard_store.reap_durable();
  }
  if (!waiting_.empty()) {
    std::vector<uint64_t> ids(waiting_.begin(), waiting_.end());
    waiting_.clear();
    for (uint64_t id : ids) {
      auto it = connections_.find(id);
      if (it != connections_.end()) mark_dirty(*it->second);
    }
  }
  // dirty_ may grow while we walk it (mark_dirty from begin_close).
  for (size_t i = 0; i < dirty_.size(); ++i) {
    Connection& connection = *dirty_[i];
    connection.in_dirty_list = false;
    if (connection.closing) {
      maybe_finalize(connection);
      continue;
    }
    release_replies(connection);
    if (enforce_output_limit(connection)) {
      maybe_finalize(connection);
      continue;
    }
    start_send(connection);
    connection.session.output_buffer_bytes = pending_output_bytes(connection);
    bool flushed = connection.replies.empty() && !connection.send_in_flight &&
                   connection.output.empty();
    bool done = connection.session.close_after_reply ||
                (connection.peer_closed && !connection.deferred);
    if (done && flushed) {
      begin_close(connection);
      maybe_finalize(connection);
      continue;
    }
    if (connection.needs_rearm && !connection.recv_armed) arm_recv(connection);
  }
  dirty_.clear();
  for (Connection* connection : graveyard_) delete connection;
  graveyard_.clear();
}

void Loop::on_timer() {
  uint64_t now = server::now_ms();
  for (int s : owned_shards_) {
    std::lock_guard lock(engine_.shard_lock(s));
    store::Keyspace& shard = engine_.shard(s);
    size_t removed = shard.expire_due(now, kExpireBudgetPerTick);
    engine_.stats.expired_keys.fetch_add(removed, std::memory_order_relaxed);
    if (shard.has_garbage()) shard.sweep_garbage(kSweepBudgetPerTick);
    shard.maintain_key_filter(kKeyFilterRebuildBudgetPerTick);
  }
  for (auto& [id, connection] : connections_) {
    if (connection->closing) continue;
    if (connection->session.close_after_reply || connection->peer_closed) {
      mark_dirty(*connection);
    }
    // Like Redis's clientsCron: a client that stays over the soft limit
    // without sending anything is closed too.
    if (enforce_output_limit(*connection)) mark_dirty(*connection);
  }
  last_expiry_ms_ = now;
}

void Loop::for_each_session(const std::function<void(cmd::Session&)>& visit) {
  for (auto& [id, connection] : connections_) {
    if (!connection->closing) visit(connection->session);
  }
}

}  // namespace ringkv::net
