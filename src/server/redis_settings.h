// Redis 7.0 settings that ringkv has no use for (replication, TLS, RDB/AOF
// files, cluster, daemonizing...). A config file written for Redis names
// them; ringkv starts anyway and logs which ones it ignored, where a
// setting it does not know at all is an error.
#pragma once

#include <string_view>

namespace ringkv::server {

// True for a Redis 7.0 CONFIG parameter (name in lower case) that ringkv
// neither applies nor lists in CONFIG GET.
bool is_ignored_redis_setting(std::string_view name);

}  // namespace ringkv::server
