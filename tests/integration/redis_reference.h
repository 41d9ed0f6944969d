// RedisReference: the real redis-server (Debian's /usr/bin/redis-server,
// or $REDIS_SERVER) started on a free ephemeral port with a temporary
// directory and no persistence, as the oracle of differential tests
// (differential.h). The constructor returns once the server answers PING;
// the destructor stops it and removes the directory.
//
// Threading: one test thread owns an instance.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace ringkv::testing {

class RedisReference {
 public:
  // `extra_args` are appended to the command line ("--maxmemory", "1mb"...).
  // Aborts the test process when no redis-server can be started.
  explicit RedisReference(std::vector<std::string> extra_args = {});
  ~RedisReference();
  RedisReference(const RedisReference&) = delete;
  RedisReference& operator=(const RedisReference&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }

  static std::string binary_path();
  // False when the binary is missing, so a test can skip rather than fail.
  static bool available();

 private:
  // One start attempt on a fresh port; false if the server exited early
  // (typically: another process took the port in between).
  bool try_start(const std::vector<std::string>& extra_args);
  void stop();

  std::string dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace ringkv::testing
