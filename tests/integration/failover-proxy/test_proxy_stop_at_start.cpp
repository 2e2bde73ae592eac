// failover-proxy's start: a stop signal the moment it says it is ready (a supervisor that
// starts it, reads the ready file or the --ready-fd pipe and is cancelled at once) is honoured:
// it drains and exits 0 promptly, instead of dying of the signal's default action or missing
// it. --ready-fd gets the ready file's lines and then end-of-file, also from a proxy that
// cannot start; a descriptor that is not open is a usage error. --listen-fd serves a socket
// bound before the proxy started, connections already waiting in it included.

#include <algorithm>
#include <chrono>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
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
    std::vector<std::string> listen = {"--listen", "127.0.0.1:0"};  // or {"--listen-fd", N}

    // Starts the proxy with `config` and the pipe's write end as --ready-fd (plus `extra`
    // flags), then reads everything it writes there until it closes its end.
    void run(const std::string& config_text, std::vector<std::string> extra = {}) {
        const std::string config = dir.write("lifeline.yaml", config_text);
        int ready[2] = {-1, -1};
        ASSERT_EQ(::pipe(ready), 0);
        ::fcntl(ready[0], F_SETFD, FD_CLOEXEC);  // only the write end is inherited
        lifeline::testing::ChildSpec spec;
        spec.argv = {PROXY_BINARY,
                     "--config",
                     config,
                     "--state",
                     "memory:",
                     "--ready-fd",
                     std::to_string(ready[1]),
                     "--drain-timeout",
                     "2s"};
        spec.argv.insert(spec.argv.end(), listen.begin(), listen.end());
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

// A listening socket on a free loopback port, inheritable (no close-on-exec); -1 on failure.
// `listening` false: bound only.
int loopback_socket(int& port, bool listening = true) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
        (listening && ::listen(fd, 16) != 0) ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0)
        return -1;
    port = ntohs(address.sin_port);
    return fd;
}

TEST(FailoverProxyStart, ListenFdServesAConnectionMadeBeforeTheProxyStarted) {
    // What run-with-failover's sidecar relies on: the agent connects while the proxy is still
    // starting, its connection waits in the socket's backlog and is served.
    int port = 0;
    const int socket_fd = loopback_socket(port);
    ASSERT_GE(socket_fd, 0);
    RawClient early(port);
    ASSERT_TRUE(early.connected());
    ASSERT_TRUE(early.send_all("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    PipedStart start;
    start.listen = {"--listen-fd", std::to_string(socket_fd)};
    start.run(k_config);
    ::close(socket_fd);
    EXPECT_EQ(line_value(start.lines, "LIFELINE_PROXY_URL"),
              "http://127.0.0.1:" + std::to_string(port))
        << start.lines << start.err();
    EXPECT_TRUE(early.read_to_close(std::chrono::seconds(5)));
    EXPECT_EQ(early.received().rfind("HTTP/1.1 200", 0), 0u) << early.received() << start.err();
    EXPECT_EQ(start.stop(), 0) << start.err();
}

TEST(FailoverProxyStart, AListenFdThatIsNotAListeningSocketIsAUsageError) {
    int port = 0;
    const int bound_only = loopback_socket(port, false);
    ASSERT_GE(bound_only, 0);
    int pipe_fds[2] = {-1, -1};
    ASSERT_EQ(::pipe(pipe_fds), 0);
    const std::pair<std::string, const char*> cases[] = {
        {std::to_string(bound_only), "not listening"},
        {std::to_string(pipe_fds[0]), "not a socket"},
        {"517", "not an open file descriptor"},
        {"2", "must be above 2"},
    };
    for (const auto& [fd, message] : cases) {
        PipedStart start;
        start.listen = {"--listen-fd", fd};
        start.run(k_config);
        EXPECT_EQ(start.lines, "");
        EXPECT_EQ(lifeline::testing::wait_child(start.pid, std::chrono::seconds(10)), 2) << fd;
        EXPECT_NE(start.err().find("--listen-fd " + fd + ": " + message), std::string::npos)
            << start.err();
    }
    for (int fd : {bound_only, pipe_fds[0], pipe_fds[1]})
        ::close(fd);
}

TEST(FailoverProxyStart, AParentPidThatIsAlreadyGoneDrainsItOnceItListens) {
    // The supervisor was killed while the proxy was still starting: the proxy's parent is by
    // now someone else, so only the pid the supervisor gave tells it that it is orphaned.
    const pid_t dead = ::fork();
    if (dead == 0)
        ::_exit(0);
    ASSERT_GT(dead, 0);
    ASSERT_EQ(::waitpid(dead, nullptr, 0), dead);
    PipedStart start;
    start.run(k_config, {"--exit-with-parent", "--parent-pid", std::to_string(dead)});
    ASSERT_NE(start.lines.find("LIFELINE_PROXY_URL="), std::string::npos) << start.err();
    EXPECT_EQ(lifeline::testing::wait_child(start.pid, std::chrono::seconds(10)), 0) << start.err();
    EXPECT_NE(start.err().find("parent process gone"), std::string::npos) << start.err();
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
