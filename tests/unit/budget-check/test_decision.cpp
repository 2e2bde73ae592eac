// The decide step: summary and limits from the records, and --reserve held in the store.
#include <gtest/gtest.h>

#include <lifeline/storage/backends.hpp>

#include "decision.hpp"
#include "test_context.hpp"

namespace lifeline::budget {
namespace {

UsageRecord record(int64_t input_tokens) {
    UsageRecord r;
    r.source = SourceKind::claude;
    r.model = "claude-sonnet-4-20250514";
    r.session = "a";
    r.time_ms = 1756720800000;
    r.tokens.uncached_input = input_tokens;
    return r;
}

class Decide : public ::testing::Test {
  protected:
    Decide() : store(state::make_memory_store(t.clock)) {
        options.claude_dirs = {"/logs"};
        options.limit_flags.session_tokens = 1000;
        options.limit_flags.cost_daily = 50;
    }

    CheckPlan plan() {
        auto made = plan_check(options, config::Config{}, t.clock.now());
        EXPECT_TRUE(made) << made.error().message;
        return std::move(*made);
    }

    lifeline::testing::TestContext t;
    std::unique_ptr<state::StateStore> store;
    Options options;
};

TEST_F(Decide, MeasuresEveryLimitOnTheSummary) {
    const auto decision = decide({record(600), record(600)}, plan(), config::Config{}, nullptr);
    ASSERT_TRUE(decision) << decision.error().message;
    EXPECT_EQ(decision->summary.totals.tokens.total(), 1200);
    ASSERT_EQ(decision->limits.size(), 2u);
    EXPECT_EQ(decision->limits[0].name, "session_tokens");
    EXPECT_EQ(decision->limits[0].state, LimitState::exceeded);
    EXPECT_FALSE(decision->reservation);
}

TEST_F(Decide, ReserveIsHeldInTheStoreAndReported) {
    options.reserve = 30;
    options.limit_name = "cost_daily";
    const auto decision = decide({}, plan(), config::Config{}, store.get());
    ASSERT_TRUE(decision) << decision.error().message;
    ASSERT_TRUE(decision->reservation);
    EXPECT_TRUE(decision->reservation->answer.granted);
    const auto json = reservation_json(*decision->reservation);
    EXPECT_EQ(json["action"], "reserve");
    EXPECT_EQ(json["limit"], "cost_usd:daily");
    EXPECT_EQ(json["amount"], 30.0);
    EXPECT_EQ(json["limit_value"], 50.0);
    EXPECT_EQ(json["remaining"], 20.0);
    EXPECT_EQ(json["id"], decision->reservation->answer.id);

    // The first hold stays: a second one of 30 no longer fits.
    const auto second = decide({}, plan(), config::Config{}, store.get());
    ASSERT_TRUE(second);
    EXPECT_FALSE(second->reservation->answer.granted);
}

}  // namespace
}  // namespace lifeline::budget
