// Mailbox: how a loop that must run a command over every shard asks the
// other loops to hold still (LoopGroup's exclusive execution). Commands of
// one shard need no message: any loop runs them in place under the shard's
// lock (server/shard_lock.h).
#pragma once

#include <atomic>
#include <mutex>
#include <vector>

namespace ringkv::net {

// Stop and wait: another loop runs a command over every shard.
struct PauseRequest {};

class Mailbox {
 public:
  // Returns true when the receiver must be woken (it may be asleep).
  bool post(PauseRequest request) {
    std::lock_guard lock(mutex_);
    requests_.push_back(request);
    return !wake_pending_.exchange(true, std::memory_order_acq_rel);
  }
  // Takes every request posted so far.
  void drain(std::vector<PauseRequest>* into) {
    wake_pending_.store(false, std::memory_order_release);
    std::lock_guard lock(mutex_);
    into->swap(requests_);
  }

 private:
  std::mutex mutex_;
  std::vector<PauseRequest> requests_;
  std::atomic<bool> wake_pending_{false};
};

}  // namespace ringkv::net
