// Versions reported to clients. ringkv speaks Redis 7.0's protocol and
// commands, so tools that check `redis_version` see 7.0.
#pragma once

namespace ringkv::server {
inline constexpr const char* kRedisVersion = "7.0.15";
inline constexpr const char* kRingkvVersion = "0.1.0";
}  // namespace ringkv::server
