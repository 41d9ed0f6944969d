// OrderedReplyQueue: the per-connection completion queue. Each request takes
// a sequence number when it is parsed; its reply may be filled in any order
// (local, from another loop, after its batch is durable), but bytes leave
// only as the contiguous prefix of filled, durable slots — so the wire order
// is always the request order.
//
// Threading: owned by the connection's loop; not thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "store/shard_store.h"

namespace ringkv::net {

using store::DurabilityNeed;

class OrderedReplyQueue {
 public:
  // True when no reply is outstanding: a ready reply may then be written
  // straight to the output without taking a slot (the common fast path).
  bool empty() const { return slots_.empty(); }
  size_t outstanding() const { return slots_.size(); }

  // Takes the next sequence number for a reply that will be filled later.
  uint64_t reserve();
  // Fills slot `seq`. Unknown or already filled sequence numbers are ignored.
  void fill(uint64_t seq, std::string reply, std::vector<DurabilityNeed> needs);

  // Appends the ready prefix to `out`; `is_durable(need)` says if a need is
  // met. Returns the number of replies released.
  template <class IsDurable>
  size_t release(std::string* out, IsDurable&& is_durable) {
    size_t released = 0;
    while (!slots_.empty() && slots_.front().filled) {
      Slot& slot = slots_.front();
      for (const DurabilityNeed& need : slot.needs) {
        if (!is_durable(need)) return released;
      }
      out->append(slot.reply);
      slots_.pop_front();
      ++first_seq_;
      ++released;
    }
    return released;
  }

  // Whether the first outstanding reply is filled but waits for durability.
  bool waiting_for_durability() const {
    return !slots_.empty() && slots_.front().filled && !slots_.front().needs.empty();
  }

 private:
  struct Slot {
    bool filled = false;
    std::string reply;
    std::vector<DurabilityNeed> needs;
  };
  std::deque<Slot> slots_;
  uint64_t first_seq_ = 0;  // sequence number of slots_.front()
};

}  // namespace ringkv::net
