#include <functional>

#include <gtest/gtest.h>

#include <lifeline/policy/attempt_plan.hpp>

#include "chain_fixtures.hpp"

namespace lifeline::policy {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using testing::anthropic_sonnet;
using testing::gemini_pro;
using testing::mistral_large;
using testing::openai_gpt55;
using testing::openai_gpt55_mini;
using testing::openrouter_deepseek;

using Kind = NextStep::Kind;

ChainState chain(std::vector<Candidate> candidates) {
    ChainState state;
    state.candidates = std::move(candidates);
    return state;
}

AttemptOutcome fail(FailureClass c, std::optional<Duration> hint = std::nullopt) {
    return AttemptOutcome::failed(c, hint);
}

// Drives a whole chain the way run-with-failover will: every attempt takes `attempt_time`,
// waits are slept on a simulated clock, `script` says how attempt N on candidate I ends.
struct ChainRun {
    std::vector<NextStep> steps;
    ChainState state;
    const ChainOutcome& outcome() const { return *steps.back().outcome; }
    std::vector<size_t> candidates_tried() const {
        std::vector<size_t> tried;
        for (const AttemptRecord& r : state.history)
            tried.push_back(r.candidate);
        return tried;
    }
};

ChainRun run_chain(std::vector<Candidate> candidates, const ChainPolicy& policy,
                   const std::function<AttemptOutcome(size_t candidate, int attempt)>& script,
                   Duration attempt_time = seconds(1), uint64_t seed = 1) {
    ChainRun run;
    run.state = chain(std::move(candidates));
    SeededRandom random(seed);
    for (int attempt = 0; attempt < 100; ++attempt) {
        const AttemptOutcome outcome = script(run.state.current, attempt);
        run.state.elapsed += attempt_time;
        NextStep step = decide_next(run.state, outcome, policy, random);
        advance(run.state, outcome, step);
        run.state.elapsed += step.wait;
        run.steps.push_back(step);
        if (step.kind == Kind::stop)
            return run;
    }
    ADD_FAILURE() << "the chain never stopped";
    return run;
}

TEST(AttemptPlan, SuccessStopsWithExitZero) {
    SeededRandom random(1);
    const NextStep step =
        decide_next(chain({openai_gpt55()}), AttemptOutcome::succeeded(), ChainPolicy{}, random);
    EXPECT_EQ(step.kind, Kind::stop);
    ASSERT_TRUE(step.outcome);
    EXPECT_EQ(step.outcome->exit_code, 0);
    EXPECT_EQ(step.reason, "ok on openai/gpt-5.5");
}

TEST(AttemptPlan, RateLimitedWaitsTheRetryAfterOnTheSameCandidate) {
    SeededRandom random(1);
    const NextStep step =
        decide_next(chain({openai_gpt55(), anthropic_sonnet()}),
                    fail(FailureClass::rate_limited, seconds(2)), ChainPolicy{}, random);
    EXPECT_EQ(step.kind, Kind::retry_same);
    EXPECT_EQ(step.candidate, 0U);
    EXPECT_EQ(step.wait, seconds(2));
    EXPECT_EQ(step.reason,
              "rate_limited: Retry-After 2s <= max_wait 1m0s, retry 1/2 on openai/gpt-5.5");
}

TEST(AttemptPlan, RateLimitedRetriesTwiceThenMovesOn) {
    const ChainRun run =
        run_chain({openai_gpt55(), anthropic_sonnet()}, ChainPolicy{}, [](size_t candidate, int) {
            return candidate == 0 ? fail(FailureClass::rate_limited) : AttemptOutcome::succeeded();
        });
    ASSERT_EQ(run.steps.size(), 4U);
    EXPECT_EQ(run.steps[0].kind, Kind::retry_same);
    EXPECT_EQ(run.steps[1].kind, Kind::retry_same);
    EXPECT_EQ(run.steps[2].kind, Kind::next_candidate);
    EXPECT_EQ(run.steps[2].reason,
              "rate_limited: retries spent (2/2) on openai/gpt-5.5, moving to "
              "anthropic/claude-sonnet-4-6");
    EXPECT_EQ(run.outcome().exit_code, 0);
    EXPECT_EQ(run.candidates_tried(), (std::vector<size_t>{0, 0, 0, 1}));
    // No hint: the waits are the jittered backoff, within 1s then 2s.
    EXPECT_LE(run.steps[0].wait, seconds(1));
    EXPECT_LE(run.steps[1].wait, seconds(2));
}

TEST(AttemptPlan, RetryAfterAboveMaxWaitMovesOnAtOnce) {
    SeededRandom random(1);
    const NextStep step =
        decide_next(chain({openai_gpt55(), anthropic_sonnet()}),
                    fail(FailureClass::rate_limited, minutes(6)), ChainPolicy{}, random);
    EXPECT_EQ(step.kind, Kind::next_candidate);
    EXPECT_EQ(step.candidate, 1U);
    EXPECT_EQ(step.wait, Duration{0});
    EXPECT_EQ(step.reason,
              "rate_limited: Retry-After 6m0s > max_wait 1m0s on openai/gpt-5.5, moving to "
              "anthropic/claude-sonnet-4-6");
}

TEST(AttemptPlan, ClassesRetriedOnceThenFallBack) {
    for (FailureClass c :
         {FailureClass::overloaded, FailureClass::server_error, FailureClass::timeout,
          FailureClass::network, FailureClass::tls, FailureClass::stream_broken}) {
        SCOPED_TRACE(to_string(c));
        const ChainRun run = run_chain(
            {openai_gpt55(), anthropic_sonnet()}, ChainPolicy{}, [c](size_t candidate, int) {
                return candidate == 0 ? fail(c) : AttemptOutcome::succeeded();
            });
        ASSERT_EQ(run.steps.size(), 3U);
        EXPECT_EQ(run.steps[0].kind, Kind::retry_same);
        EXPECT_EQ(run.steps[0].shorter_timeout, c == FailureClass::timeout);
        EXPECT_EQ(run.steps[1].kind, Kind::next_candidate);
        EXPECT_EQ(run.steps[1].candidate, 1U);
        EXPECT_EQ(run.outcome().exit_code, 0);
    }
}

TEST(AttemptPlan, ClassesNeverRetriedMoveToTheNextCandidate) {
    for (FailureClass c : {FailureClass::permission, FailureClass::quota_exhausted,
                           FailureClass::model_not_found, FailureClass::content_filtered}) {
        SCOPED_TRACE(to_string(c));
        SeededRandom random(1);
        const NextStep step = decide_next(chain({openai_gpt55(), openai_gpt55_mini()}), fail(c),
                                          ChainPolicy{}, random);
        EXPECT_EQ(step.kind, Kind::next_candidate);
        EXPECT_EQ(step.candidate, 1U);
        EXPECT_EQ(step.reason, std::string(to_string(c)) +
                                   ": not retried on openai/gpt-5.5, moving to "
                                   "openai/gpt-5.5-mini");
    }
}

TEST(AttemptPlan, BadRequestStopsWithoutTouchingOtherCandidates) {
    SeededRandom random(1);
    const NextStep step = decide_next(chain({openai_gpt55(), anthropic_sonnet()}),
                                      fail(FailureClass::bad_request), ChainPolicy{}, random);
    EXPECT_EQ(step.kind, Kind::stop);
    EXPECT_EQ(step.outcome->exit_code, 1);
    EXPECT_EQ(step.reason,
              "bad_request: the request itself is invalid, no provider would accept it");
}

TEST(AttemptPlan, TaskFailedStopsWithTheChildsExitCode) {
    SeededRandom random(1);
    AttemptOutcome red_tests = fail(FailureClass::task_failed);
    red_tests.exit_code = 3;
    const NextStep step =
        decide_next(chain({openai_gpt55(), anthropic_sonnet()}), red_tests, ChainPolicy{}, random);
    EXPECT_EQ(step.kind, Kind::stop);
    EXPECT_EQ(step.outcome->result, ChainResult::task_failed);
    EXPECT_EQ(step.outcome->exit_code, 3);
}

TEST(AttemptPlan, BudgetExceededStopsWithExitOne) {
    SeededRandom random(1);
    const NextStep step = decide_next(chain({openai_gpt55(), anthropic_sonnet()}),
                                      fail(FailureClass::budget_exceeded), ChainPolicy{}, random);
    EXPECT_EQ(step.kind, Kind::stop);
    EXPECT_EQ(step.outcome->exit_code, 1);
}

TEST(AttemptPlan, OneAttemptBudgetCoversRetriesAndFallbacksOfTheWholeChain) {
    // Four candidates that all answer 503: without a chain-wide budget that would be 8 calls.
    const ChainRun run =
        run_chain({openai_gpt55(), anthropic_sonnet(), gemini_pro(), mistral_large()},
                  ChainPolicy{}, [](size_t, int) { return fail(FailureClass::overloaded); });
    EXPECT_EQ(run.state.history.size(), 6U);
    EXPECT_EQ(run.candidates_tried(), (std::vector<size_t>{0, 0, 1, 1, 2, 2}));
    EXPECT_EQ(run.steps.back().reason, "overloaded: attempt budget spent (6/6)");
    EXPECT_EQ(run.outcome().exit_code, 75);
}

TEST(AttemptPlan, ConfiguredMaxAttemptsIsRespected) {
    ChainPolicy policy;
    policy.retry.max_attempts = 1;
    const ChainRun run = run_chain({openai_gpt55(), anthropic_sonnet()}, policy,
                                   [](size_t, int) { return fail(FailureClass::server_error); });
    EXPECT_EQ(run.state.history.size(), 1U);
    EXPECT_EQ(run.outcome().exit_code, 75);
}

TEST(AttemptPlan, EveryCandidateTransientExits75) {
    const ChainRun run =
        run_chain({openai_gpt55(), anthropic_sonnet()}, ChainPolicy{}, [](size_t candidate, int) {
            return fail(candidate == 0 ? FailureClass::server_error : FailureClass::timeout);
        });
    EXPECT_EQ(run.state.history.size(), 4U);
    EXPECT_EQ(run.outcome().result, ChainResult::all_transient);
    EXPECT_EQ(run.outcome().exit_code, 75);
    EXPECT_EQ(run.steps.back().reason,
              "timeout: retries spent (1/1) on anthropic/claude-sonnet-4-6, no candidate left");
}

TEST(AttemptPlan, AuthFallsBackOnlyToADifferentCredential) {
    const ChainRun run = run_chain({openai_gpt55(), openai_gpt55_mini(), anthropic_sonnet()},
                                   ChainPolicy{}, [](size_t candidate, int) {
                                       return candidate == 0 ? fail(FailureClass::auth)
                                                             : AttemptOutcome::succeeded();
                                   });
    ASSERT_EQ(run.steps.size(), 2U);
    EXPECT_EQ(run.steps[0].kind, Kind::next_candidate);
    EXPECT_EQ(run.steps[0].candidate, 2U);
    EXPECT_EQ(run.steps[0].reason,
              "auth: not retried on openai/gpt-5.5, moving to anthropic/claude-sonnet-4-6 "
              "(skipped openai/gpt-5.5-mini: credential rejected)");
    EXPECT_EQ(run.outcome().exit_code, 0);
}

TEST(AttemptPlan, AuthWithNoOtherCredentialLeftStopsWith77) {
    const ChainRun run = run_chain({openai_gpt55(), openai_gpt55_mini()}, ChainPolicy{},
                                   [](size_t, int) { return fail(FailureClass::auth); });
    EXPECT_EQ(run.state.history.size(), 1U);
    EXPECT_EQ(run.outcome().exit_code, 77);
    EXPECT_EQ(run.steps.back().reason,
              "auth: not retried on openai/gpt-5.5, no candidate with a different credential "
              "left (skipped openai/gpt-5.5-mini: credential rejected)");
}

TEST(AttemptPlan, AuthEverywhereExits77) {
    const ChainRun run =
        run_chain({openai_gpt55(), anthropic_sonnet(), openrouter_deepseek()}, ChainPolicy{},
                  [](size_t, int) { return fail(FailureClass::auth); });
    EXPECT_EQ(run.candidates_tried(), (std::vector<size_t>{0, 1, 2}));
    EXPECT_EQ(run.outcome().exit_code, 77);
}

TEST(AttemptPlan, ContextExceededMovesOnlyToLargerWindows) {
    // deepseek 128k overflowed: sonnet 200k qualifies, mistral 128k does not.
    const ChainRun run = run_chain({openrouter_deepseek(), mistral_large(), anthropic_sonnet()},
                                   ChainPolicy{}, [](size_t candidate, int) {
                                       return candidate == 0 ? fail(FailureClass::context_exceeded)
                                                             : AttemptOutcome::succeeded();
                                   });
    EXPECT_EQ(run.candidates_tried(), (std::vector<size_t>{0, 2}));
    EXPECT_EQ(run.outcome().exit_code, 0);
}

TEST(AttemptPlan, ContextExceededWithNothingLargerStopsWithoutACompressHook) {
    const ChainRun run =
        run_chain({gemini_pro(), anthropic_sonnet()}, ChainPolicy{},
                  [](size_t, int) { return fail(FailureClass::context_exceeded); });
    EXPECT_EQ(run.state.history.size(), 1U);
    EXPECT_EQ(run.outcome().exit_code, 1);
    EXPECT_EQ(run.steps.back().reason,
              "context_exceeded: not retried on gemini/gemini-3-1-pro, no candidate with a "
              "larger context window left (skipped anthropic/claude-sonnet-4-6: context window "
              "200000 <= 1000000)");
}

TEST(AttemptPlan, ContextExceededRunsTheCompressHookOnceThenRetries) {
    ChainPolicy policy;
    policy.has_compress_hook = true;
    const ChainRun run =
        run_chain({gemini_pro(), anthropic_sonnet()}, policy, [](size_t, int attempt) {
            return attempt == 0 ? fail(FailureClass::context_exceeded)
                                : AttemptOutcome::succeeded();
        });
    ASSERT_EQ(run.steps.size(), 2U);
    EXPECT_EQ(run.steps[0].kind, Kind::compress_then_retry);
    EXPECT_EQ(run.steps[0].candidate, 0U);
    EXPECT_EQ(run.state.compress_runs, 1);
    EXPECT_EQ(run.outcome().exit_code, 0);

    // A prompt still too long after one compression ends the chain.
    const ChainRun again = run_chain(
        {gemini_pro()}, policy, [](size_t, int) { return fail(FailureClass::context_exceeded); });
    EXPECT_EQ(again.state.history.size(), 2U);
    EXPECT_EQ(again.outcome().exit_code, 1);
}

TEST(AttemptPlan, RegionBlockedMovesToAnotherJurisdiction) {
    SeededRandom random(1);
    const NextStep step = decide_next(chain({gemini_pro(), anthropic_sonnet(), mistral_large()}),
                                      fail(FailureClass::region_blocked), ChainPolicy{}, random);
    EXPECT_EQ(step.kind, Kind::next_candidate);
    EXPECT_EQ(step.candidate, 2U);
}

TEST(AttemptPlan, DeadlineStopsTheChain) {
    ChainPolicy policy;
    policy.retry.deadline = minutes(2);
    ChainState state = chain({openai_gpt55(), anthropic_sonnet()});
    state.elapsed = minutes(2);
    SeededRandom random(1);
    const NextStep step = decide_next(state, fail(FailureClass::server_error), policy, random);
    EXPECT_EQ(step.kind, Kind::stop);
    EXPECT_EQ(step.reason, "server_error: deadline 2m0s reached");
    EXPECT_EQ(step.outcome->exit_code, 75);
}

TEST(AttemptPlan, WaitThatWouldPassTheDeadlineMovesOnInstead) {
    ChainPolicy policy;
    policy.retry.deadline = minutes(1);
    ChainState state = chain({openai_gpt55(), anthropic_sonnet()});
    state.elapsed = seconds(45);
    SeededRandom random(1);
    const NextStep step =
        decide_next(state, fail(FailureClass::rate_limited, seconds(20)), policy, random);
    EXPECT_EQ(step.kind, Kind::next_candidate);
    EXPECT_EQ(step.reason,
              "rate_limited: Retry-After 20s would pass the deadline (15s left) on "
              "openai/gpt-5.5, moving to anthropic/claude-sonnet-4-6");
}

TEST(AttemptPlan, TotalWaitsNeverExceedTheDeadline) {
    ChainPolicy policy;
    policy.retry.deadline = seconds(10);
    policy.retry.max_attempts = 50;
    const ChainRun run = run_chain(
        {openai_gpt55(), anthropic_sonnet(), gemini_pro()}, policy,
        [](size_t, int) { return fail(FailureClass::rate_limited); }, Duration{500});
    EXPECT_LE(run.state.elapsed, seconds(10) + Duration{500});
    EXPECT_EQ(run.outcome().exit_code, 75);
}

TEST(AttemptPlan, CommittedOutputIsNeverRetriedOrHandedOn) {
    SeededRandom random(1);
    AttemptOutcome cut = fail(FailureClass::stream_broken);
    cut.committed = true;
    const NextStep step =
        decide_next(chain({openai_gpt55(), anthropic_sonnet()}), cut, ChainPolicy{}, random);
    EXPECT_EQ(step.kind, Kind::stop);
    EXPECT_NE(step.outcome->exit_code, 0);
}

TEST(AttemptPlan, ContentFilteredCanBeConfiguredToStop) {
    ChainPolicy policy;
    config::ClassRetryConfig filtered;
    filtered.then = config::ClassRetryConfig::Then::stop;
    policy.retry.classes[FailureClass::content_filtered] = filtered;
    SeededRandom random(1);
    const NextStep step = decide_next(chain({openai_gpt55(), anthropic_sonnet()}),
                                      fail(FailureClass::content_filtered), policy, random);
    EXPECT_EQ(step.kind, Kind::stop);
    EXPECT_EQ(step.reason, "content_filtered: retry.content_filtered.then is stop");
}

TEST(AttemptPlan, ConfiguredRetriesOverrideTheDefault) {
    ChainPolicy policy;
    config::ClassRetryConfig server;
    server.retries = 3;
    policy.retry.classes[FailureClass::server_error] = server;
    const ChainRun run =
        run_chain({openai_gpt55(), anthropic_sonnet()}, policy, [](size_t candidate, int) {
            return candidate == 0 ? fail(FailureClass::server_error) : AttemptOutcome::succeeded();
        });
    EXPECT_EQ(run.candidates_tried(), (std::vector<size_t>{0, 0, 0, 0, 1}));
}

TEST(AttemptPlan, SameSeedSameDecisions) {
    auto script = [](size_t, int) { return fail(FailureClass::rate_limited); };
    const ChainRun a =
        run_chain({openai_gpt55(), anthropic_sonnet()}, ChainPolicy{}, script, seconds(1), 42);
    const ChainRun b =
        run_chain({openai_gpt55(), anthropic_sonnet()}, ChainPolicy{}, script, seconds(1), 42);
    ASSERT_EQ(a.steps.size(), b.steps.size());
    for (size_t i = 0; i < a.steps.size(); ++i) {
        EXPECT_EQ(a.steps[i].wait, b.steps[i].wait);
        EXPECT_EQ(a.steps[i].reason, b.steps[i].reason);
    }
}

TEST(AttemptPlan, AdvanceRecordsTheAttemptAndMoves) {
    ChainState state = chain({openai_gpt55(), anthropic_sonnet()});
    NextStep retry;
    retry.kind = Kind::retry_same;
    advance(state, fail(FailureClass::server_error), retry);
    EXPECT_EQ(state.attempts_used, 1);
    EXPECT_EQ(state.attempts_on_current, 1);
    NextStep move;
    move.kind = Kind::next_candidate;
    move.candidate = 1;
    advance(state, fail(FailureClass::server_error), move);
    EXPECT_EQ(state.attempts_used, 2);
    EXPECT_EQ(state.attempts_on_current, 0);
    EXPECT_EQ(state.current, 1U);
    EXPECT_TRUE(state.attempted(0));
    EXPECT_FALSE(state.attempted(1));
}

TEST(AttemptPlan, RetriesTheAgentMadeItselfCountAsSameCandidateRetries) {
    // Claude Code retried the 503 once inside the attempt (CLAUDE_CODE_MAX_RETRIES=1): the
    // class's one retry is spent, so the next attempt goes to the next candidate.
    SeededRandom random(1);
    AttemptOutcome outcome = fail(FailureClass::overloaded);
    outcome.agent_retries = 1;
    const NextStep step =
        decide_next(chain({anthropic_sonnet(), openai_gpt55()}), outcome, ChainPolicy{}, random);
    EXPECT_EQ(step.kind, Kind::next_candidate);
    EXPECT_EQ(step.candidate, 1u);
    EXPECT_NE(step.reason.find("retries spent (1/1)"), std::string::npos) << step.reason;
}

TEST(AttemptPlan, RetriesTheAgentMadeItselfCountAgainstTheAttemptBudget) {
    ChainPolicy policy;
    policy.retry.max_attempts = 3;
    const ChainRun run =
        run_chain({anthropic_sonnet(), openai_gpt55(), gemini_pro()}, policy, [](size_t, int) {
            AttemptOutcome outcome = fail(FailureClass::server_error);
            outcome.agent_retries = 1;
            return outcome;
        });
    // Two requests on the first candidate use two of three attempts; the second candidate's
    // requests spend the rest, and no third candidate is tried.
    EXPECT_EQ(run.candidates_tried(), (std::vector<size_t>{0, 1}));
    EXPECT_EQ(run.state.attempts_used, 4);
    EXPECT_NE(run.steps.back().reason.find("attempt budget spent"), std::string::npos)
        << run.steps.back().reason;
}

}  // namespace
}  // namespace lifeline::policy
