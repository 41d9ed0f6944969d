// TTL checks that hold on a loaded machine: a deadline set a moment ago may
// already read a second lower when the test runs slowly, as Redis's own
// tests allow too. Use EXPECT_TRUE(ttl_near(reply, seconds)).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>

#include "test_client.h"

namespace ringkv::testing {

inline ::testing::AssertionResult ttl_near(const Reply& reply, int64_t expected_seconds) {
  if (reply.type == Reply::kInteger && reply.integer <= expected_seconds &&
      reply.integer >= expected_seconds - 2) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "TTL " << reply.debug() << ", expected " << expected_seconds << " (or up to 2 less)";
}

}  // namespace ringkv::testing
