// Command mode end to end: the real binary runs the fake agents of agents/, which print the
// failure signatures of Codex, Claude Code, Gemini CLI and a generic OpenAI tool.

#include "harness.hpp"

namespace rwf_it {
namespace {

struct CommandMode : ::testing::Test {
    Scratch scratch;
    CommandMode() {
        // Real endpoints are never contacted: the fake agents only read what they were given.
        scratch.write_config("http://127.0.0.1:9/v1", "http://127.0.0.1:9/v2",
                             "retry:\n  backoff: {initial: 10ms, max: 50ms}\n");
    }
    // One attempt with `signature` on m1 (no retries), returning the class in the trail.
    std::string class_of(const std::string& agent_argv0, const std::string& signature,
                         std::vector<std::string> extra_args = {}) {
        scratch.set_env("FAKE_PLAN", "m1=" + signature);
        std::vector<std::string> args = {"--chain", "m1", "--max-attempts", "1", "--"};
        args.push_back(agent_argv0);
        args.insert(args.end(), extra_args.begin(), extra_args.end());
        RunResult result = scratch.run(args);
        if (result.status.is_null() || result.attempts().empty())
            return "<no trail>: " + result.err;
        return result.classes().front();
    }
};

TEST_F(CommandMode, CodexHumanSignatures) {
    const std::map<std::string, std::string> expected = {
        {"ok", "ok"},
        {"rate_limited", "rate_limited"},
        {"auth", "auth"},
        {"quota_exhausted", "quota_exhausted"},
        {"context_exceeded", "context_exceeded"},
        {"stream_broken", "stream_broken"},
        {"at_capacity", "overloaded"},
        {"high_demand", "overloaded"},
        {"server_error", "server_error"},
        {"task_failed", "task_failed"},
    };
    for (const auto& [signature, klass] : expected)
        EXPECT_EQ(class_of("codex", signature, {"exec", "fix it"}), klass) << signature;
}

TEST_F(CommandMode, CodexJsonSignaturesAndUsage) {
    for (const std::string signature :
         {"rate_limited", "auth", "context_exceeded", "at_capacity"}) {
        const std::string klass = class_of("codex", signature, {"exec", "--json", "fix it"});
        EXPECT_EQ(klass, signature == "at_capacity" ? "overloaded" : signature);
    }
    scratch.set_env("FAKE_PLAN", "m1=ok");
    RunResult result = scratch.run({"--chain", "m1", "--", "codex", "exec", "--json", "fix it"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.attempts()[0]["tokens"]["input"], 24763);
    EXPECT_EQ(result.attempts()[0]["tokens"]["output"], 122);
    // The agent's own stdout is passed through untouched.
    EXPECT_NE(result.out.find(R"("type":"turn.completed")"), std::string::npos);
}

TEST_F(CommandMode, ClaudeSignatures) {
    const std::map<std::string, std::string> expected = {
        {"ok", "ok"},
        {"overloaded", "overloaded"},
        {"rate_limited", "rate_limited"},
        {"auth", "auth"},
        {"quota_exhausted", "quota_exhausted"},
        {"context_exceeded", "context_exceeded"},
        {"max_turns", "budget_exceeded"},
    };
    for (const auto& [signature, klass] : expected) {
        EXPECT_EQ(class_of("claude", signature, {"-p", "fix it", "--output-format", "json"}), klass)
            << signature;
    }
}

TEST_F(CommandMode, GeminiSignatures) {
    const std::map<std::string, std::string> expected = {
        {"ok", "ok"},     {"rate_limited", "rate_limited"},  {"region_blocked", "region_blocked"},
        {"auth", "auth"}, {"turn_limit", "budget_exceeded"},
    };
    for (const auto& [signature, klass] : expected)
        EXPECT_EQ(class_of("gemini", signature, {"-p", "fix it", "--output-format", "json"}), klass)
            << signature;
}

TEST_F(CommandMode, GeminiWithoutAnAuthMethodIsASetUpErrorNotAnAuthFailure) {
    scratch.set_env("FAKE_PLAN", "m1=no_auth_method m2=ok");
    RunResult result = scratch.run({"--chain", "m1,m2", "--", "gemini", "-p", "fix it"});
    // Every candidate would fail the same way: exit 2 with the fix, not 77 after the chain.
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_EQ(result.attempts().size(), 1u);
    EXPECT_NE(result.status["summary"].get<std::string>().find("security.auth.selectedType"),
              std::string::npos)
        << result.status.dump();
}

TEST_F(CommandMode, ATurnLimitCodexCannotTakeIsReportedNotSilentlyDropped) {
    scratch.set_env("FAKE_PLAN", "m1=ok");
    RunResult result =
        scratch.run({"--chain", "m1", "--max-turns", "5", "--", "codex", "exec", "fix it"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.err.find("turn limit (--max-turns or budget.max_agent_turns) is not "
                              "applied: the codex agent has no turn-limit flag"),
              std::string::npos)
        << result.err;
}

TEST_F(CommandMode, RateLimitedPrimaryThenHealthySecondary) {
    scratch.write_config("http://127.0.0.1:9/v1", "http://127.0.0.1:9/v2",
                         "retry:\n  rate_limited: {retries: 0}\n");
    scratch.set_env("FAKE_PLAN", "m1=rate_limited m2=ok");
    RunResult result = scratch.run({"--lane", "code", "--", "codex", "exec", "fix it"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.classes(), (std::vector<std::string>{"rate_limited", "ok"}));
    EXPECT_EQ(result.attempts()[1]["is_fallback"], true);
    EXPECT_EQ(result.status["data"]["outcome"]["provider"], "secondary");
    EXPECT_EQ(scratch.attempt_log(), (std::vector<std::string>{"m1 rate_limited", "m2 ok"}));
}

TEST_F(CommandMode, AuthEverywhereExits77) {
    scratch.set_env("FAKE_PLAN", "m1=auth m2=auth");
    RunResult result = scratch.run({"--lane", "code", "--", "generic-agent"});
    EXPECT_EQ(result.exit_code, 77) << result.err;
    EXPECT_EQ(result.classes(), (std::vector<std::string>{"auth", "auth"}));
}

TEST_F(CommandMode, ServerErrorsEverywhereExit75WithinTheBudget) {
    scratch.set_env("FAKE_PLAN", "m1=server_error m2=server_error");
    RunResult result =
        scratch.run({"--lane", "code", "--max-attempts", "4", "--", "generic-agent"});
    EXPECT_EQ(result.exit_code, 75) << result.err;
    EXPECT_EQ(result.attempts().size(), 4u);
    EXPECT_EQ(result.status["status"], "failed");
}

TEST_F(CommandMode, TaskFailureKeepsTheChildsExitCode) {
    scratch.set_env("FAKE_PLAN", "m1=task_failed");
    RunResult result = scratch.run({"--lane", "code", "--", "codex", "exec", "fix it"});
    EXPECT_EQ(result.exit_code, 3);
    EXPECT_EQ(scratch.attempt_log().size(), 1u);
}

TEST_F(CommandMode, KeysNeverReachTheOutputOrTheStatusFile) {
    scratch.set_env("FAKE_PLAN", "m1=print_key");
    RunResult result = scratch.run({"--chain", "m1", "--", "generic-agent"});
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_NE(result.out.find("debug: using key ***"), std::string::npos) << result.out;
    EXPECT_EQ(result.out.find("sk-sim-primary"), std::string::npos);
    EXPECT_EQ(result.status.dump().find("sk-sim-primary"), std::string::npos);
}

TEST_F(CommandMode, SessionBudgetRefusesTheAttemptItCannotCover) {
    scratch.set_env("FAKE_PLAN", "m1=ok");
    RunResult result = scratch.run({"--chain", "m1", "--session-tokens", "1000", "--request-tokens",
                                    "5000", "--", "generic-agent"});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_EQ(result.classes(), (std::vector<std::string>{"budget_exceeded"}));
    EXPECT_TRUE(scratch.attempt_log().empty());  // the agent never ran
}

TEST_F(CommandMode, GitHubActionsGroupsAttemptsAndWarnsOnFallback) {
    scratch.set_env("GITHUB_ACTIONS", "true");
    scratch.set_env("GITHUB_OUTPUT", scratch.path("github_output").string());
    scratch.set_env("FAKE_PLAN", "m1=quota_exhausted m2=ok");
    RunResult result = scratch.run({"--lane", "code", "--", "generic-agent"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.err.find("::group::Attempt 1 \u2014 primary/m1"), std::string::npos)
        << result.err;
    EXPECT_NE(result.err.find("::endgroup::"), std::string::npos);
    EXPECT_NE(result.err.find("::warning title=run-with-failover%3A fallback::"), std::string::npos)
        << result.err;
    const std::string outputs = read_file(scratch.path("github_output"));
    EXPECT_NE(outputs.find("outcome=succeeded"), std::string::npos) << outputs;
    EXPECT_NE(outputs.find("provider=secondary"), std::string::npos);
}

TEST_F(CommandMode, NoCommandIsAUsageError) {
    RunResult result = scratch.run({"--lane", "code"});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(scratch.run({"--lane", "nope", "--", "true"}).exit_code, 2);
}

}  // namespace
}  // namespace rwf_it
