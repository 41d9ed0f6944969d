// Multi-key commands across shards are atomic for concurrent clients: with
// --threads 2, keys tagged {t0} and {t1} live in different shards owned by
// different loops, and no reader may see half of an MSET, RENAME, DEL or
// MSETNX. Every loop is bounded in iterations.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "test_client.h"

namespace ringkv::testing {
namespace {

// {t0} hashes to shard 0 of 2 and {t1} to shard 1 (slots 13006 and 8943).
const std::vector<std::string> kGroup = {"{t0}a", "{t1}b", "{t0}c", "{t1}d"};

std::vector<std::string> command(std::initializer_list<std::string> head,
                                 const std::vector<std::string>& tail = {}) {
  std::vector<std::string> args(head);
  args.insert(args.end(), tail.begin(), tail.end());
  return args;
}

class AtomicityTest : public ::testing::Test {
 protected:
  ServerProcess server{{"--threads", "2"}};
};

TEST_F(AtomicityTest, MsetAcrossShardsIsNeverSeenHalfDone) {
  std::atomic<bool> done{false};
  std::atomic<int> mixed{0};
  std::atomic<int> reads{0};
  std::thread writer([&] {
    TestClient client(server.port());
    for (int i = 0; i < 3000; ++i) {
      std::vector<std::string> args = {"MSET"};
      for (const auto& key : kGroup) {
        args.push_back(key);
        args.push_back(std::to_string(i));
      }
      ASSERT_TRUE(client.call(args).is_ok());
    }
    done = true;
  });
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&] {
      TestClient client(server.port());
      for (int n = 0; n < 100000 && (n == 0 || !done); ++n) {
        Reply reply = client.call(command({"MGET"}, kGroup));
        std::set<std::string> values;
        for (const Reply& element : reply.elements) values.insert(element.debug());
        if (values.size() != 1) {
          ++mixed;
          ADD_FAILURE() << "MGET saw " << reply.debug();
        }
        ++reads;
      }
    });
  }
  writer.join();
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(mixed.load(), 0);
  EXPECT_GT(reads.load(), 0);
}

TEST_F(AtomicityTest, RenameAcrossShardsKeepsTheKeyInExactlyOnePlace) {
  TestClient setup(server.port());
  ASSERT_TRUE(setup.call({"SET", "{t0}from", "payload"}).is_ok());
  std::atomic<bool> done{false};
  std::thread writer([&] {
    TestClient client(server.port());
    for (int i = 0; i < 1500; ++i) {
      ASSERT_TRUE(client.call({"RENAME", "{t0}from", "{t1}to"}).is_ok());
      ASSERT_TRUE(client.call({"RENAME", "{t1}to", "{t0}from"}).is_ok());
    }
    done = true;
  });
  std::thread reader([&] {
    TestClient client(server.port());
    for (int n = 0; n < 100000 && (n == 0 || !done); ++n) {
      Reply exists = client.call({"EXISTS", "{t0}from", "{t1}to"});
      ASSERT_EQ(exists.integer, 1) << "EXISTS saw " << exists.debug();
      Reply values = client.call({"MGET", "{t0}from", "{t1}to"});
      int found = 0;
      for (const Reply& element : values.elements) {
        if (element.type == Reply::kBulk) {
          EXPECT_EQ(element.text, "payload");
          ++found;
        }
      }
      ASSERT_EQ(found, 1) << "MGET saw " << values.debug();
    }
  });
  writer.join();
  reader.join();
}

TEST_F(AtomicityTest, DelOfManyKeysIsAllOrNothing) {
  std::vector<std::string> keys;
  for (int i = 0; i < 20; ++i) keys.push_back("{t" + std::to_string(i % 2) + "}many:" + std::to_string(i));
  std::atomic<bool> done{false};
  std::thread writer([&] {
    TestClient client(server.port());
    for (int round = 0; round < 800; ++round) {
      std::vector<std::string> mset = {"MSET"};
      for (const auto& key : keys) {
        mset.push_back(key);
        mset.push_back("x");
      }
      ASSERT_TRUE(client.call(mset).is_ok());
      ASSERT_EQ(client.call(command({"DEL"}, keys)).integer, 20);
    }
    done = true;
  });
  std::thread reader([&] {
    TestClient client(server.port());
    for (int n = 0; n < 100000 && (n == 0 || !done); ++n) {
      int64_t count = client.call(command({"EXISTS"}, keys)).integer;
      ASSERT_TRUE(count == 0 || count == 20) << "EXISTS saw " << count << " of 20";
    }
  });
  writer.join();
  reader.join();
}

TEST_F(AtomicityTest, MsetnxIsAllOrNothingBetweenRacingClients) {
  constexpr int kRounds = 1000;
  auto keys_of = [](int round) {
    return std::vector<std::string>{"{t0}nx:" + std::to_string(round),
                                    "{t1}nx:" + std::to_string(round)};
  };
  std::vector<int64_t> won_by[2];
  std::vector<std::thread> racers;
  for (int who = 0; who < 2; ++who) {
    racers.emplace_back([&, who] {
      TestClient client(server.port());
      std::string name = who == 0 ? "A" : "B";
      for (int round = 0; round < kRounds; ++round) {
        std::vector<std::string> keys = keys_of(round);
        if (who == 1) std::swap(keys[0], keys[1]);  // the other order of keys
        client.send_command({"MSETNX", keys[0], name, keys[1], name});
      }
      for (int round = 0; round < kRounds; ++round) won_by[who].push_back(client.read_reply().integer);
    });
  }
  std::thread reader([&] {
    TestClient client(server.port());
    for (int round = 0; round < kRounds; ++round) {
      Reply values = client.call(command({"MGET"}, keys_of(round)));
      ASSERT_EQ(values.elements.size(), 2u);
      EXPECT_EQ(values.elements[0].debug(), values.elements[1].debug()) << "round " << round;
    }
  });
  for (auto& racer : racers) racer.join();
  reader.join();
  TestClient client(server.port());
  for (int round = 0; round < kRounds; ++round) {
    ASSERT_EQ(won_by[0][static_cast<size_t>(round)] + won_by[1][static_cast<size_t>(round)], 1)
        << "round " << round;
    std::string winner = won_by[0][static_cast<size_t>(round)] == 1 ? "A" : "B";
    Reply values = client.call(command({"MGET"}, keys_of(round)));
    EXPECT_EQ(values.elements[0].text, winner);
    EXPECT_EQ(values.elements[1].text, winner);
  }
}

}  // namespace
}  // namespace ringkv::testing
