// INFO's server, clients, memory, cpu, modules, latencystats and cluster
// sections, and the section table (see admin_info_sections.h).
#include "cmd/admin_info_sections.h"

#include <fmt/format.h>
#include <malloc.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cmd/admin_config_params.h"
#include "cmd/admin_latency_histogram.h"
#include "server/engine.h"
#include "server/version.h"

// jemalloc's control interface when the server links jemalloc (null if not:
// a weak reference).
extern "C" int mallctl(const char* name, void* old_value, size_t* old_size, void* new_value,
                       size_t new_size) __attribute__((weak));

namespace ringkv::cmd {

namespace {

// The loops' expiry and sweep timer runs every 100 ms: ringkv's "hz".
constexpr int kHz = 10;

std::string executable_path() {
  std::error_code ignored;
  return std::filesystem::read_symlink("/proc/self/exe", ignored).string();
}

void append_server_section(CommandContext& ctx, std::string* out) {
  static const utsname name = [] {
    utsname result{};
    uname(&result);
    return result;
  }();
  static const std::string executable = executable_path();
  server::Engine& engine = ctx.engine;
  uint64_t now_us = server::now_us();
  uint64_t uptime = (now_us / 1000 - engine.start_time_ms) / 1000;
  out->append("# Server\r\n");
  append_info_line(out, "redis_version", server::kRedisVersion);
  append_info_line(out, "redis_git_sha1", "00000000");
  append_info_line(out, "redis_git_dirty", int64_t{0});
  append_info_line(out, "redis_mode", "standalone");
  append_info_line(out, "os", fmt::format("{} {} {}", name.sysname, name.release, name.machine));
  append_info_line(out, "arch_bits", static_cast<int64_t>(sizeof(void*) * 8));
  append_info_line(out, "multiplexing_api", "io_uring");
#ifdef __GNUC__
  append_info_line(out, "gcc_version",
                   fmt::format("{}.{}.{}", __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__));
#endif
  append_info_line(out, "process_id", static_cast<int64_t>(getpid()));
  append_info_line(out, "process_supervised", "no");
  append_info_line(out, "run_id", engine.run_id);
  append_info_line(out, "tcp_port", static_cast<int64_t>(engine.config().port));
  append_info_line(out, "server_time_usec", now_us);
  append_info_line(out, "uptime_in_seconds", uptime);
  append_info_line(out, "uptime_in_days", uptime / (3600 * 24));
  append_info_line(out, "hz", int64_t{kHz});
  append_info_line(out, "configured_hz", int64_t{kHz});
  // Redis's LRU clock: seconds, 24 bits.
  append_info_line(out, "lru_clock", (now_us / 1000000) & ((1u << 24) - 1));
  append_info_line(out, "executable", executable);
  append_info_line(out, "ringkv_version", server::kRingkvVersion);
  append_info_line(out, "ringkv_loops", static_cast<int64_t>(engine.loop_count()));
  append_info_line(out, "ringkv_shards", static_cast<int64_t>(engine.shard_count()));
}

void append_clients_section(CommandContext& ctx, std::string* out) {
  server::Engine& engine = ctx.engine;
  // The largest buffers right now (Redis keeps the largest of the last few
  // seconds; every loop is paused here, so this is an exact snapshot).
  size_t max_input = 0, max_output = 0;
  int64_t killed = 0;  // by CLIENT KILL, and no longer clients, but not closed yet
  std::vector<int64_t> per_loop(static_cast<size_t>(std::max(engine.loop_count(), 1)), 0);
  if (engine.sessions != nullptr) {
    engine.sessions->for_each_session([&](Session& session) {
      max_input = std::max(max_input, session.query_buffer_bytes);
      max_output = std::max(max_output, session.output_buffer_bytes);
      killed += session.killed ? 1 : 0;
      auto loop = static_cast<size_t>(session.loop_index);
      if (!session.killed && loop < per_loop.size()) ++per_loop[loop];
    });
  }
  out->append("# Clients\r\n");
  append_info_line(out, "connected_clients", engine.stats.connected_clients.load() - killed);
  append_info_line(out, "cluster_connections", int64_t{0});
  append_info_line(out, "maxclients", engine.maxclients.load());
  append_info_line(out, "client_recent_max_input_buffer", uint64_t{max_input});
  append_info_line(out, "client_recent_max_output_buffer", uint64_t{max_output});
  append_info_line(out, "blocked_clients", engine.stats.blocked_clients.load());
  append_info_line(out, "tracking_clients", int64_t{0});
  // How the clients are spread over the loops (ringkv's own field).
  std::string spread;
  for (int64_t count : per_loop) spread += (spread.empty() ? "" : ",") + std::to_string(count);
  append_info_line(out, "ringkv_loop_clients", spread);
}

uint64_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  uint64_t size_pages = 0, resident_pages = 0;
  statm >> size_pages >> resident_pages;
  return resident_pages * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

std::string percent(double value) { return fmt::format("{:.2f}%", value); }

// What the allocator says it has handed out (used) and holds in pages
// (active); name is INFO's mem_allocator. False if it does not say.
bool allocator_stats(uint64_t* used, uint64_t* active, std::string* name) {
  if (mallctl != nullptr) {
    // jemalloc's statistics are a snapshot refreshed by writing "epoch".
    uint64_t epoch = 1;
    size_t size = sizeof(epoch);
    mallctl("epoch", &epoch, &size, &epoch, size);
    size_t allocated = 0, pages = 0;
    const char* version = nullptr;
    size_t allocated_size = sizeof(allocated), pages_size = sizeof(pages);
    size_t version_size = sizeof(version);
    if (mallctl("stats.allocated", &allocated, &allocated_size, nullptr, 0) != 0 ||
        mallctl("stats.active", &pages, &pages_size, nullptr, 0) != 0 ||
        mallctl("version", &version, &version_size, nullptr, 0) != 0) {
      return false;
    }
    *used = allocated;
    *active = pages;
    // Redis prints "jemalloc-5.3.0" (the version up to its first '-').
    std::string_view text = version;
    *name = "jemalloc-" + std::string(text.substr(0, text.find('-')));
    return true;
  }
  // glibc malloc's own accounting over all arenas: bytes in use (small
  // chunks plus mmapped large ones) and bytes the arenas hold. Another
  // allocator (a sanitizer's) leaves them at zero.
  struct mallinfo2 info = mallinfo2();
  *used = info.uordblks + info.hblkhd;
  *active = info.arena + info.hblkhd;
  *name = "libc";
  return *used > 0;
}

void append_memory_section(CommandContext& ctx, std::string* out) {
  uint64_t used = 0, active = 0;
  std::string allocator;
  uint64_t rss = resident_bytes();
  // Without the allocator's numbers the resident size is the best measure.
  bool malloc_stats = allocator_stats(&used, &active, &allocator);
  if (!malloc_stats) used = active = rss;
  // The peak of what INFO has seen (Redis's is sampled too, by its cron).
  static std::atomic<uint64_t> peak{0};
  uint64_t seen_peak = peak.load();
  while (used > seen_peak && !peak.compare_exchange_weak(seen_peak, used)) {
  }
  seen_peak = std::max(seen_peak, used);
  uint64_t system_memory =
      static_cast<uint64_t>(sysconf(_SC_PHYS_PAGES)) * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  auto settings = ctx.engine.settings_snapshot();
  std::string maxmemory_text = config_value(ctx.engine, *find_config_param("maxmemory"), settings);
  uint64_t maxmemory = std::strtoull(maxmemory_text.c_str(), nullptr, 10);
  auto ratio = [](uint64_t a, uint64_t b) { return b == 0 ? 0.0 : static_cast<double>(a) / b; };

  out->append("# Memory\r\n");
  append_info_line(out, "used_memory", used);
  append_info_line(out, "used_memory_human", bytes_to_human(used));
  append_info_line(out, "used_memory_rss", rss);
  append_info_line(out, "used_memory_rss_human", bytes_to_human(rss));
  append_info_line(out, "used_memory_peak", seen_peak);
  append_info_line(out, "used_memory_peak_human", bytes_to_human(seen_peak));
  append_info_line(out, "used_memory_peak_perc", percent(100.0 * ratio(used, seen_peak)));
  append_info_line(out, "allocator_allocated", used);
  append_info_line(out, "allocator_active", active);
  append_info_line(out, "total_system_memory", system_memory);
  append_info_line(out, "total_system_memory_human", bytes_to_human(system_memory));
  append_info_line(out, "maxmemory", maxmemory);
  append_info_line(out, "maxmemory_human", bytes_to_human(maxmemory));
  append_info_line(out, "maxmemory_policy",
                   config_value(ctx.engine, *find_config_param("maxmemory-policy"), settings));
  append_info_line(out, "allocator_frag_ratio", fmt::format("{:.2f}", ratio(active, used)));
  append_info_line(out, "allocator_frag_bytes", active > used ? active - used : 0);
  append_info_line(out, "mem_fragmentation_ratio", fmt::format("{:.2f}", ratio(rss, used)));
  append_info_line(out, "mem_fragmentation_bytes",
                   static_cast<int64_t>(rss) - static_cast<int64_t>(used));
  append_info_line(out, "mem_allocator", malloc_stats ? allocator : "unknown");
  append_info_line(out, "ringkv_block_cache_size", uint64_t{ctx.engine.config().cache_bytes});
}

std::string cpu_seconds(const timeval& time) {
  return fmt::format("{}.{:06}", time.tv_sec, time.tv_usec);
}

void append_cpu_section(CommandContext&, std::string* out) {
  rusage self{}, children{}, thread{};
  getrusage(RUSAGE_SELF, &self);
  getrusage(RUSAGE_CHILDREN, &children);
  // Redis's "main thread" is its event loop; here it is the loop running INFO.
  getrusage(RUSAGE_THREAD, &thread);
  out->append("# CPU\r\n");
  append_info_line(out, "used_cpu_sys", cpu_seconds(self.ru_stime));
  append_info_line(out, "used_cpu_user", cpu_seconds(self.ru_utime));
  append_info_line(out, "used_cpu_sys_children", cpu_seconds(children.ru_stime));
  append_info_line(out, "used_cpu_user_children", cpu_seconds(children.ru_utime));
  append_info_line(out, "used_cpu_sys_main_thread", cpu_seconds(thread.ru_stime));
  append_info_line(out, "used_cpu_user_main_thread", cpu_seconds(thread.ru_utime));
}

// ringkv loads no modules.
void append_modules_section(CommandContext&, std::string* out) { out->append("# Modules\r\n"); }

// latency_percentiles_usec_<command>:p50=...,p99=... for the commands
// called since the last CONFIG RESETSTAT; nothing while latency-tracking is
// off (as in Redis).
void append_latencystats_section(CommandContext& ctx, std::string* out) {
  out->append("# Latencystats\r\n");
  if (!ctx.engine.latency_tracking.load()) return;
  std::string percentiles = config_value(
      ctx.engine, *find_config_param("latency-tracking-info-percentiles"),
      ctx.engine.settings_snapshot());
  std::vector<std::pair<std::string, double>> wanted;
  for (std::string_view word : split_config_words(percentiles)) {
    wanted.emplace_back(std::string(word), std::strtod(std::string(word).c_str(), nullptr));
  }
  for (const CommandSpec* spec : all_commands()) {
    const LatencyHistogram& histogram = ctx.engine.command_stats[spec->index].latency;
    if (histogram.total() == 0) continue;
    std::string line = "latency_percentiles_usec_" + full_name(*spec) + ":";
    for (size_t i = 0; i < wanted.size(); ++i) {
      double usec = static_cast<double>(histogram.value_at_percentile(wanted[i].second)) / 1000;
      line += fmt::format("{}p{}={:.3f}", i == 0 ? "" : ",", wanted[i].first, usec);
    }
    out->append(line).append("\r\n");
  }
}

void append_cluster_section(CommandContext&, std::string* out) {
  out->append("# Cluster\r\n");
  append_info_line(out, "cluster_enabled", int64_t{0});
}

constexpr InfoSection kSections[] = {
    {"server", nullptr, true, append_server_section},
    {"clients", nullptr, true, append_clients_section},
    {"memory", nullptr, true, append_memory_section},
    {"persistence", nullptr, true, append_persistence_section},
    {"stats", nullptr, true, append_stats_section},
    {"replication", nullptr, true, append_replication_section},
    {"cpu", nullptr, true, append_cpu_section},
    {"modules", "module_list", true, append_modules_section},
    {"commandstats", nullptr, false, append_commandstats_section},
    {"errorstats", nullptr, true, append_errorstats_section},
    {"latencystats", nullptr, false, append_latencystats_section},
    {"cluster", nullptr, true, append_cluster_section},
    {"keyspace", nullptr, true, append_keyspace_section},
};

}  // namespace

std::span<const InfoSection> info_sections() { return kSections; }

void append_info_line(std::string* out, std::string_view field, std::string_view value) {
  out->append(field);
  out->push_back(':');
  out->append(value);
  out->append("\r\n");
}

void append_info_line(std::string* out, std::string_view field, int64_t value) {
  append_info_line(out, field, std::string_view(fmt::format("{}", value)));
}

void append_info_line(std::string* out, std::string_view field, uint64_t value) {
  append_info_line(out, field, std::string_view(fmt::format("{}", value)));
}

std::string bytes_to_human(uint64_t bytes) {
  static constexpr const char* kUnits[] = {"K", "M", "G", "T", "P"};
  if (bytes < 1024) return fmt::format("{}B", bytes);
  double value = static_cast<double>(bytes) / 1024;
  for (const char* unit : kUnits) {
    if (value < 1024) return fmt::format("{:.2f}{}", value, unit);
    value /= 1024;
  }
  return fmt::format("{}B", bytes);
}

}  // namespace ringkv::cmd
