// The failover loop over scripted attempts: every class path of the table in docs/architecture.md
// as a user sees it in the exit code, the waits and the attempt trail.

#include <deque>

#include <gtest/gtest.h>

#include "failover_loop.hpp"
#include "fake_clock.hpp"

namespace run_with_failover {
namespace {

using lifeline::FailureClass;
using lifeline::policy::AttemptOutcome;
using lifeline::policy::Candidate;
using namespace std::chrono_literals;

Candidate candidate(std::string provider, std::string model, std::string credential,
                    int64_t window = 128000) {
    Candidate c;
    c.provider = std::move(provider);
    c.model = std::move(model);
    c.credential = std::move(credential);
    c.context_window = window;
    return c;
}

const std::vector<Candidate> k_two = {
    candidate("openai", "gpt-5.5", "openai:env:OPENAI_API_KEY"),
    candidate("anthropic", "claude-sonnet-4-6", "anthropic:env:ANTHROPIC_API_KEY"),
};

AttemptReport failed(FailureClass failure_class, int exit_code = 1,
                     std::optional<lifeline::Duration> hint = std::nullopt) {
    AttemptReport report;
    report.outcome = AttemptOutcome::failed(failure_class, hint);
    report.outcome.exit_code = exit_code;
    report.exit_code = exit_code;
    return report;
}

AttemptReport ok() {
    AttemptReport report;
    report.outcome = AttemptOutcome::succeeded();
    report.exit_code = 0;
    lifeline::provider::Usage usage;
    usage.input_tokens = 1200;
    usage.output_tokens = 345;
    report.usage = usage;
    return report;
}

class ScriptedExecutor final : public AttemptExecutor {
  public:
    explicit ScriptedExecutor(lifeline::testing::FakeClock& clock) : m_clock(clock) {}
    void then(AttemptReport report) { m_script.push_back(std::move(report)); }
    AttemptReport run_attempt(const AttemptRequest& request) override {
        requests.push_back(request);
        m_clock.advance(1500ms);  // every attempt takes a while
        if (m_script.empty())
            return failed(FailureClass::server_error);
        AttemptReport report = m_script.front();
        m_script.pop_front();
        return report;
    }
    lifeline::Status compress() override {
        ++compress_runs;
        return {};
    }
    std::vector<AttemptRequest> requests;
    int compress_runs = 0;

  private:
    lifeline::testing::FakeClock& m_clock;
    std::deque<AttemptReport> m_script;
};

class RecordingHooks final : public LoopHooks {
  public:
    std::optional<std::string> admit(const AttemptRequest& request) override {
        if (refuse_from && request.number >= *refuse_from)
            return std::string("session budget 1000 tokens: 990 used, 50 needed");
        return std::nullopt;
    }
    void started(const AttemptRequest& request) override {
        started_numbers.push_back(request.number);
    }
    void finished(const AttemptRequest&, const AttemptEntry& entry) override {
        finished_entries.push_back(entry);
    }
    std::optional<int> refuse_from;
    std::vector<int> started_numbers;
    std::vector<AttemptEntry> finished_entries;
};

struct LoopFixture : ::testing::Test {
    lifeline::testing::FakeClock clock;
    ScriptedExecutor executor{clock};
    RecordingHooks hooks;
    lifeline::policy::SeededRandom random{42};
    lifeline::policy::ChainPolicy policy;

