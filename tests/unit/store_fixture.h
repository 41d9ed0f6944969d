// The fixture of unit tests over a real ShardStore: a fresh temp dir per
// test (removed afterwards), opening the store in it, and committing what
// was written so far so that later writes sit in the overlay on top.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "store/shard_store.h"

namespace ringkv::store {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/ringkv-store-XXXXXX";
    dir_ = mkdtemp(pattern);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<ShardStore> open(const ShardOptions& options = ShardOptions{}) {
    std::string error;
    auto store = ShardStore::open(dir_ + "/db", options, &error);
    EXPECT_TRUE(store) << error;
    return store;
  }
  static void commit(ShardStore& store) {
    store.submit_batch();
    store.flush_and_sync();
    store.reap_durable();
  }

  std::string dir_;
};

}  // namespace ringkv::store
