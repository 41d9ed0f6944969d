// Mailbox: the FIFO by which loops hand each other work. Loop A posts a
// request for a shard that loop B owns; B posts the reply back. FIFO order
// per (sender, receiver) pair is what keeps one connection's commands in
// order on every shard. The mutex is held only to push or swap the vector,
// never across I/O or execution.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

#include "cmd/command.h"
#include "store/shard_store.h"

namespace ringkv::net {

// A command to run on the receiving loop for a connection of another loop.
struct ExecRequest {
  int origin_loop;
  uint64_t connection_id;
  uint64_t seq;
  int db;
  int protocol;
  const cmd::CommandSpec* spec;
  std::string arg_bytes;            // all arguments, back to back
  std::vector<uint32_t> arg_ends;   // end offset of each argument
};

struct ExecReply {
  uint64_t connection_id;
  uint64_t seq;
  std::string reply;
  std::vector<store::DurabilityNeed> needs;
};

// Stop and wait: another loop runs a command over every shard.
struct PauseRequest {};

using Message = std::variant<ExecRequest, ExecReply, PauseRequest>;

class Mailbox {
 public:
  // Returns true when the receiver must be woken (it may be asleep).
  bool post(Message message) {
    std::lock_guard lock(mutex_);
    messages_.push_back(std::move(message));
    return !wake_pending_.exchange(true, std::memory_order_acq_rel);
  }
  // Takes every message posted so far.
  void drain(std::vector<Message>* into) {
    wake_pending_.store(false, std::memory_order_release);
    std::lock_guard lock(mutex_);
    into->swap(messages_);
  }

 private:
  std::mutex mutex_;
  std::vector<Message> messages_;
  std::atomic<bool> wake_pending_{false};
};

}  // namespace ringkv::net