    LoopResult run(const std::vector<Candidate>& chain = k_two) {
        return run_failover(chain, policy, executor, hooks, clock, random);
    }
};

TEST_F(LoopFixture, RateLimitedPrimaryWaitsTheHintThenSucceeds) {
    executor.then(failed(FailureClass::rate_limited, 1, 2000ms));
    executor.then(ok());
    LoopResult result = run();
    EXPECT_EQ(result.outcome.exit_code, 0);
    ASSERT_EQ(result.attempts.size(), 2u);
    EXPECT_EQ(clock.sleeps(), std::vector<lifeline::Duration>{2000ms});
    EXPECT_EQ(result.attempts[0].next, "retry_same");
    EXPECT_TRUE(result.attempts[1].is_retry);
    EXPECT_EQ(result.attempts[1].wait_before, 2000ms);
    EXPECT_EQ(result.attempts[1].duration, 1500ms);
    ASSERT_TRUE(result.attempts[1].usage);
    EXPECT_EQ(result.attempts[1].usage->total_tokens(), 1545);
    EXPECT_EQ(hooks.finished_entries.size(), 2u);
}

TEST_F(LoopFixture, HintAboveMaxWaitMovesOnAtOnce) {
    executor.then(failed(FailureClass::rate_limited, 1, 10min));
    executor.then(ok());
    LoopResult result = run();
    EXPECT_EQ(result.outcome.exit_code, 0);
    EXPECT_TRUE(clock.sleeps().empty());
    ASSERT_EQ(result.attempts.size(), 2u);
    EXPECT_EQ(result.attempts[1].provider, "anthropic");
    EXPECT_TRUE(result.attempts[1].is_fallback);
    EXPECT_NE(result.attempts[0].reason.find("max_wait"), std::string::npos)
        << result.attempts[0].reason;
}

TEST_F(LoopFixture, AuthEverywhereExits77WithoutRetryingAKey) {
    executor.then(failed(FailureClass::auth));
    executor.then(failed(FailureClass::auth));
    LoopResult result = run();
    EXPECT_EQ(result.outcome.exit_code, 77);
    ASSERT_EQ(result.attempts.size(), 2u);
    EXPECT_NE(result.attempts[0].provider, result.attempts[1].provider);
}

TEST_F(LoopFixture, AuthNeverFallsBackToTheSameCredential) {
    const std::vector<Candidate> same_key = {
        candidate("openrouter", "deepseek-v4", "openrouter:env:OPENROUTER_API_KEY"),
        candidate("openrouter", "qwen-3", "openrouter:env:OPENROUTER_API_KEY"),
    };
    executor.then(failed(FailureClass::auth));
    LoopResult result = run(same_key);
    EXPECT_EQ(result.outcome.exit_code, 77);
    EXPECT_EQ(result.attempts.size(), 1u);
}

TEST_F(LoopFixture, ServerErrorsEverywhereExit75WithinTheAttemptBudget) {
    policy.retry.max_attempts = 3;
    LoopResult result = run();  // the script is empty: every attempt is a 500
    EXPECT_EQ(result.outcome.exit_code, 75);
    EXPECT_EQ(result.attempts.size(), 3u);
    EXPECT_EQ(result.attempts.back().next, "stop");
}

TEST_F(LoopFixture, TaskFailureStopsWithTheChildsExitCode) {
    executor.then(failed(FailureClass::task_failed, 3));
    LoopResult result = run();
    EXPECT_EQ(result.outcome.exit_code, 3);
    EXPECT_EQ(result.attempts.size(), 1u);
    EXPECT_EQ(result.outcome.result, lifeline::policy::ChainResult::task_failed);
}

TEST_F(LoopFixture, BudgetRefusalEndsTheRunWithExit1AndARefusedEntry) {
    hooks.refuse_from = 2;
    executor.then(failed(FailureClass::server_error));
    LoopResult result = run();
    EXPECT_EQ(result.outcome.exit_code, 1);
    EXPECT_EQ(result.outcome.result, lifeline::policy::ChainResult::budget_exceeded);
    ASSERT_EQ(result.attempts.size(), 2u);
    EXPECT_TRUE(result.attempts[1].refused);
    EXPECT_EQ(result.attempts[1].failure_class, FailureClass::budget_exceeded);
    EXPECT_EQ(executor.requests.size(), 1u);  // the refused attempt never ran
    EXPECT_EQ(hooks.started_numbers, std::vector<int>{1});
}

TEST_F(LoopFixture, ASignalEndsTheRunWith128PlusItsNumber) {
    AttemptReport interrupted = failed(FailureClass::task_failed, 143);
    interrupted.signal = 15;
    executor.then(interrupted);
    LoopResult result = run();
    EXPECT_EQ(result.outcome.exit_code, 143);
    EXPECT_EQ(result.signal, 15);
    EXPECT_EQ(result.attempts.size(), 1u);
    EXPECT_NE(result.attempts[0].reason.find("SIGTERM"), std::string::npos);
}

TEST_F(LoopFixture, AStdoutItsReaderClosedEndsTheRunWith141AndAnotherWriteErrorWith1) {
    // The reader left (EPIPE): as a shell's writer killed by SIGPIPE, whatever the class says.
    AttemptReport closed = failed(FailureClass::server_error);
    closed.output_lost = "stdout was closed by its reader (SIGPIPE)";
    closed.signal = 13;
    executor.then(closed);
    LoopResult result = run();
    EXPECT_EQ(result.outcome.exit_code, 141);
    EXPECT_EQ(result.signal, 13);
    ASSERT_EQ(result.attempts.size(), 1u);
    EXPECT_EQ(result.attempts[0].next, "stop");
    EXPECT_EQ(result.attempts[0].reason, "stdout was closed by its reader (SIGPIPE)");

    // Another write error (a full disk): no signal, exit 1, no further attempt either.
    AttemptReport full = failed(FailureClass::server_error);
    full.output_lost = "cannot write stdout: No space left on device";
    executor.then(full);
    result = run();
    EXPECT_EQ(result.outcome.exit_code, 1);
    EXPECT_FALSE(result.signal);
    ASSERT_EQ(result.attempts.size(), 1u);
    EXPECT_NE(result.outcome.summary.find("No space left"), std::string::npos);
}

TEST_F(LoopFixture, ContextExceededSkipsSmallerWindows) {
    const std::vector<Candidate> chain = {
        candidate("openai", "gpt-5.5", "a", 400000),
        candidate("mistral", "small", "b", 32000),
        candidate("gemini", "gemini-3-1-pro", "c", 1000000),
    };
    executor.then(failed(FailureClass::context_exceeded));
    executor.then(ok());
    LoopResult result = run(chain);
    EXPECT_EQ(result.outcome.exit_code, 0);
    ASSERT_EQ(result.attempts.size(), 2u);
    EXPECT_EQ(result.attempts[1].provider, "gemini");
}

TEST_F(LoopFixture, ContextExceededRunsTheCompressHookWhenNoLargerWindowIsLeft) {
    policy.has_compress_hook = true;
    executor.then(failed(FailureClass::context_exceeded));
    executor.then(ok());
    LoopResult result = run({candidate("openai", "gpt-5.5", "a", 400000)});
    EXPECT_EQ(result.outcome.exit_code, 0);
    EXPECT_EQ(executor.compress_runs, 1);
    EXPECT_EQ(result.attempts[0].next, "compress_then_retry");
}

TEST_F(LoopFixture, TimeoutRetryAsksForAShorterTimeout) {
    executor.then(failed(FailureClass::timeout, 143));
    executor.then(ok());
    LoopResult result = run();
    ASSERT_EQ(executor.requests.size(), 2u);
    EXPECT_EQ(executor.requests[1].candidate, 0u);
    EXPECT_EQ(executor.requests[1].shorter_timeouts, 1);
}

TEST_F(LoopFixture, AnEmptyChainFailsWithExit1) {
    LoopResult result = run({});
    EXPECT_EQ(result.outcome.exit_code, 1);
    EXPECT_TRUE(result.attempts.empty());
}

TEST_F(LoopFixture, TrailJsonCarriesTheColumnsOfTheIssue) {
    executor.then(failed(FailureClass::rate_limited, 1, 2000ms));
    executor.then(ok());
    LoopResult result = run();
    const nlohmann::json json = to_json(result.attempts[1]);
    EXPECT_EQ(json["candidate"], "openai/gpt-5.5");
    EXPECT_EQ(json["wait_before_ms"], 2000);
    EXPECT_EQ(json["duration_ms"], 1500);
    EXPECT_EQ(json["tokens"]["total"], 1545);
    EXPECT_EQ(json["exit_code"], 0);
    EXPECT_TRUE(json["class"].is_null());
    EXPECT_EQ(to_json(result.attempts[0])["class"], "rate_limited");
}

}  // namespace
}  // namespace run_with_failover
