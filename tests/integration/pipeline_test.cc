// Pipelines: replies leave in request order even when requests of one
// pipeline run on different loops' shards.
#include <gtest/gtest.h>

#include <string>

#include "test_client.h"

namespace ringkv::testing {
namespace {

TEST(PipelineTest, HundredThousandMixedCommandsInOrder) {
  ServerProcess server({"--threads", "2"});
  TestClient client(server.port());
  constexpr int kCommands = 100000;
  std::string wire;
  auto add = [&wire](std::initializer_list<std::string> parts) {
    wire += "*" + std::to_string(parts.size()) + "\r\n";
    for (const auto& part : parts) wire += "$" + std::to_string(part.size()) + "\r\n" + part + "\r\n";
  };
  // Each key is written then read back at once: the GET must see the SET
  // and the replies must come back in exactly this order.
  for (int i = 0; i < kCommands / 2; ++i) {
    std::string key = "pipe:" + std::to_string(i);
    add({"SET", key, "v" + std::to_string(i)});
    add({"GET", key});
  }
  client.send_raw(wire);
  for (int i = 0; i < kCommands / 2; ++i) {
    Reply set = client.read_reply();
    ASSERT_TRUE(set.is_ok()) << i << " " << set.debug();
    Reply get = client.read_reply();
    ASSERT_EQ(get.text, "v" + std::to_string(i)) << i;
  }
}

TEST(PipelineTest, SplitAtEveryByte) {
  ServerProcess server;
  TestClient client(server.port());
  std::string wire = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n";
  for (char c : wire) client.send_raw(std::string(1, c));
  EXPECT_TRUE(client.read_reply().is_ok());
  EXPECT_EQ(client.read_reply().text, "hello");
}

}  // namespace
}  // namespace ringkv::testing
