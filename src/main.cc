// ringkv-server: start-up and shutdown. Parses settings, opens the data dir
// and its shards, starts one io_uring loop per thread, and on SIGTERM,
// SIGINT or SHUTDOWN stops the loops and syncs every shard before exiting.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <signal.h>
#include <sys/resource.h>

#include <cstdio>
#include <memory>

#include "cmd/admin_config_params.h"
#include "net/loop_group.h"
#include "server/config.h"
#include "server/data_dir.h"
#include "server/engine.h"
#include "server/listener.h"
#include "server/log.h"

using namespace ringkv;

namespace {

int fail(const std::string& message) {
  std::fprintf(stderr, "ringkv-server: %s\n", message.c_str());
  return 1;
}

server::LogLevel level_of(const std::string& name) {
  if (name == "debug") return server::LogLevel::kDebug;
  if (name == "verbose") return server::LogLevel::kVerbose;
  if (name == "warning") return server::LogLevel::kWarning;
  if (name == "nothing") return server::LogLevel::kNothing;
  return server::LogLevel::kNotice;
}

}  // namespace

int main(int argc, char** argv) {
  server::Config config;
  std::string error;
  if (!server::parse_command_line(argc, argv, &config, &error)) return fail(error);
  server::set_log_level(level_of(config.loglevel));
  if (!config.logfile.empty() && !server::set_log_file(config.logfile.c_str())) {
    return fail("cannot open logfile " + config.logfile);
  }
  if (!config.ignored_settings.empty()) {
    server::log_warning(fmt::format("ignoring Redis settings that have no effect in ringkv: {}",
                                    fmt::join(config.ignored_settings, " ")));
  }

  // Like Redis: room for maxclients sockets plus the shards' files.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
    auto wanted = static_cast<rlim_t>(config.maxclients + 1024);
    if (files.rlim_cur < wanted) {
      files.rlim_cur = files.rlim_max == RLIM_INFINITY || wanted < files.rlim_max ? wanted
                                                                                 : files.rlim_max;
      setrlimit(RLIMIT_NOFILE, &files);
    }
  }

  // Signals are taken synchronously by main; loops never see them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  std::vector<std::unique_ptr<store::Keyspace>> shards;
  if (!server::open_data_dir(config.dir, config.shards, config.threads, config.databases,
                             config.cache_bytes, &shards, &error)) {
    return fail(error);
  }
  std::vector<int> listen_fds;
  int port = 0;
  if (!server::open_listeners(config.bind, config.port, &listen_fds, &port, &error)) {
    return fail(error);
  }
  config.port = port;  // the bound port when 0 asked for an ephemeral one (CONFIG GET, INFO)
  int threads = config.threads;
  server::Engine engine(config, std::move(shards), threads);
  // Settings from the file or flags that CONFIG SET also changes.
  for (const auto& [name, value] : config.runtime_settings) {
    cmd::apply_config_value(engine, *cmd::find_config_param(name), value);
  }
  net::LoopGroup loops(engine, listen_fds);
  for (int s = 0; s < engine.shard_count(); ++s) {
    store::ShardStore& shard_store = engine.shard(s).store();
    shard_store.set_fsync_mode(static_cast<store::AppendFsync>(engine.appendfsync.load()));
    // Under `always` any loop may hold replies waiting for this batch (any
    // loop may write to any shard), so wake all. Otherwise nobody waits: the
    // owner reaps the overlay at its next tick (its timer ticks at least
    // every 100 ms), and a wake-up per batch would cost an eventfd write and
    // an extra tick for every few requests at pipeline depth 1.
    shard_store.set_durable_callback([&loops, &engine] {
      bool always = engine.appendfsync.load(std::memory_order_relaxed) ==
                    static_cast<int>(store::AppendFsync::kAlways);
      if (!always) return;
      for (int i = 0; i < engine.loop_count(); ++i) loops.loop(i).wake_from_outside();
    });
  }
  if (!loops.start(&error)) return fail(error);
  server::log_notice(fmt::format("ringkv ready: port {}, {} loops, {} shards, dir {}, appendfsync {}",
                                 port, threads, engine.shard_count(), config.dir,
                                 config.appendfsync));
  std::printf("Ready to accept connections on port %d\n", port);
  std::fflush(stdout);

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  server::log_notice(engine.shutdown_requested ? "shutdown requested by SHUTDOWN"
                                               : fmt::format("received signal {}, shutting down",
                                                             signal_number));
  loops.request_stop();
  loops.join();
  for (int s = 0; s < engine.shard_count(); ++s) engine.shard(s).store().flush_and_sync();
  server::log_notice("all shards synced; bye");
  return 0;
}
