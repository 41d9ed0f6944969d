// LoopGroup: loop threads, connection spreading, exclusive execution.
#include "net/loop_group.h"

#include <fmt/format.h>
#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "server/log.h"

namespace ringkv::net {

LoopGroup::LoopGroup(server::Engine& engine, std::vector<int> listen_fds)
    : engine_(engine), listen_fds_(std::move(listen_fds)) {
  for (int i = 0; i < engine_.loop_count(); ++i) {
    loops_.push_back(std::make_unique<Loop>(*this, engine_, i));
  }
  engine_.sessions = this;
}

LoopGroup::~LoopGroup() {
  request_stop();
  join();
}

bool LoopGroup::start(std::string* error) {
  for (int i = 0; i < static_cast<int>(loops_.size()); ++i) {
    threads_.emplace_back([this, i] {
      // Names show in top -H, perf and /proc/PID/task/*/comm.
      pthread_setname_np(pthread_self(), fmt::format("ringkv-loop{}", i).c_str());
      pin_to_listed_cpu(i);
      // Loop 0 accepts and spreads connections over all loops.
      if (i == 0) {
        loops_[i]->run(static_cast<int>(listen_fds_.size()), listen_fds_.data());
      } else {
        loops_[i]->run(0, nullptr);
      }
    });
  }
  std::unique_lock lock(state_mutex_);
  state_changed_.wait(lock, [&] { return ready_ + failed_ == static_cast<int>(loops_.size()); });
  if (failed_ > 0) {
    *error = "io_uring setup failed (is io_uring enabled? kernel 6.0+ needed)";
    return false;
  }
  return true;
}

// Loops are pinned only when server_cpulist asks (Redis does not pin by
// default either). Pinned, a loop cannot leave a core that another busy
// process needs: beside redis-benchmark on 2 cores, unpinned loops answered
// GET -P 1 10-45 % faster, SET -P 1 up to 40 %, p99 lower (3 runs each).
void LoopGroup::pin_to_listed_cpu(int loop_index) {
  const std::vector<int>& cpus = engine_.config().loop_cpus;
  if (cpus.empty()) return;
  int cpu = cpus[static_cast<size_t>(loop_index) % cpus.size()];
  int failed = EINVAL;  // a CPU beyond what a cpu_set_t holds
  if (cpu < CPU_SETSIZE) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(static_cast<unsigned>(cpu), &set);
    failed = pthread_setaffinity_np(pthread_self(), sizeof set, &set);
  }
  if (failed != 0) {
    server::log_warning(fmt::format("server_cpulist: cannot pin ringkv-loop{} to CPU {}: {}",
                                      loop_index, cpu, std::strerror(failed)));
  }
}

void LoopGroup::request_stop() {
  stopping_.store(true, std::memory_order_release);
  for (auto& loop : loops_) loop->wake_from_outside();
  state_changed_.notify_all();
}

void LoopGroup::join() {
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
}

void LoopGroup::note_handoff_id(int fd, uint64_t id) {
  std::lock_guard lock(handoff_mutex_);
  handoff_ids_[fd] = id;
}

uint64_t LoopGroup::take_handoff_id(int fd) {
  std::lock_guard lock(handoff_mutex_);
  auto it = handoff_ids_.find(fd);
  if (it == handoff_ids_.end()) return next_connection_id();
  uint64_t id = it->second;
  handoff_ids_.erase(it);
  return id;
}

int LoopGroup::least_loaded_loop() {
  int best = 0;
  for (int i = 1; i < static_cast<int>(loops_.size()); ++i) {
    if (loops_[i]->assigned_connections() < loops_[best]->assigned_connections()) best = i;
  }
  return best;
}

void LoopGroup::loop_ready(int) {
  std::lock_guard lock(state_mutex_);
  ++ready_;
  state_changed_.notify_all();
}

void LoopGroup::loop_failed(int) {
  std::lock_guard lock(state_mutex_);
  ++failed_;
  state_changed_.notify_all();
}

void LoopGroup::loop_exited(int) {
  std::lock_guard lock(state_mutex_);
  ++exited_;
  state_changed_.notify_all();
}

bool LoopGroup::try_begin_exclusive(Loop& self) {
  if (!exclusive_mutex_.try_lock()) return false;
  int others = 0;
  {
    std::lock_guard lock(state_mutex_);
    coordinator_ = self.index();
    paused_ = 0;
    ++exclusive_generation_;
  }
  for (auto& loop : loops_) {
    if (loop.get() == &self) continue;
    // The coordinator cannot wait for its own tick to end: the request wakes
    // the other loop now (an eventfd write, the one wake-up usable mid-tick).
    loop->request_pause();
    ++others;
  }
  std::unique_lock lock(state_mutex_);
  state_changed_.wait(lock, [&] { return paused_ + exited_ >= others; });
  return true;
}

void LoopGroup::end_exclusive() {
  {
    std::lock_guard lock(state_mutex_);
    coordinator_ = -1;
    ++exclusive_generation_;
  }
  state_changed_.notify_all();
  exclusive_mutex_.unlock();
}

void LoopGroup::pause_here(Loop&) {
  std::unique_lock lock(state_mutex_);
  if (coordinator_ < 0) return;  // stale request: that command already ended
  uint64_t generation = exclusive_generation_;
  ++paused_;
  state_changed_.notify_all();
  state_changed_.wait(lock, [&] { return exclusive_generation_ != generation; });
}

void LoopGroup::for_each_session(const std::function<void(cmd::Session&)>& visit) {
  // In connection order, as Redis lists its clients: consecutive
  // connections live on different loops.
  std::vector<cmd::Session*> sessions;
  for (auto& loop : loops_) {
    loop->for_each_session([&](cmd::Session& session) { sessions.push_back(&session); });
  }
  std::sort(sessions.begin(), sessions.end(),
            [](const cmd::Session* a, const cmd::Session* b) { return a->id < b->id; });
  for (cmd::Session* session : sessions) visit(*session);
}

}  // namespace ringkv::net
