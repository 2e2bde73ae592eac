// Command mode with a scripted process runner: what the child gets, what the user sees of its
// output (live, redacted), and how timeouts and user patterns classify an attempt.

#include <gtest/gtest.h>

#include "chain_fixture.hpp"
#include "command_mode.hpp"
#include "test_context.hpp"

namespace run_with_failover {
namespace {

using lifeline::FailureClass;
using namespace std::chrono_literals;

constexpr const char* k_primary_key = "sk-primary-0123456789abcdefghijklmnop";

struct CommandFixture : ::testing::Test {
    lifeline::testing::TestContext test;
    std::vector<lifeline::routing::RouteCandidate> chain = testing::two_candidates();
    std::unique_ptr<AgentAdapter> adapter = make_agent_adapter(AgentKind::generic);
    lifeline::provider::CredentialResolver credentials{test.env, test.processes, test.clock};
    lifeline::secret::Redactor redactor;
    CommandSettings settings;

    CommandFixture() {
        test.env.set("PRIMARY_KEY", k_primary_key);
        test.env.set("PATH", "/usr/bin:/bin");
        settings.argv = {"./agent.sh", "--model", "{model}"};
        settings.attempt_timeout = 20min;
        settings.idle_timeout = 2min;
    }
    AttemptReport attempt(size_t candidate = 0, int shorter = 0) {
        CommandExecutor executor(test.context, chain, *adapter, settings, credentials, redactor);
        AttemptRequest request;
        request.candidate = candidate;
        request.shorter_timeouts = shorter;
        return executor.run_attempt(request);
    }
};

TEST_F(CommandFixture, ChildGetsTheCandidateStdinAndTimeoutsAndItsOutputIsRedacted) {
    test.processes.enqueue({0, std::string("using key ") + k_primary_key + "\n", "progress\n"});
    const AttemptReport report = attempt();
    EXPECT_TRUE(report.outcome.success);
    ASSERT_EQ(test.processes.specs().size(), 1u);
    const auto& spec = test.processes.specs()[0];
    EXPECT_EQ(spec.argv, (std::vector<std::string>{"./agent.sh", "--model", "m1"}));
    EXPECT_EQ(spec.env.at("OPENAI_API_KEY"), k_primary_key);
    EXPECT_EQ(spec.env.at("PATH"), "/usr/bin:/bin");
    EXPECT_TRUE(spec.inherit_stdin);
    EXPECT_EQ(spec.timeout, 20min);
    EXPECT_EQ(spec.idle_timeout, 2min);
    EXPECT_EQ(test.out.str(), "using key ***\n");
    EXPECT_EQ(test.err.str(), "progress\n");
}

TEST_F(CommandFixture, MissingKeyIsAnAuthFailureWithoutRunningAnything) {
    const AttemptReport report = attempt(1);  // SECONDARY_KEY is not set
    EXPECT_EQ(report.outcome.failure_class, FailureClass::auth);
    EXPECT_NE(report.detail.find("SECONDARY_KEY"), std::string::npos);
    EXPECT_TRUE(test.processes.specs().empty());
}

TEST_F(CommandFixture, IdleTimeoutIsATimeout) {
    lifeline::testing::ScriptedRun hung;
    hung.exit_code = 143;
    hung.idle_timed_out = true;
    test.processes.enqueue(hung);
    const AttemptReport report = attempt();
    EXPECT_EQ(report.outcome.failure_class, FailureClass::timeout);
    EXPECT_NE(report.detail.find("no output for 2m0s"), std::string::npos) << report.detail;
}

TEST_F(CommandFixture, RetryAfterATimeoutGetsAShorterTimeout) {
    test.processes.enqueue({0, "", ""});
    (void)attempt(0, 1);
    EXPECT_EQ(test.processes.specs()[0].timeout, 10min);
    EXPECT_EQ(attempt_timeout_for(20min, 3), 150s);
    EXPECT_EQ(attempt_timeout_for(6s, 4), 5s);
    EXPECT_EQ(attempt_timeout_for(0ms, 2), 0ms);
}

TEST_F(CommandFixture, ProviderTextInOutputIsClassifiedAndAPlainFailureIsTheTasks) {
    test.processes.enqueue({1, "", "Error: 503 Service Unavailable: upstream is overloaded\n"});
    EXPECT_EQ(attempt().outcome.failure_class, FailureClass::overloaded);
    test.processes.enqueue({4, "", "make: *** [test] Error 4\n"});
    const AttemptReport report = attempt();
    EXPECT_EQ(report.outcome.failure_class, FailureClass::task_failed);
    EXPECT_EQ(report.outcome.exit_code, 4);
}

TEST_F(CommandFixture, UserPatternsOverrideTheAdapter) {
    settings.patterns = {{"circuit breaker open for upstream", FailureClass::overloaded, ""}};
    test.processes.enqueue({1, "", "fatal: circuit breaker open for upstream\n"});
    EXPECT_EQ(attempt().outcome.failure_class, FailureClass::overloaded);
}

TEST_F(CommandFixture, ACommandThatCannotRunExits127) {
    // The fake runner answers not_found when nothing is scripted.
    const AttemptReport report = attempt();
    EXPECT_EQ(report.outcome.failure_class, FailureClass::task_failed);
    EXPECT_EQ(report.exit_code, 127);
}

TEST_F(CommandFixture, AgentFilesGoToThePrivateDirectoryForTheRunAndLeaveWithIt) {
    adapter = make_agent_adapter(AgentKind::gemini);
    settings.argv = {"gemini", "-p", "fix it"};
    settings.private_dir = "/tmp/lifeline-agent-run1";
    settings.agent_retries = 1;
    test.processes.enqueue({0, R"({"response":"Done."})", ""});
    {
        CommandExecutor executor(test.context, chain, *adapter, settings, credentials, redactor);
        AttemptRequest request;
        request.attempts_left_after = 5;
        EXPECT_TRUE(executor.run_attempt(request).outcome.success);
        const std::string settings_path =
            "/tmp/lifeline-agent-run1/gemini-home/.gemini/settings.json";
        ASSERT_TRUE(test.fs.exists(settings_path));
        EXPECT_NE(test.fs.read_file(settings_path)->find("\"maxAttempts\": 2"), std::string::npos);
        EXPECT_EQ(test.processes.specs()[0].env.at("GEMINI_CLI_HOME"),
                  "/tmp/lifeline-agent-run1/gemini-home");
    }
    EXPECT_FALSE(test.fs.exists("/tmp/lifeline-agent-run1/gemini-home/.gemini/settings.json"));
}

TEST_F(CommandFixture, AgentRetriesAreCappedByTheAttemptsLeftAndReportedAsMade) {
    adapter = make_agent_adapter(AgentKind::claude);
    settings.argv = {"claude", "-p", "fix it", "--output-format", "json"};
    settings.agent_retries = 2;
    test.processes.enqueue(
        {1,
         R"({"type":"result","is_error":true,"api_error_status":529,"result":"API Error: 529 Overloaded"})",
         ""});
    CommandExecutor executor(test.context, chain, *adapter, settings, credentials, redactor);
    AttemptRequest request;
    request.attempts_left_after = 1;
    const AttemptReport report = executor.run_attempt(request);
    EXPECT_EQ(test.processes.specs()[0].env.at("CLAUDE_CODE_MAX_RETRIES"), "1");
    EXPECT_EQ(report.outcome.failure_class, FailureClass::overloaded);
    EXPECT_EQ(report.outcome.agent_retries, 1);
}

TEST_F(CommandFixture, AnAgentSetUpErrorIsReportedForTheRunToStop) {
    adapter = make_agent_adapter(AgentKind::gemini);
    settings.argv = {"gemini", "-p", "fix it"};
    settings.private_dir = "/tmp/lifeline-agent-run2";
    test.processes.enqueue(
        {41, "",
         R"({"session_id":"1","error":{"type":"Error","message":"Invalid auth method selected.","code":41}})"});
    const AttemptReport report = attempt();
    ASSERT_TRUE(report.setup_error);
    EXPECT_NE(report.setup_error->find("gemini-api-key"), std::string::npos);
}

}  // namespace
}  // namespace run_with_failover
