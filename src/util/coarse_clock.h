// coarse_unix_ms: wall-clock milliseconds from CLOCK_REALTIME_COARSE, the
// time of the kernel's last timer tick (a few ms behind at most). For
// bookkeeping measured in seconds (client idle time, key idle time) that
// runs on every command, where a full-precision clock read cost ~2 % of a
// SET load's CPU; expiry and latencies keep the precise clock.
#pragma once

#include <time.h>

#include <cstdint>

namespace ringkv {

inline uint64_t coarse_unix_ms() {
  timespec now{};
  clock_gettime(CLOCK_REALTIME_COARSE, &now);
  return static_cast<uint64_t>(now.tv_sec) * 1000 + static_cast<uint64_t>(now.tv_nsec) / 1000000;
}

}  // namespace ringkv
