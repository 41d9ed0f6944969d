// LoopGroup: starts the loops, spreads new connections over them, and runs
// exclusive commands — those whose keys lie in several shards (MSET,
// DEL k1 k2...) or in all of them (KEYS, FLUSHALL...).
//
// Exclusive execution: the coordinating loop takes a global mutex (try-lock
// only, so a loop never blocks on it and keeps serving pause requests),
// asks every other loop to pause and waits until each has parked.
// A loop parks between ticks, holding no shard lock, so every command it
// parsed earlier has run. The coordinator then owns
// every shard, runs the command atomically, and releases the others. No
// client can observe half of a multi-shard command.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "net/loop.h"
#include "server/engine.h"

namespace ringkv::net {

class LoopGroup : public server::SessionRegistry {
 public:
  LoopGroup(server::Engine& engine, std::vector<int> listen_fds);
  ~LoopGroup() override;

  // Starts one thread per loop; false (with *error) if a loop failed.
  bool start(std::string* error);
  void request_stop();
  void join();
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }

  Loop& loop(int index) { return *loops_[index]; }
  int least_loaded_loop();
  uint64_t next_connection_id() { return next_connection_id_.fetch_add(1) + 1; }
  // The id of a socket handed to another loop travels beside it (MSG_RING
  // carries only the fd); a socket with none gets a fresh one.
  void note_handoff_id(int fd, uint64_t id);
  uint64_t take_handoff_id(int fd);

  bool try_begin_exclusive(Loop& self);
  void end_exclusive();
  void pause_here(Loop& self);

  void loop_ready(int index);
  void loop_failed(int index);
  void loop_exited(int index);

  void for_each_session(const std::function<void(cmd::Session&)>& visit) override;

 private:
  // Runs on loop thread `loop_index`: pins it per server_cpulist, if set.
  void pin_to_listed_cpu(int loop_index);

  server::Engine& engine_;
  std::vector<int> listen_fds_;
  std::vector<std::unique_ptr<Loop>> loops_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> next_connection_id_{0};
  std::mutex handoff_mutex_;
  std::unordered_map<int, uint64_t> handoff_ids_;

  std::mutex state_mutex_;
  std::condition_variable state_changed_;
  int ready_ = 0;
  int failed_ = 0;
  int exited_ = 0;

  std::mutex exclusive_mutex_;  // held by the coordinator for the whole command
  int coordinator_ = -1;
  int paused_ = 0;
  uint64_t exclusive_generation_ = 0;
};

}  // namespace ringkv::net
