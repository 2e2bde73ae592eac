// Contract: health observations and their summaries, on every backend.
#include <lifeline/state/health.hpp>

#include "store_fixture.hpp"

namespace lifeline::state {
namespace {

using namespace std::chrono_literals;

class HealthContract : public testing::StoreTest {
  protected:
    Observation seen(const std::string& candidate, std::optional<FailureClass> failure,
                     Duration latency, int status) {
        clock.advance(1s);
        Observation o;
        o.candidate = candidate;
        o.failure = failure;
        o.latency = latency;
        o.http_status = status;
        o.time = clock.now();
        return o;
    }
};

TEST_P(HealthContract, SummarisesSuccessRateLatencyAndTheLastFailure) {
    for (int ms : {800, 1200, 950, 3000}) {
        ASSERT_TRUE(
            store->record_observation(seen("openai/gpt-5.5", std::nullopt, Duration{ms}, 200)));
    }
    Observation limited = seen("openai/gpt-5.5", FailureClass::rate_limited, 140ms, 429);
    limited.retry_after = 20s;
    ASSERT_TRUE(store->record_observation(limited));

    auto summary = store->summarise_health("openai/gpt-5.5");
    ASSERT_TRUE(summary) << summary.error().to_string();
    EXPECT_EQ(summary->calls, 5u);
    EXPECT_EQ(summary->successes, 4u);
    EXPECT_DOUBLE_EQ(summary->success_rate, 0.8);
    EXPECT_EQ(summary->consecutive_failures, 1u);
    EXPECT_EQ(summary->latency_p50, 950ms);  // over the successful calls only
    EXPECT_EQ(summary->latency_p95, 3000ms);
    EXPECT_EQ(summary->last_class, FailureClass::rate_limited);
    EXPECT_EQ(summary->last_seen, limited.time);
    EXPECT_EQ(summary->last_retry_after, 20s);
}

TEST_P(HealthContract, ReturnsObservationsNewestFirstWithEveryField) {
    Observation reset = seen("mistral/large", FailureClass::network, 30'000ms, 0);
    Observation ok = seen("mistral/large", std::nullopt, 420ms, 200);
    Observation overloaded = seen("mistral/large", FailureClass::overloaded, 90ms, 503);
    overloaded.retry_after = 7s;
    for (const auto& o : {reset, ok, overloaded}) {
        ASSERT_TRUE(store->record_observation(o));
    }
    auto recent = store->recent_observations("mistral/large", 10);
    ASSERT_TRUE(recent) << recent.error().to_string();
    EXPECT_EQ(*recent, (std::vector<Observation>{overloaded, ok, reset}));
    EXPECT_EQ(store->recent_observations("mistral/large", 2)->size(), 2u);
}

TEST_P(HealthContract, SummaryOnlyLooksAtTheLastN) {
    for (int i = 0; i < 10; ++i) {
        ASSERT_TRUE(store->record_observation(
            seen("anthropic/claude-sonnet-4-6", FailureClass::overloaded, 50ms, 529)));
    }
    for (int i = 0; i < 5; ++i) {
        ASSERT_TRUE(store->record_observation(
            seen("anthropic/claude-sonnet-4-6", std::nullopt, 700ms, 200)));
    }
    auto recent = store->summarise_health("anthropic/claude-sonnet-4-6", 5);
    ASSERT_TRUE(recent);
    EXPECT_DOUBLE_EQ(recent->success_rate, 1.0);
    auto longer = store->summarise_health("anthropic/claude-sonnet-4-6", 15);
    ASSERT_TRUE(longer);
    EXPECT_EQ(longer->calls, 15u);
    EXPECT_NEAR(longer->success_rate, 1.0 / 3.0, 1e-9);
    EXPECT_EQ(longer->consecutive_failures, 0u);
}

TEST_P(HealthContract, KeepsCandidatesApartAndListsThem) {
    ASSERT_TRUE(store->record_observation(seen("openrouter/deepseek-v4", std::nullopt, 1s, 200)));
    ASSERT_TRUE(
        store->record_observation(seen("azure/gpt-5.5", FailureClass::region_blocked, 80ms, 403)));
    auto candidates = store->observed_candidates();
    ASSERT_TRUE(candidates);
    EXPECT_EQ(*candidates, (std::vector<std::string>{"azure/gpt-5.5", "openrouter/deepseek-v4"}));
    EXPECT_EQ(store->summarise_health("azure/gpt-5.5")->successes, 0u);
    EXPECT_EQ(store->summarise_health("openrouter/deepseek-v4")->successes, 1u);
}

TEST_P(HealthContract, UnknownCandidateHasAnEmptySummary) {
    auto summary = store->summarise_health("local/qwen");
    ASSERT_TRUE(summary);
    EXPECT_EQ(summary->calls, 0u);
    EXPECT_FALSE(summary->last_seen);
    EXPECT_FALSE(summary->last_class);
}

TEST_P(HealthContract, KeepsOnlyTheNewestObservations) {
    const int total = static_cast<int>(k_observations_kept) + 10;
    for (int i = 0; i < total; ++i) {
        ASSERT_TRUE(
            store->record_observation(seen("openai/gpt-5.5", std::nullopt, Duration{i + 1}, 200)));
    }
    auto recent = store->recent_observations("openai/gpt-5.5", 10'000);
    ASSERT_TRUE(recent);
    ASSERT_EQ(recent->size(), k_observations_kept);
    EXPECT_EQ(recent->front().latency, Duration{total});
    EXPECT_EQ(recent->back().latency, Duration{11});
}

LIFELINE_ALL_BACKENDS(HealthContract);

}  // namespace
}  // namespace lifeline::state
