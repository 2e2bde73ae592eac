// The validate step: which flag is blamed, in which order, and what a valid run will do.
#include <gtest/gtest.h>

#include "check_plan.hpp"

namespace lifeline::budget {
namespace {

const SystemTime k_now = from_unix_ms(1756720800000);  // 2025-09-01T10:00:00Z

class PlanCheck : public ::testing::Test {
  protected:
    Result<CheckPlan> plan(const config::Config& config = {}) {
        return plan_check(options, config, k_now);
    }
    std::string error() {
        const auto made = plan();
        EXPECT_FALSE(made);
        return made ? std::string() : made.error().message;
    }

    Options options;
};

TEST_F(PlanCheck, ReservationFlagsAreCheckedInOrder) {
    options.settle = "r1";
    options.release = "r1";
    options.reserve = -1;
    EXPECT_EQ(error(), "--settle and --release exclude each other");
    options.release.reset();
    EXPECT_EQ(error(), "--reserve needs --limit NAME");
    options.limit_name = "cost_daily";
    EXPECT_EQ(error(), "--reserve must not be negative");
    options.reserve = 5;
    EXPECT_NE(error().find("--limit cost_daily: no limit is set"), std::string::npos);
}

TEST_F(PlanCheck, InvalidLimitsComeBeforeTheFlagsOfReservations) {
    options.limit_flags.session_tokens = -5;
    options.settle = "r1";
    options.release = "r1";
    EXPECT_NE(error().find("session-tokens"), std::string::npos);
}

TEST_F(PlanCheck, HoldIsCheckedEvenWithoutReserve) {
    options.hold = "soon";
    EXPECT_EQ(error().rfind("--hold: ", 0), 0u);
}

TEST_F(PlanCheck, ReserveResolvesToTheStoresLimitWithItsHold) {
    options.reserve = 30;
    options.limit_name = "cost-daily";
    options.limit_flags.cost_daily = 50;
    options.hold = "2h";
    const auto made = plan();
    ASSERT_TRUE(made) << made.error().message;
    ASSERT_TRUE(made->reserve);
    EXPECT_EQ(made->reserve->limit.name, "cost_usd:daily");
    EXPECT_DOUBLE_EQ(made->reserve->limit.limit, 50);
    EXPECT_DOUBLE_EQ(made->reserve->amount, 30);
    EXPECT_EQ(made->reserve->hold, Duration{2 * 3600 * 1000});
    EXPECT_TRUE(made->needs_store);
}

TEST_F(PlanCheck, SinceAndUntilAreTimesOrDurationsBeforeNow) {
    options.session = "a";
    options.since = "24h";
    options.until = "2025-09-01T09:00:00Z";
    const auto made = plan();
    ASSERT_TRUE(made) << made.error().message;
    EXPECT_EQ(made->filter.since_ms, 1756720800000 - 24 * 3600 * 1000);
    EXPECT_EQ(made->filter.until_ms, 1756717200000);
    EXPECT_EQ(made->filter.session, "a");
    EXPECT_EQ(made->now, k_now);
    options.until = "yesterday-ish";
    EXPECT_EQ(error(),
              "--until: expected an RFC 3339 time or a duration such as 24h, got "
              "\"yesterday-ish\"");
}

TEST_F(PlanCheck, TheLedgerIsReadWithoutLogsOrWhenAsked) {
    auto made = plan();
    ASSERT_TRUE(made);
    EXPECT_TRUE(made->wants_ledger);
    EXPECT_TRUE(made->needs_store);

    options.claude_dirs = {"/logs"};
    made = plan();
    ASSERT_TRUE(made);
    EXPECT_FALSE(made->wants_ledger);
    EXPECT_FALSE(made->needs_store);

    options.from_ledger = true;
    made = plan();
    ASSERT_TRUE(made);
    EXPECT_TRUE(made->wants_ledger);
}

TEST_F(PlanCheck, SoftThresholdFlagOverridesTheConfig) {
    options.claude_dirs = {"/logs"};
    config::Config config;
    config.budget.soft_threshold = 0.5;
    auto made = plan(config);
    ASSERT_TRUE(made);
    EXPECT_DOUBLE_EQ(made->limits.soft_threshold, 0.5);
    options.soft_threshold = 0.9;
    made = plan(config);
    ASSERT_TRUE(made);
    EXPECT_DOUBLE_EQ(made->limits.soft_threshold, 0.9);
}

}  // namespace
}  // namespace lifeline::budget
