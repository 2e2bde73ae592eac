// Contract: budget reservations, settlement and windows, on every backend.
#include "store_fixture.hpp"

namespace lifeline::state {
namespace {

using namespace std::chrono_literals;

class BudgetContract : public testing::StoreTest {
  protected:
    const BudgetLimit session{"session:pr-1841:tokens", 250'000, Duration{0}};
    const BudgetLimit daily{"cost_usd:daily", 50.0, 24h};
};

TEST_P(BudgetContract, GrantsUntilTheLimitThenRefusesWithoutReserving) {
    auto a = store->reserve(session, 100'000, 1h);
    ASSERT_TRUE(a) << a.error().to_string();
    EXPECT_TRUE(a->granted);
    EXPECT_FALSE(a->id.empty());
    auto b = store->reserve(session, 100'000, 1h);
    ASSERT_TRUE(b && b->granted);
    EXPECT_EQ(b->used, 200'000);
    EXPECT_EQ(b->remaining, 50'000);
    EXPECT_NE(a->id, b->id);

    auto refused = store->reserve(session, 50'001, 1h);
    ASSERT_TRUE(refused);
    EXPECT_FALSE(refused->granted);
    EXPECT_TRUE(refused->id.empty());
    EXPECT_EQ(refused->remaining, 50'000);
    auto exact = store->reserve(session, 50'000, 1h);  // exactly what is left still fits
    EXPECT_TRUE(exact && exact->granted);
    EXPECT_EQ(store->budget_usage(session)->remaining, 0);
}

TEST_P(BudgetContract, SettlingReplacesTheHoldWithWhatWasSpent) {
    auto held = store->reserve(session, 50'000, 1h);
    ASSERT_TRUE(held && held->granted);
    ASSERT_TRUE(store->settle(held->id, 18'432));
    auto usage = store->budget_usage(session);
    ASSERT_TRUE(usage) << usage.error().to_string();
    EXPECT_EQ(usage->used, 18'432);
    EXPECT_EQ(usage->remaining, 250'000 - 18'432);
}

TEST_P(BudgetContract, ReleasingGivesTheHoldBackOnce) {
    auto held = store->reserve(session, 200'000, 1h);
    ASSERT_TRUE(held && held->granted);
    EXPECT_FALSE(store->reserve(session, 100'000, 1h)->granted);
    ASSERT_TRUE(store->release(held->id));
    ASSERT_TRUE(store->release(held->id));  // a second release changes nothing
    EXPECT_EQ(store->budget_usage(session)->used, 0);
    EXPECT_TRUE(store->reserve(session, 100'000, 1h)->granted);
}

TEST_P(BudgetContract, AnAbandonedHoldExpiresButSpendingIsNeverLost) {
    auto abandoned = store->reserve(daily, 40.0, 5min);
    ASSERT_TRUE(abandoned && abandoned->granted);
    EXPECT_FALSE(store->reserve(daily, 20.0, 5min)->granted);
    clock.advance(6min);
    EXPECT_EQ(store->budget_usage(daily)->used, 0.0);
    // The runner comes back late and settles: what it spent still counts.
    ASSERT_TRUE(store->settle(abandoned->id, 12.5));
    auto usage = store->budget_usage(daily);
    EXPECT_DOUBLE_EQ(usage->used, 12.5);
    EXPECT_DOUBLE_EQ(usage->remaining, 37.5);
}

TEST_P(BudgetContract, DailyWindowsAreUtcDaysAndStartAfresh) {
    ASSERT_TRUE(store->reserve(daily, 49.75, 1h)->granted);
    EXPECT_FALSE(store->reserve(daily, 0.5, 1h)->granted);
    EXPECT_TRUE(store->reserve(daily, 0.25, 1h)->granted);
    auto today = store->budget_usage(daily);
    ASSERT_TRUE(today);
    EXPECT_EQ(format_rfc3339(today->window_start), "2026-11-21T00:00:00Z");
    EXPECT_EQ(format_rfc3339(*today->window_end), "2026-11-22T00:00:00Z");
    clock.advance(14h);
    auto tomorrow = store->budget_usage(daily);
    EXPECT_EQ(tomorrow->used, 0.0);
    EXPECT_EQ(format_rfc3339(tomorrow->window_start), "2026-11-22T00:00:00Z");
    EXPECT_TRUE(store->reserve(daily, 50.0, 1h)->granted);
}

TEST_P(BudgetContract, RejectsNegativeAmountsAndMalformedIds) {
    auto negative = store->reserve(session, -1, 1h);
    ASSERT_FALSE(negative);
    EXPECT_EQ(negative.error().code, ErrorCode::invalid_input);
    auto malformed = store->settle("not-a-reservation", 10);
    ASSERT_FALSE(malformed);
    EXPECT_EQ(malformed.error().code, ErrorCode::invalid_input);
}

LIFELINE_ALL_BACKENDS(BudgetContract);

}  // namespace
}  // namespace lifeline::state
