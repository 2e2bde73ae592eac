#include <gtest/gtest.h>

#include <lifeline/policy/chain_outcome.hpp>

namespace lifeline::policy {
namespace {

AttemptRecord on(size_t candidate, FailureClass failure_class, int exit_code = 1) {
    AttemptRecord record{candidate, AttemptOutcome::failed(failure_class), 0};
    record.outcome.exit_code = exit_code;
    return record;
}

TEST(ChainOutcome, SuccessAfterFailuresExitsZero) {
    const ChainOutcome o = chain_outcome(
        {on(0, FailureClass::rate_limited), AttemptRecord{1, AttemptOutcome::succeeded(), 0}});
    EXPECT_EQ(o.result, ChainResult::succeeded);
    EXPECT_EQ(o.exit_code, 0);
    EXPECT_FALSE(o.last_class);
    EXPECT_EQ(o.summary, "succeeded after 2 attempts on 2 candidates");
}

TEST(ChainOutcome, TaskFailedKeepsTheChildsExitCode) {
    const ChainOutcome o =
        chain_outcome({on(0, FailureClass::server_error), on(1, FailureClass::task_failed, 3)});
    EXPECT_EQ(o.result, ChainResult::task_failed);
    EXPECT_EQ(o.exit_code, 3);
}

TEST(ChainOutcome, TaskFailedWithExitZeroStillFailsTheJob) {
    EXPECT_EQ(chain_outcome({on(0, FailureClass::task_failed, 0)}).exit_code, 1);
}

TEST(ChainOutcome, BudgetExceededExitsOneEvenAfterTransientFailures) {
    const ChainOutcome o =
        chain_outcome({on(0, FailureClass::overloaded), on(1, FailureClass::budget_exceeded)});
    EXPECT_EQ(o.result, ChainResult::budget_exceeded);
    EXPECT_EQ(o.exit_code, 1);
}

TEST(ChainOutcome, AllTransientExits75) {
    const ChainOutcome o =
        chain_outcome({on(0, FailureClass::rate_limited), on(0, FailureClass::rate_limited),
                       on(1, FailureClass::overloaded), on(2, FailureClass::timeout),
                       on(3, FailureClass::stream_broken)});
    EXPECT_EQ(o.result, ChainResult::all_transient);
    EXPECT_EQ(o.exit_code, 75);
    EXPECT_EQ(o.last_class, FailureClass::stream_broken);
}

TEST(ChainOutcome, AuthEverywhereExits77) {
    const ChainOutcome o = chain_outcome({on(0, FailureClass::auth), on(2, FailureClass::auth)});
    EXPECT_EQ(o.result, ChainResult::auth_everywhere);
    EXPECT_EQ(o.exit_code, 77);
}

TEST(ChainOutcome, MixedFailuresExitOne) {
    EXPECT_EQ(
        chain_outcome({on(0, FailureClass::auth), on(1, FailureClass::server_error)}).exit_code, 1);
    EXPECT_EQ(chain_outcome({on(0, FailureClass::quota_exhausted)}).exit_code, 1);
    EXPECT_EQ(chain_outcome({}).exit_code, 1);
}

}  // namespace
}  // namespace lifeline::policy
