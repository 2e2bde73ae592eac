// PosixProcessRunner with real children: exit codes, output capture and streaming, stdin,
// environment, working directory, descriptors, errors.
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <lifeline/process/posix_runner.hpp>

#include "process_test_support.hpp"
#include "support/temp_dir.hpp"

namespace lifeline::process {
namespace {

using lifeline::testing::TempDir;
using testing::read_file;
using testing::shell;
using testing::write_file;

TEST(PosixProcessRunner, ReportsTheChildsExitCode) {
    PosixProcessRunner runner;
    for (int code : {0, 3, 42}) {
        auto result = runner.run(shell("exit " + std::to_string(code)));
        ASSERT_TRUE(result.ok()) << result.error().to_string();
        EXPECT_EQ(result->exit_code, code);
        EXPECT_FALSE(result->term_signal);
        EXPECT_FALSE(result->timed_out);
        EXPECT_FALSE(result->orphans_killed);
    }
}

TEST(PosixProcessRunner, ReportsDeathBySignalAs128PlusTheSignal) {
    PosixProcessRunner runner;
    auto result = runner.run(shell("kill -KILL $$"));
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->exit_code, 128 + SIGKILL);
    EXPECT_EQ(result->term_signal, SIGKILL);
}

TEST(PosixProcessRunner, CapturesStdoutAndStderrSeparately) {
    PosixProcessRunner runner;
    auto result =
        runner.run(shell("echo 'turn.completed'; echo 'Error: 429 Too Many Requests' >&2"));
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->captured_stdout, "turn.completed\n");
    EXPECT_EQ(result->captured_stderr, "Error: 429 Too Many Requests\n");
}

TEST(PosixProcessRunner, StreamsOutputToCallbacksWhileTheChildIsStillRunning) {
    // The child only finishes once the callback has seen its first line: if output were
    // buffered until exit, it would wait until the timeout instead.
    TempDir dir;
    std::string marker = dir.file("seen");
    ProcessSpec spec = shell(
        "echo ready; while [ ! -f \"$MARKER\" ]; do sleep 0.01; done; "
        "echo done; echo warn >&2");
    spec.env["MARKER"] = marker;
    spec.timeout = Duration{5'000};
    std::string streamed_out;
    std::string streamed_err;
    spec.on_stdout = [&](std::string_view chunk) {
        streamed_out += chunk;
        if (streamed_out.find("ready\n") != std::string::npos)
            write_file(marker, "");
    };
    spec.on_stderr = [&](std::string_view chunk) { streamed_err += chunk; };

    PosixProcessRunner runner;
    auto result = runner.run(spec);

    ASSERT_TRUE(result.ok());
    EXPECT_FALSE(result->timed_out);
    EXPECT_EQ(result->exit_code, 0);
    EXPECT_EQ(streamed_out, "ready\ndone\n");
    EXPECT_EQ(streamed_err, "warn\n");
    // Streams given to a callback are not also captured.
    EXPECT_EQ(result->captured_stdout, "");
    EXPECT_EQ(result->captured_stderr, "");
}

TEST(PosixProcessRunner, HandlesMegabytesOnBothStreamsAtOnce) {
    ProcessSpec spec = shell(
        "(head -c 4000000 /dev/zero | tr '\\0' a) & (head -c 3000000 /dev/zero | tr '\\0' b >&2) "
        "& wait");
    PosixProcessRunner runner;
    auto result = runner.run(spec);
    ASSERT_TRUE(result.ok());
    EXPECT_FALSE(result->timed_out);
    EXPECT_EQ(result->exit_code, 0);
    EXPECT_EQ(result->captured_stdout, std::string(4'000'000, 'a'));
    EXPECT_EQ(result->captured_stderr, std::string(3'000'000, 'b'));
}

TEST(PosixProcessRunner, FeedsLargeStdinDataWhileReadingOutput) {
    // 3 MB in and out through cat: writing all input before reading would deadlock once
    // both pipe buffers are full.
    std::string input;
    for (int i = 0; input.size() < 3'000'000; ++i)
        input += "{\"type\":\"item.completed\",\"n\":" + std::to_string(i) + "}\n";
    ProcessSpec spec = shell("cat");
    spec.stdin_data = input;
    PosixProcessRunner runner;
    auto result = runner.run(spec);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->exit_code, 0);
    EXPECT_EQ(result->captured_stdout.size(), input.size());
    EXPECT_TRUE(result->captured_stdout == input);
}

TEST(PosixProcessRunner, GivesTheChildDevNullAsStdinByDefault) {
    PosixProcessRunner runner;
    auto result = runner.run(shell("wc -c; readlink /proc/self/fd/0"));
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->captured_stdout, "0\n/dev/null\n");
}

TEST(PosixProcessRunner, PassesLifelinesOwnStdinThroughWhenAskedTo) {
    std::error_code ignored;
    std::string ours = std::filesystem::read_symlink("/proc/self/fd/0", ignored).string();
    ProcessSpec spec = shell("readlink /proc/self/fd/0");
    spec.inherit_stdin = true;
    PosixProcessRunner runner;
    auto result = runner.run(spec);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->captured_stdout, ours + "\n");
}

