// Signals lifeline receives while a child runs are forwarded to the child's process group,
// and lifeline itself survives them (the tool decides how to exit).
#include <atomic>
#include <chrono>
#include <csignal>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include <lifeline/process/posix_runner.hpp>

#include "process_test_support.hpp"
#include "support/temp_dir.hpp"

namespace lifeline::process {
namespace {

using lifeline::testing::TempDir;
using testing::read_file;
using testing::shell;

// Raises `signal_number` at this process from a separate thread.
void raise_from_another_thread(int signal_number) {
    std::thread([signal_number] { ::kill(::getpid(), signal_number); }).join();
}

struct sigaction current_action(int signal_number) {
    struct sigaction action {};
    ::sigaction(signal_number, nullptr, &action);
    return action;
}

TEST(SignalForwarding, SigtermToLifelineReachesTheChildAndLifelineSurvives) {
    TempDir dir;
    ProcessSpec spec =
        shell("trap 'echo got-term > \"$MARKER\"; exit 7' TERM; echo ready; sleep 30 & wait");
    spec.env["MARKER"] = dir.file("marker");
    spec.on_stdout = [](std::string_view chunk) {
        if (chunk.find("ready") != std::string_view::npos)
            raise_from_another_thread(SIGTERM);
    };
    PosixProcessRunner runner;

    auto result = runner.run(spec);

    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->forwarded_signal, SIGTERM);
    EXPECT_EQ(result->exit_code, 7);
    EXPECT_FALSE(result->timed_out);
    EXPECT_EQ(read_file(dir.file("marker")), "got-term\n");
    // Our own disposition is back to the default once the run is over.
    EXPECT_EQ(current_action(SIGTERM).sa_handler, SIG_DFL);
}

TEST(SignalForwarding, EscalatesToSigkillWhenTheGroupIgnoresTheSignal) {
    ProcessSpec spec = shell("trap '' INT; echo ready; sleep 30 & wait");
    spec.kill_grace = Duration{200};
    spec.on_stdout = [](std::string_view chunk) {
        if (chunk.find("ready") != std::string_view::npos)
            raise_from_another_thread(SIGINT);
    };
    PosixProcessRunner runner;

    auto result = runner.run(spec);

    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->forwarded_signal, SIGINT);
    EXPECT_EQ(result->term_signal, SIGKILL);
    EXPECT_EQ(result->exit_code, 128 + SIGKILL);
    EXPECT_FALSE(result->timed_out);
}

TEST(SignalForwarding, ReachesEveryConcurrentlyRunningChild) {
    TempDir dir;
    std::atomic<int> ready{0};
    auto make_spec = [&](const std::string& marker) {
        ProcessSpec spec =
            shell("trap 'echo hup > \"$MARKER\"; exit 0' HUP; echo ready; sleep 30 & wait");
        spec.env["MARKER"] = dir.file(marker);
        spec.on_stdout = [&ready](std::string_view chunk) {
            if (chunk.find("ready") != std::string_view::npos)
                ready.fetch_add(1);
        };
        return spec;
    };
    ProcessSpec first = make_spec("first");
    ProcessSpec second = make_spec("second");
    PosixProcessRunner runner;
    Result<ProcessResult> first_result = fail(ErrorCode::internal, "not run");
    Result<ProcessResult> second_result = fail(ErrorCode::internal, "not run");

    std::thread first_thread([&] { first_result = runner.run(first); });
    std::thread second_thread([&] { second_result = runner.run(second); });
    // Bounded: the children's own 10 s limit ends them even if this never fires.
    auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (ready.load() < 2 && std::chrono::steady_clock::now() < give_up)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ::kill(::getpid(), SIGHUP);
    first_thread.join();
    second_thread.join();

    ASSERT_TRUE(first_result.ok());
    ASSERT_TRUE(second_result.ok());
    EXPECT_EQ(first_result->forwarded_signal, SIGHUP);
    EXPECT_EQ(second_result->forwarded_signal, SIGHUP);
    EXPECT_EQ(first_result->exit_code, 0);
    EXPECT_EQ(second_result->exit_code, 0);
    EXPECT_EQ(read_file(dir.file("first")), "hup\n");
    EXPECT_EQ(read_file(dir.file("second")), "hup\n");
}

TEST(SignalForwarding, LeavesASignalLifelineInheritedAsIgnoredIgnored) {
    // As under nohup: SIGHUP is ignored for lifeline, so it must not end the child either.
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    struct sigaction previous {};
    ASSERT_EQ(::sigaction(SIGHUP, &ignore, &previous), 0);
    ProcessSpec spec = shell("echo ready; sleep 0.3; echo done");
    spec.on_stdout = [](std::string_view chunk) {
        if (chunk.find("ready") != std::string_view::npos)
            raise_from_another_thread(SIGHUP);
    };
    PosixProcessRunner runner;

    auto result = runner.run(spec);
    ::sigaction(SIGHUP, &previous, nullptr);

    ASSERT_TRUE(result.ok());
    EXPECT_FALSE(result->forwarded_signal);
    EXPECT_EQ(result->exit_code, 0);
}

std::atomic<int> g_custom_handler_calls{0};
extern "C" void count_custom_signal(int) {
    g_custom_handler_calls.fetch_add(1);
}

TEST(SignalForwarding, RestoresAHandlerTheHostInstalledBefore) {
    g_custom_handler_calls.store(0);
    struct sigaction custom {};
    custom.sa_handler = count_custom_signal;
    struct sigaction previous {};
    ASSERT_EQ(::sigaction(SIGINT, &custom, &previous), 0);

    PosixProcessRunner runner;
    auto result = runner.run(shell("exit 0"));
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(current_action(SIGINT).sa_handler, &count_custom_signal);
    raise_from_another_thread(SIGINT);
    EXPECT_EQ(g_custom_handler_calls.load(), 1);

    ::sigaction(SIGINT, &previous, nullptr);
}

}  // namespace
}  // namespace lifeline::process
