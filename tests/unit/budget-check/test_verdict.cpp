// The run's conclusion: a crossed limit beats a refused reservation, which beats a warning.
#include <gtest/gtest.h>

#include "verdict.hpp"

namespace lifeline::budget {
namespace {

LimitResult limit(std::string name, double used, double of, LimitState state) {
    LimitResult result;
    result.name = std::move(name);
    result.unit = "tokens";
    result.scope = "a";
    result.used = used;
    result.limit = of;
    result.state = state;
    return result;
}

ReservationOutcome refused() {
    ReservationOutcome outcome;
    outcome.request.limit = {"cost_usd:daily", 50, Duration{0}};
    outcome.request.amount = 30;
    outcome.answer.granted = false;
    outcome.answer.remaining = 20;
    return outcome;
}

TEST(BudgetVerdict, WithinEveryHardLimitPassesWithTheReportsHeadlineDegradedOnAWarning) {
    const std::pair<LimitState, output::RunStatus> cases[] = {
        {LimitState::ok, output::RunStatus::ok},
        {LimitState::warning, output::RunStatus::degraded}};
    for (const auto& [state, status] : cases) {
        Decision decision;
        decision.limits = {limit("session_tokens", 90, 100, state)};
        const Verdict verdict = budget_verdict(decision, "90 tokens");
        EXPECT_EQ(verdict.status, status) << to_string(state);
        EXPECT_EQ(verdict.exit_code, 0);
        EXPECT_EQ(verdict.headline, "90 tokens");
        EXPECT_FALSE(verdict.reservation_refused);
    }
}

TEST(BudgetVerdict, CrossedLimitsFailNamingEachAndBeatARefusal) {
    Decision decision;
    decision.limits = {limit("session_tokens", 200, 100, LimitState::exceeded),
                       limit("max_turns", 9, 10, LimitState::warning),
                       limit("request_tokens", 150, 100, LimitState::exceeded)};
    decision.reservation = refused();
    const Verdict verdict = budget_verdict(decision, "unused");
    EXPECT_EQ(verdict.status, output::RunStatus::failed);
    EXPECT_EQ(verdict.exit_code, 1);
    EXPECT_EQ(verdict.headline, "budget exceeded: " + decision.limits[0].describe() + "; " +
                                    decision.limits[2].describe());
    EXPECT_FALSE(verdict.reservation_refused);
}

TEST(BudgetVerdict, RefusedReservationFailsSayingWhatDidNotFit) {
    Decision decision;
    decision.limits = {limit("session_tokens", 90, 100, LimitState::warning)};
    decision.reservation = refused();
    const Verdict verdict = budget_verdict(decision, "unused");
    EXPECT_EQ(verdict.status, output::RunStatus::failed);
    EXPECT_EQ(verdict.exit_code, 1);
    EXPECT_EQ(verdict.headline,
              "reservation refused: 30.000000 does not fit cost_usd:daily (remaining 20.000000)");
    EXPECT_TRUE(verdict.reservation_refused);
}

TEST(BudgetVerdict, GrantedReservationChangesNothing) {
    Decision decision;
    decision.reservation = refused();
    decision.reservation->answer.granted = true;
    EXPECT_EQ(budget_verdict(decision, "h").status, output::RunStatus::ok);
}

}  // namespace
}  // namespace lifeline::budget