TEST(PosixProcessRunner, AChildThatNeverReadsItsInputDoesNotKillLifelineWithSigpipe) {
    ProcessSpec spec = shell("exec 0<&-; echo bye");
    spec.stdin_data = std::string(2'000'000, 'x');  // far more than a pipe buffer
    PosixProcessRunner runner;
    auto result = runner.run(spec);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->exit_code, 0);
    EXPECT_EQ(result->captured_stdout, "bye\n");
}

TEST(PosixProcessRunner, ChildEnvironmentIsExactlyTheSpecEnvironment) {
    ASSERT_EQ(::setenv("LIFELINE_PARENT_ONLY", "leaked", 1), 0);
    ProcessSpec spec;
    spec.argv = {"env"};  // found on the spec's PATH
    spec.env = {{"OPENAI_BASE_URL", "http://127.0.0.1:8080/v1"}, {"PATH", "/usr/bin:/bin"}};
    spec.timeout = Duration{5'000};
    PosixProcessRunner runner;
    auto result = runner.run(spec);
    ::unsetenv("LIFELINE_PARENT_ONLY");
    ASSERT_TRUE(result.ok()) << result.error().to_string();
    EXPECT_EQ(result->captured_stdout,
              "OPENAI_BASE_URL=http://127.0.0.1:8080/v1\nPATH=/usr/bin:/bin\n");
}

TEST(PosixProcessRunner, LooksUpTheProgramOnThePathFromSpecEnv) {
    TempDir dir;
    std::filesystem::create_directory(dir.file("bin"));
    write_file(dir.file("bin/fake-agent"), "#!/bin/sh\necho \"fake agent $1\"\nexit 5\n");
    std::filesystem::permissions(dir.file("bin/fake-agent"), std::filesystem::perms::owner_all);
    ProcessSpec spec;
    spec.argv = {"fake-agent", "exec"};
    spec.env = {{"PATH", dir.file("bin") + ":/usr/bin:/bin"}};
    spec.timeout = Duration{5'000};
    PosixProcessRunner runner;
    auto result = runner.run(spec);
    ASSERT_TRUE(result.ok()) << result.error().to_string();
    EXPECT_EQ(result->exit_code, 5);
    EXPECT_EQ(result->captured_stdout, "fake agent exec\n");
}

TEST(PosixProcessRunner, RunsInTheGivenWorkingDirectory) {
    TempDir dir;
    ProcessSpec spec = shell("pwd -P");
    spec.working_directory = dir.path();
    PosixProcessRunner runner;
    auto result = runner.run(spec);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->captured_stdout, dir.path() + "\n");
}

TEST(PosixProcessRunner, ReportsMissingOrUnrunnableProgramsAsNotFound) {
    TempDir dir;
    write_file(dir.file("not-executable"), "#!/bin/sh\n");
    PosixProcessRunner runner;

    ProcessSpec missing = shell("");
    missing.argv = {"codex-not-installed"};
    auto result = runner.run(missing);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::not_found);
    EXPECT_NE(result.error().message.find("codex-not-installed"), std::string::npos);

    ProcessSpec not_executable = shell("");
    not_executable.argv = {dir.file("not-executable")};
    result = runner.run(not_executable);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::not_found);

    ProcessSpec bad_directory = shell("true");
    bad_directory.working_directory = dir.file("no-such-dir");
    result = runner.run(bad_directory);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::not_found);
}

TEST(PosixProcessRunner, RejectsAnEmptyArgv) {
    PosixProcessRunner runner;
    auto result = runner.run(ProcessSpec{});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::invalid_input);
}

TEST(PosixProcessRunner, DoesNotLeakDescriptorsIntoTheChild) {
    // A descriptor opened elsewhere in lifeline without O_CLOEXEC must still not reach the
    // child: it sees exactly stdin, stdout and stderr.
    int stray = ::open("/dev/null", O_RDONLY);
    ASSERT_GE(stray, 3);
    PosixProcessRunner runner;
    auto result = runner.run(shell("ls /proc/$$/fd"));
    ::close(stray);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->captured_stdout, "0\n1\n2\n");
}

TEST(PosixProcessRunner, RunsConcurrentlyFromSeveralThreads) {
    // e.g. auth commands for several providers refreshed in parallel.
    constexpr int k_threads = 6;
    std::vector<std::thread> threads;
    std::vector<std::string> outputs(k_threads);
    std::vector<int> codes(k_threads, -1);
    PosixProcessRunner runner;
    for (int i = 0; i < k_threads; ++i) {
        threads.emplace_back([&, i] {
            ProcessSpec spec = shell("echo \"token-for-$N\"; sleep 0.05; exit $N");
            spec.env["N"] = std::to_string(i);
            auto result = runner.run(spec);
            if (result.ok()) {
                outputs[static_cast<size_t>(i)] = result->captured_stdout;
                codes[static_cast<size_t>(i)] = result->exit_code;
            }
        });
    }
    for (std::thread& thread : threads)
        thread.join();
    for (int i = 0; i < k_threads; ++i) {
        EXPECT_EQ(outputs[static_cast<size_t>(i)], "token-for-" + std::to_string(i) + "\n");
        EXPECT_EQ(codes[static_cast<size_t>(i)], i);
    }
}

}  // namespace
}  // namespace lifeline::process
