// Log: formatting and level filter.
#include "server/log.h"

#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace ringkv::server {

namespace {
std::atomic<int> g_level{static_cast<int>(LogLevel::kNotice)};
std::FILE* g_file = stderr;
std::mutex g_mutex;
}  // namespace

void set_log_level(LogLevel level) { g_level.store(static_cast<int>(level)); }

bool set_log_file(const char* path) {
  std::FILE* file = std::fopen(path, "a");
  if (file == nullptr) return false;
  g_file = file;
  return true;
}

void log_line(LogLevel level, std::string_view text) {
  if (static_cast<int>(level) < g_level.load(std::memory_order_relaxed)) return;
  timeval now{};
  gettimeofday(&now, nullptr);
  tm local{};
  localtime_r(&now.tv_sec, &local);
  char stamp[64];
  size_t length = std::strftime(stamp, sizeof stamp, "%d %b %Y %H:%M:%S", &local);
  static constexpr char kMarks[] = ".-*#";
  std::lock_guard lock(g_mutex);
  std::fprintf(g_file, "%d:M %.*s.%03d %c %.*s\n", static_cast<int>(getpid()),
               static_cast<int>(length), stamp, static_cast<int>(now.tv_usec / 1000),
               kMarks[static_cast<int>(level) & 3], static_cast<int>(text.size()), text.data());
  std::fflush(g_file);
}

}  // namespace ringkv::server
