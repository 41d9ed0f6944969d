// Crash cycles (CI variant of tools/crash-test): the real server is killed
// with SIGKILL at random moments under pipelined writes from several
// connections and restarted on the same dir; every acknowledged write must
// be there and no multi-key command half-applied. The checking lives in
// tools/crash-test, run here with a bounded number of cycles.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "test_client.h"

namespace ringkv::testing {
namespace {

namespace fs = std::filesystem;

// tools/crash-test in the source tree. __FILE__ is absolute or relative to
// the build root, which holds src/ringkv-server.
fs::path crash_tool() {
  fs::path source(__FILE__);
  if (source.is_relative()) {
    fs::path build_root = fs::path(ServerProcess::binary_path()).parent_path().parent_path();
    source = build_root / source;
  }
  return source.parent_path().parent_path().parent_path() / "tools" / "crash-test";
}

struct ToolRun {
  int status = -1;
  std::string output;
};

ToolRun run_tool(const std::string& arguments) {
  std::string command = "python3 '" + crash_tool().string() + "' --server '" +
                        ServerProcess::binary_path() + "' " + arguments + " 2>&1";
  ToolRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char chunk[4096];
  size_t got;
  while ((got = fread(chunk, 1, sizeof(chunk), pipe)) > 0) run.output.append(chunk, got);
  int status = pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

bool have_python() { return std::system("python3 -c '' >/dev/null 2>&1") == 0; }

// The cycle count from the tool's closing line ("crash-test: N cycles, ...").
int cycles_run(const std::string& output) {
  size_t at = output.rfind("crash-test: ");
  return at == std::string::npos ? 0 : std::atoi(output.c_str() + at + 12);
}

int random_seed() { return static_cast<int>(std::random_device()() % 1000000); }

TEST(CrashCyclesTest, AcknowledgedWritesSurviveKill9UnderAlways) {
  if (!have_python()) GTEST_SKIP() << "python3 is needed to run tools/crash-test";
  ASSERT_TRUE(fs::exists(crash_tool())) << crash_tool();
  // 12 cycles of 30..300 ms of load each; the time limit only guards
  // against a much slower machine (sanitizer builds).
  ToolRun run = run_tool("--cycles 12 --max-kill-ms 300 --time-limit 40 --appendfsync always "
                         "--seed " + std::to_string(random_seed()));
  EXPECT_EQ(run.status, 0) << run.output;
  EXPECT_NE(run.output.find(" 0 lost, 0 failed checks"), std::string::npos) << run.output;
  EXPECT_GE(cycles_run(run.output), 10) << run.output;
  std::printf("%s", run.output.substr(run.output.rfind("crash-test:")).c_str());
}

TEST(CrashCyclesTest, EverySecLosesAtMostOneSecond) {
  if (!have_python()) GTEST_SKIP() << "python3 is needed to run tools/crash-test";
  ToolRun run = run_tool("--cycles 4 --max-kill-ms 300 --time-limit 20 --appendfsync everysec "
                         "--max-loss-ms 1000 --seed " + std::to_string(random_seed()));
  EXPECT_EQ(run.status, 0) << run.output;
  EXPECT_NE(run.output.find(" 0 failed checks"), std::string::npos) << run.output;
  std::printf("%s", run.output.substr(run.output.rfind("crash-test:")).c_str());
}

}  // namespace
}  // namespace ringkv::testing
