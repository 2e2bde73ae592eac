// The subreaper between lifeline and its child: a lifeline killed with SIGKILL mid-run leaves
// no descendant behind (not one that ignores SIGTERM, not one that left the group with
// setsid); a normal run reaps it and changes nothing else.
#include <chrono>
#include <csignal>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <lifeline/process/posix_runner.hpp>

#include "process_test_support.hpp"
#include "support/temp_dir.hpp"

namespace lifeline::process {
namespace {

using lifeline::testing::TempDir;
using testing::process_alive;
using testing::read_file;
using testing::shell;

bool wait_for_files(const std::vector<std::string>& paths, std::chrono::seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        bool all = true;
        for (const std::string& path : paths)
            all = all && !read_file(path).empty();
        if (all)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

std::vector<int> read_pids(const std::vector<std::string>& paths) {
    std::vector<int> pids;
    for (const std::string& path : paths)
        pids.push_back(std::stoi(read_file(path)));
    return pids;
}

// Waits up to `limit` for every pid to be gone; returns the ones still alive (and SIGKILLs
// them, so a failing test leaves nothing behind either).
std::vector<int> survivors(const std::vector<int>& pids, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    std::vector<int> alive;
    do {
        alive.clear();
        for (int pid : pids) {
            if (process_alive(pid))
                alive.push_back(pid);
        }
        if (alive.empty())
            return alive;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } while (std::chrono::steady_clock::now() < deadline);
    for (int pid : alive)
        kill(pid, SIGKILL);
    return alive;
}

// A child (its pid in child.pid) with a grandchild that ignores SIGTERM, one that moved to a
// session of its own, and a plain sleeper; every pid is written before "ready".
std::string tree_script(const TempDir& dir) {
    return "echo $$ > '" + dir.file("child.pid") +
           "'; "
           "sh -c 'trap \"\" TERM; echo $$ > \"$0\"; while :; do sleep 1; done' '" +
           dir.file("ignorer.pid") +
           "' & "
           "setsid sh -c 'echo $$ > \"$0\"; exec sleep 30' '" +
           dir.file("setsid.pid") +
           "' & "
           "sleep 30 & echo $! > '" +
           dir.file("sleeper.pid") + "'; wait";
}

TEST(Subreaper, AHostKilledMidRunLeavesNoDescendantBehind) {
    TempDir dir;
    const std::vector<std::string> pid_files = {dir.file("child.pid"), dir.file("ignorer.pid"),
                                                dir.file("setsid.pid"), dir.file("sleeper.pid")};
    const pid_t host = fork();
    ASSERT_GE(host, 0);
    if (host == 0) {
        // The host stands in for run-with-failover: it runs the tree and is then SIGKILLed.
        ProcessSpec spec = shell(tree_script(dir));
        spec.timeout = Duration{20'000};
        spec.kill_grace = Duration{300};
        PosixProcessRunner runner;
        static_cast<void>(runner.run(spec));
        _exit(0);
    }
    const bool started = wait_for_files(pid_files, std::chrono::seconds(10));
    kill(host, SIGKILL);
    waitpid(host, nullptr, 0);
    ASSERT_TRUE(started);
    const std::vector<int> pids = read_pids(pid_files);

    // Grace 300 ms, then SIGKILL sweeps: well within 5 s.
    EXPECT_EQ(survivors(pids, std::chrono::seconds(5)), std::vector<int>{});
}

TEST(Subreaper, ANormalRunReapsItAndReportsTheChildsOwnStatus) {
    PosixProcessRunner runner;

    auto exited = runner.run(shell("echo out; exit 3"));
    auto killed = runner.run(shell("kill -KILL $$"));

    ASSERT_TRUE(exited.ok());
    EXPECT_EQ(exited->exit_code, 3);
    EXPECT_EQ(exited->captured_stdout, "out\n");
    ASSERT_TRUE(killed.ok());
    EXPECT_EQ(killed->exit_code, 128 + SIGKILL);
    EXPECT_EQ(killed->term_signal, SIGKILL);
    // Nothing of either run is left for the caller to reap: no subreaper, no child.
    errno = 0;
    EXPECT_EQ(waitpid(-1, nullptr, WNOHANG), -1);
    EXPECT_EQ(errno, ECHILD);
}

TEST(Subreaper, AProcessThatLeftTheGroupOutlivesANormalRunAsBefore) {
    // Only a killed lifeline ends processes outside the child's group; after a normal run a
    // daemon the child started on purpose keeps running (the run does not wait for it).
    TempDir dir;
    const std::string pid_file = dir.file("daemon.pid");
    ProcessSpec spec = shell("setsid sh -c 'echo $$ > \"$0\"; exec sleep 30' '" + pid_file +
                             "' >/dev/null 2>&1 & "
                             "while [ ! -s '" +
                             pid_file + "' ]; do sleep 0.01; done; exit 0");
    PosixProcessRunner runner;

    auto result = runner.run(spec);

    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->exit_code, 0);
    const int daemon = std::stoi(read_file(pid_file));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_TRUE(process_alive(daemon));
    kill(daemon, SIGKILL);
}

}  // namespace
}  // namespace lifeline::process
