// Piped stdin across attempts, through the real binary: with --replay-stdin every attempt reads
// the whole prompt; without it the pipe is shared, and run-with-failover says so on a retry.

#include "harness.hpp"

namespace rwf_it {
namespace {

// Reads its prompt from stdin, logs "<model>:<prompt>", and is overloaded on every model but m2.
const std::vector<std::string> k_stdin_agent = {
    "--", "/bin/sh", "-c",
    "prompt=$(cat); echo \"$OPENAI_MODEL:$prompt\" >> \"$FAKE_LOG\"; "
    "[ \"$OPENAI_MODEL\" = m2 ] || { echo 'Error code: 529 overloaded' >&2; exit 1; }"};

std::vector<std::string> with_agent(std::vector<std::string> args) {
    args.insert(args.end(), k_stdin_agent.begin(), k_stdin_agent.end());
    return args;
}

struct Stdin : ::testing::Test {
    Scratch scratch;
    Stdin() {
        scratch.write_config("http://127.0.0.1:9/v1", "http://127.0.0.1:9/v2",
                             "retry:\n  backoff: {initial: 10ms, max: 20ms}\n");
    }
};

TEST_F(Stdin, ReplayGivesEveryAttemptTheWholePrompt) {
    RunResult result = scratch.run(
        with_agent({"--replay-stdin", "--agent", "generic", "--chain", "m1,m2"}), "fix the bug");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const std::vector<std::string> log = scratch.attempt_log();
    ASSERT_GE(log.size(), 2u) << result.err;
    for (const std::string& line : log)
        EXPECT_EQ(line.substr(line.find(':')), ":fix the bug") << line;
    EXPECT_EQ(log.back(), "m2:fix the bug");
}

TEST_F(Stdin, WithoutReplayAPipeIsSharedAndARetrySaysSo) {
    RunResult result =
        scratch.run(with_agent({"--agent", "generic", "--chain", "m1,m2"}), "fix the bug");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const std::vector<std::string> log = scratch.attempt_log();
    ASSERT_GE(log.size(), 2u);
    EXPECT_EQ(log.front(), "m1:fix the bug");
    EXPECT_EQ(log.back(), "m2:");  // the first attempt read it all
    EXPECT_NE(result.err.find("pass --replay-stdin"), std::string::npos) << result.err;
}

TEST_F(Stdin, ReplayIsRefusedInRequestMode) {
    write_file(scratch.path("body.json"), R"({"model": "m1", "messages": []})");
    RunResult result =
        scratch.run({"--replay-stdin", "--request", scratch.path("body.json")}, "ignored");
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("--replay-stdin is for command mode"), std::string::npos)
        << result.err;
}

}  // namespace
}  // namespace rwf_it
