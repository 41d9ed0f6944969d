// OrderedReplyQueue: replies leave in sequence order, only when durable.
#include "net/ordered_reply_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace ringkv::net {
namespace {

auto always_durable = [](const store::DurabilityNeed&) { return true; };

TEST(OrderedReplyQueueTest, OutOfOrderFillsLeaveInOrder) {
  OrderedReplyQueue queue;
  uint64_t a = queue.reserve();
  uint64_t b = queue.reserve();
  uint64_t c = queue.reserve();
  std::string out;
  queue.fill(c, "C", {});
  EXPECT_EQ(queue.release(&out, always_durable), 0u);
  queue.fill(a, "A", {});
  EXPECT_EQ(queue.release(&out, always_durable), 1u);
  EXPECT_EQ(out, "A");
  queue.fill(b, "B", {});
  EXPECT_EQ(queue.release(&out, always_durable), 2u);
  EXPECT_EQ(out, "ABC");
  EXPECT_TRUE(queue.empty());
}

TEST(OrderedReplyQueueTest, WaitsForDurability) {
  OrderedReplyQueue queue;
  uint64_t first = queue.reserve();
  uint64_t second = queue.reserve();
  queue.fill(first, "W", {store::DurabilityNeed{0, 5}});
  queue.fill(second, "R", {});
  uint64_t durable = 4;
  auto check = [&](const store::DurabilityNeed& need) { return need.batch_seq <= durable; };
  std::string out;
  EXPECT_EQ(queue.release(&out, check), 0u);
  EXPECT_TRUE(queue.waiting_for_durability());
  durable = 5;
  EXPECT_EQ(queue.release(&out, check), 2u);
  EXPECT_EQ(out, "WR");
}

TEST(OrderedReplyQueueTest, RandomCompletionOrder) {
  std::mt19937 random(7);
  for (int round = 0; round < 50; ++round) {
    OrderedReplyQueue queue;
    std::vector<uint64_t> seqs;
    for (int i = 0; i < 100; ++i) seqs.push_back(queue.reserve());
    std::vector<size_t> order(seqs.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), random);
    std::string out;
    for (size_t i : order) {
      queue.fill(seqs[i], std::to_string(i) + ",", {});
      queue.release(&out, always_durable);
    }
    std::string expected;
    for (size_t i = 0; i < seqs.size(); ++i) expected += std::to_string(i) + ",";
    EXPECT_EQ(out, expected);
  }
}

TEST(OrderedReplyQueueTest, IgnoresUnknownAndDuplicateFills) {
  OrderedReplyQueue queue;
  uint64_t seq = queue.reserve();
  queue.fill(seq + 10, "X", {});
  queue.fill(seq, "A", {});
  queue.fill(seq, "B", {});
  std::string out;
  queue.release(&out, always_durable);
  EXPECT_EQ(out, "A");
}

}  // namespace
}  // namespace ringkv::net
