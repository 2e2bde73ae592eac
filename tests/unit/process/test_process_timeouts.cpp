// Timeouts, idle-output timeouts and the "no orphans" guarantee, with real process groups.
#include <csignal>
#include <cstdint>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <sys/eventfd.h>
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

// Starts a grandchild that ignores SIGTERM, keeps stdout/stderr open and records its pid;
// the script continues once the pid file is written.
std::string stubborn_grandchild(const std::string& pid_file) {
    return "sh -c 'trap \"\" TERM; echo $$ > \"" + pid_file +
           "\"; exec sleep 30' & "
           "while [ ! -s \"" +
           pid_file + "\" ]; do sleep 0.01; done; ";
}

int read_pid(const std::string& path) {
    return std::stoi(read_file(path));
}

TEST(ProcessTimeouts, TimeoutKillsTheWholeGroupIncludingAGrandchildThatIgnoresTerm) {
    TempDir dir;
    std::string pid_file = dir.file("grandchild.pid");
    ProcessSpec spec = shell(stubborn_grandchild(pid_file) + "echo started; wait");
    spec.timeout = Duration{500};
    spec.kill_grace = Duration{200};
    PosixProcessRunner runner;

    auto result = runner.run(spec);

    ASSERT_TRUE(result.ok());
    EXPECT_TRUE(result->timed_out);
    EXPECT_FALSE(result->idle_timed_out);
    EXPECT_EQ(result->captured_stdout, "started\n");
    // The shell died of the SIGTERM; the grandchild needed the SIGKILL.
    EXPECT_EQ(result->exit_code, 128 + SIGTERM);
    EXPECT_FALSE(process_alive(read_pid(pid_file)));
}

TEST(ProcessTimeouts, GraceLetsTheChildHandleSigtermBeforeSigkill) {
    ProcessSpec spec = shell("trap 'echo cleaning up; exit 0' TERM; echo started; sleep 30 & wait");
    spec.timeout = Duration{300};
    spec.kill_grace = Duration{5'000};
    PosixProcessRunner runner;

    auto result = runner.run(spec);

    ASSERT_TRUE(result.ok());
    EXPECT_TRUE(result->timed_out);
    EXPECT_EQ(result->captured_stdout, "started\ncleaning up\n");
    EXPECT_EQ(result->exit_code, 0);
    EXPECT_FALSE(result->term_signal);
}

TEST(ProcessTimeouts, LeftoverProcessesAreKilledAfterTheChildExits) {
    // The child exits 0 at once but its grandchild ignores SIGTERM and holds the output
    // pipes: run() must neither wait for that EOF nor leave the grandchild behind.
    TempDir dir;
    std::string pid_file = dir.file("grandchild.pid");
    ProcessSpec spec = shell(stubborn_grandchild(pid_file) + "echo finished; exit 0");
    spec.kill_grace = Duration{200};
    PosixProcessRunner runner;

    auto result = runner.run(spec);

    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->exit_code, 0);
    EXPECT_FALSE(result->timed_out);  // the 10 s safety limit was not what ended it
    EXPECT_TRUE(result->orphans_killed);
    EXPECT_EQ(result->captured_stdout, "finished\n");
    EXPECT_FALSE(process_alive(read_pid(pid_file)));
}

TEST(ProcessTimeouts, AThrowingOutputCallbackLeavesNoProcessBehind) {
    ProcessSpec spec = shell("echo $$; exec sleep 30");
    int child_pid = 0;
    spec.on_stdout = [&child_pid](std::string_view chunk) {
        child_pid = std::stoi(std::string(chunk));
        throw std::runtime_error("redactor failed");
    };
    PosixProcessRunner runner;

    EXPECT_THROW(static_cast<void>(runner.run(spec)), std::runtime_error);

    ASSERT_GT(child_pid, 0);
    EXPECT_FALSE(process_alive(child_pid));
}

TEST(ProcessTimeouts, IdleTimeoutEndsASilentChild) {
    ProcessSpec spec = shell("echo 'thinking...'; sleep 30");
    spec.idle_timeout = Duration{300};
    PosixProcessRunner runner;

    auto result = runner.run(spec);

    ASSERT_TRUE(result.ok());
    EXPECT_TRUE(result->idle_timed_out);
    EXPECT_FALSE(result->timed_out);
    EXPECT_EQ(result->exit_code, 128 + SIGTERM);
    EXPECT_EQ(result->term_signal, SIGTERM);
    EXPECT_EQ(result->captured_stdout, "thinking...\n");
}

