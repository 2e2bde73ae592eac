// failover-proxy's start: a stop signal the moment it says it is ready (a supervisor that
// starts it, reads the ready file or the --ready-fd pipe and is cancelled at once) is honoured:
// it drains and exits 0 promptly, instead of dying of the signal's default action or missing
// it. --ready-fd gets the ready file's lines and then end-of-file, also from a proxy that
// cannot start; a descriptor that is not open is a usage error.

#include <algorithm>
#include <chrono>
#include <thread>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "raw_client.hpp"
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

// A proxy started with --ready-fd on a pipe; run() reads the pipe to its end (bounded, 10 s).
struct PipedStart {
    lifeline::testing::TempDir dir{"failover-proxy-ready-fd"};
    pid_t pid = -1;
    std::string lines;

    // Starts the proxy with `config` and the pipe's write end as --ready-fd (plus `extra`
    // flags), then reads everything it writes there until it closes its end.
    void run(const std::string& config_text, std::vector<std::string> extra = {}) {
        const std::string config = dir.write("lifeline.yaml", config_text);
        int ready[2] = {-1, -1};
        ASSERT_EQ(::pipe(ready), 0);
        ::fcntl(ready[0], F_SETFD, FD_CLOEXEC);  // only the write end is inherited
        lifeline::testing::ChildSpec spec;
        spec.argv = {PROXY_BINARY,      "--config",   config,
                     "--state",         "memory:",    "--listen",
                     "127.0.0.1:0",     "--ready-fd", std::to_string(ready[1]),
                     "--drain-timeout", "2s"};
        spec.argv.insert(spec.argv.end(), extra.begin(), extra.end());
        spec.env = std::map<std::string, std::string>{{"PATH", "/usr/bin:/bin"},
                                                      {"HOME", dir.path()},
                                                      {"SIM_KEY", "sk-sim-0123456789abcdef"}};
        spec.stdout_path = dir.path() + "/stdout.txt";
        spec.stderr_path = dir.path() + "/stderr.txt";
        pid = lifeline::testing::spawn_child(spec);
        ::close(ready[1]);
        ASSERT_GT(pid, 0);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        char buffer[256];
        while (std::chrono::steady_clock::now() < deadline) {
            pollfd entry{ready[0], POLLIN, 0};
            if (::poll(&entry, 1, 100) <= 0)
                continue;
            const ssize_t got = ::read(ready[0], buffer, sizeof buffer);
            if (got <= 0)
                break;
            lines.append(buffer, static_cast<size_t>(got));
        }
        ::close(ready[0]);
    }
    int stop(int signal_number = SIGTERM) {
        kill(pid, signal_number);
        return lifeline::testing::wait_child(pid, std::chrono::seconds(10));
    }
    std::string err() const { return dir.read("stderr.txt"); }
};

std::string line_value(const std::string& lines, const std::string& key) {
    const size_t at = lines.find(key + "=");
    if (at == std::string::npos)
        return {};
    const size_t from = at + key.size() + 1;
    return lines.substr(from, lines.find('\n', from) - from);
}

TEST(FailoverProxyStart, ReadyFdGetsTheReadyLinesThenEndOfFileWhileItServes) {
    PipedStart start;
    start.run(k_config);
    const std::string url = line_value(start.lines, "LIFELINE_PROXY_URL");
    ASSERT_EQ(url.rfind("http://127.0.0.1:", 0), 0u) << start.lines << start.err();
    EXPECT_EQ(line_value(start.lines, "LIFELINE_PROXY_TOKEN").rfind("llp-", 0), 0u);
    // The same two lines as a ready file: sourceable, nothing else.
    EXPECT_EQ(std::count(start.lines.begin(), start.lines.end(), '\n'), 2);
    // End-of-file came while the proxy keeps serving.
    RawClient client(std::stoi(url.substr(url.rfind(':') + 1)));
    ASSERT_TRUE(client.connected());
    ASSERT_TRUE(client.send_all("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    EXPECT_TRUE(client.read_to_close(std::chrono::seconds(5)));
    EXPECT_EQ(client.received().rfind("HTTP/1.1 200", 0), 0u) << client.received();
    EXPECT_EQ(start.stop(), 0) << start.err();
}

TEST(FailoverProxyStart, SigtermRightAfterTheReadyLinesOnAPipeExitsZeroPromptly) {
    PipedStart start;
    start.run(k_config);
    ASSERT_NE(start.lines.find("LIFELINE_PROXY_TOKEN="), std::string::npos) << start.err();
    const auto signalled = std::chrono::steady_clock::now();
    EXPECT_EQ(start.stop(SIGTERM), 0) << start.err();
    EXPECT_LT(std::chrono::steady_clock::now() - signalled, std::chrono::seconds(5));
}

TEST(FailoverProxyStart, AProxyThatCannotStartClosesTheReadyPipeWithoutLines) {
    PipedStart start;
    start.run("version: 1\nlanes: [not, a, map\n");
    EXPECT_EQ(start.lines, "");
    EXPECT_EQ(lifeline::testing::wait_child(start.pid, std::chrono::seconds(10)), 2) << start.err();
}

TEST(FailoverProxyStart, AReadyFdThatIsNotOpenOrAStandardStreamIsAUsageError) {
    const std::pair<const char*, const char*> cases[] = {
        {"517", "--ready-fd 517: not an open file descriptor"},
        {"1", "--ready-fd 1: must be above 2"},
        {"-5", "--ready-fd -5: must be above 2"},
    };
    for (const auto& [fd, message] : cases) {
        lifeline::testing::TempDir dir("failover-proxy-ready-fd");
        const std::string config = dir.write("lifeline.yaml", k_config);
        lifeline::testing::ChildSpec spec;
        spec.argv = {PROXY_BINARY, "--config",    config,       "--state", "memory:",
                     "--listen",   "127.0.0.1:0", "--ready-fd", fd};
        spec.env =
            std::map<std::string, std::string>{{"PATH", "/usr/bin:/bin"}, {"HOME", dir.path()}};
        spec.stdout_path = dir.path() + "/stdout.txt";
        spec.stderr_path = dir.path() + "/stderr.txt";
        const pid_t pid = lifeline::testing::spawn_child(spec);
        ASSERT_GT(pid, 0);
        EXPECT_EQ(lifeline::testing::wait_child(pid, std::chrono::seconds(10)), 2) << fd;
        EXPECT_NE(dir.read("stderr.txt").find(message), std::string::npos)
            << dir.read("stderr.txt");
    }
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
