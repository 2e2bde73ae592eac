// A stop signal the moment failover-proxy says it is ready (a supervisor that starts it, reads
// the ready file and is cancelled at once) is honoured: it drains and exits 0 promptly,
// instead of dying of the signal's default action or missing it.

#include <chrono>
#include <thread>

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace proxy_it {
namespace {

// One lane on an upstream that is never called.
const char* k_config =
    "version: 1\n"
    "providers:\n"
    "  cc: {kind: openai-compatible, base_url: \"http://127.0.0.1:9/v1\", auth: {env: SIM_KEY}}\n"
    "models:\n"
    "  qwen: {provider: cc, id: qwen3-coder}\n"
    "lanes:\n"
    "  code: [qwen]\n";

// Starts the proxy, polls for its ready file every 100 us (bounded, 10 s), sends
// `signal_number` as soon as it exists and returns the exit status (-1 when it had to be
// killed after 10 s) and how long the exit took.
std::pair<int, std::chrono::milliseconds> stop_right_after_ready(int signal_number,
                                                                 std::string& stderr_text) {
    lifeline::testing::TempDir dir("failover-proxy-start");
    const std::string config = dir.write("lifeline.yaml", k_config);
    const std::string ready = dir.path() + "/ready.env";
    lifeline::testing::ChildSpec spec;
    spec.argv = {PROXY_BINARY,  "--config",     config, "--state",         "memory:", "--listen",
                 "127.0.0.1:0", "--ready-file", ready,  "--drain-timeout", "2s"};
    spec.env = std::map<std::string, std::string>{
        {"PATH", "/usr/bin:/bin"}, {"HOME", dir.path()}, {"SIM_KEY", "sk-sim-0123456789abcdef"}};
    spec.stdout_path = dir.path() + "/stdout.txt";
    spec.stderr_path = dir.path() + "/stderr.txt";
    const pid_t pid = lifeline::testing::spawn_child(spec);
    EXPECT_GT(pid, 0);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    struct stat info {};
    while (::stat(ready.c_str(), &info) != 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::microseconds(100));
    kill(pid, signal_number);
    const auto signalled = std::chrono::steady_clock::now();
    const int status = lifeline::testing::wait_child(pid, std::chrono::seconds(10));
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - signalled);
    stderr_text = dir.read("stderr.txt");
    return {status, took};
}

TEST(FailoverProxyStart, SigtermRightAfterTheReadyFileExitsZeroPromptly) {
    std::string err;
    const auto [status, took] = stop_right_after_ready(SIGTERM, err);
    EXPECT_EQ(status, 0) << err;
    EXPECT_LT(took, std::chrono::seconds(5)) << err;
}

TEST(FailoverProxyStart, SigintRightAfterTheReadyFileExitsZeroPromptly) {
    std::string err;
    const auto [status, took] = stop_right_after_ready(SIGINT, err);
    EXPECT_EQ(status, 0) << err;
    EXPECT_LT(took, std::chrono::seconds(5)) << err;
}

}  // namespace
}  // namespace proxy_it
