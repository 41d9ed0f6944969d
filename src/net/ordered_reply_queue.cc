// OrderedReplyQueue: slot bookkeeping; see the header for the contract.
#include "net/ordered_reply_queue.h"

namespace ringkv::net {

uint64_t OrderedReplyQueue::reserve() {
  slots_.emplace_back();
  return first_seq_ + slots_.size() - 1;
}

void OrderedReplyQueue::fill(uint64_t seq, std::string reply, std::vector<DurabilityNeed> needs) {
  if (seq < first_seq_ || seq - first_seq_ >= slots_.size()) return;
  Slot& slot = slots_[seq - first_seq_];
  if (slot.filled) return;
  slot.filled = true;
  slot.reply = std::move(reply);
  slot.needs = std::move(needs);
}

}  // namespace ringkv::net