TEST(ProcessTimeouts, IdleTimeoutSparesAChildThatKeepsTalking) {
    // Runs about twice as long as the idle limit, but never goes quiet for long; half the
    // ticks go to stderr, which counts as output too.
    ProcessSpec spec = shell(
        "i=0; while [ $i -lt 20 ]; do echo tick; echo tock >&2; sleep 0.05; i=$((i+1)); done");
    spec.idle_timeout = Duration{500};
    PosixProcessRunner runner;

    auto result = runner.run(spec);

    ASSERT_TRUE(result.ok());
    EXPECT_FALSE(result->idle_timed_out);
    EXPECT_EQ(result->exit_code, 0);
    std::string expected;
    for (int i = 0; i < 20; ++i)
        expected += "tick\n";
    EXPECT_EQ(result->captured_stdout, expected);
}

TEST(ProcessTimeouts, AStopRequestedByTheCallerEndsTheWholeGroup) {
    // The caller's own reader went away after the first line: the group (a grandchild that
    // ignores SIGTERM included) is ended, not left running with nobody to read it.
    TempDir dir;
    std::string pid_file = dir.file("grandchild.pid");
    ProcessSpec spec =
        shell(stubborn_grandchild(pid_file) + "while :; do echo tick; sleep 0.05; done");
    spec.kill_grace = Duration{200};
    bool output_lost = false;
    spec.on_stdout = [&output_lost](std::string_view) { output_lost = true; };
    spec.stop_requested = [&output_lost] { return output_lost; };
    PosixProcessRunner runner;

    auto result = runner.run(spec);

    ASSERT_TRUE(result.ok());
    EXPECT_TRUE(result->stopped);
    EXPECT_FALSE(result->timed_out);
    EXPECT_EQ(result->exit_code, 128 + SIGTERM);
    EXPECT_FALSE(process_alive(read_pid(pid_file)));
}

TEST(ProcessTimeouts, AStopFdWrittenByAnotherThreadEndsASilentGroupAtOnce) {
    // A stop decided elsewhere (run-with-failover's sidecar watcher) while the child prints
    // nothing: the descriptor alone wakes the wait; no timeout is set that could.
    TempDir dir;
    std::string pid_file = dir.file("grandchild.pid");
    ProcessSpec spec = shell(stubborn_grandchild(pid_file) + "echo started; exec sleep 600");
    spec.kill_grace = Duration{200};
    const int stop = ::eventfd(0, EFD_CLOEXEC);
    ASSERT_GE(stop, 0);
    spec.stop_fd = stop;
    std::promise<void> started;
    std::once_flag once;
    spec.on_stdout = [&](std::string_view) { std::call_once(once, [&] { started.set_value(); }); };
    std::thread stopper([&, ready = started.get_future()]() mutable {
        ready.wait();
        const uint64_t one = 1;
        ASSERT_EQ(::write(stop, &one, sizeof one), static_cast<ssize_t>(sizeof one));
    });
    PosixProcessRunner runner;

    auto result = runner.run(spec);
    stopper.join();
    ::close(stop);

    ASSERT_TRUE(result.ok());
    EXPECT_TRUE(result->stopped);
    EXPECT_FALSE(result->timed_out);
    EXPECT_EQ(result->exit_code, 128 + SIGTERM);
    EXPECT_FALSE(process_alive(read_pid(pid_file)));
}

TEST(ProcessTimeouts, AChildThatFinishesInTimeIsNotMarkedTimedOut) {
    ProcessSpec spec = shell("echo ok");
    spec.timeout = Duration{5'000};
    spec.idle_timeout = Duration{5'000};
    PosixProcessRunner runner;

    auto result = runner.run(spec);

    ASSERT_TRUE(result.ok());
    EXPECT_FALSE(result->timed_out);
    EXPECT_FALSE(result->idle_timed_out);
    EXPECT_FALSE(result->forwarded_signal);
    EXPECT_EQ(result->exit_code, 0);
    EXPECT_FALSE(result->stopped);
}

}  // namespace
}  // namespace lifeline::process
