// The pure parts: health summaries, ledger totals, budget windows and reservation ids.
#include <gtest/gtest.h>

#include <lifeline/state/budget.hpp>
#include <lifeline/state/health.hpp>
#include <lifeline/state/ledger.hpp>

namespace lifeline::state {
namespace {

using namespace std::chrono_literals;

TEST(HealthSummary, UsesAllLatenciesWhenNothingSucceeded) {
    std::vector<Observation> failures;
    for (int ms : {30'000, 100, 200}) {
        Observation o;
        o.candidate = "azure/gpt-5.5";
        o.failure = FailureClass::timeout;
        o.latency = Duration{ms};
        failures.push_back(o);
    }
    const HealthSummary summary = summarise_observations("azure/gpt-5.5", failures);
    EXPECT_EQ(summary.consecutive_failures, 3u);
    EXPECT_EQ(summary.success_rate, 0.0);
    EXPECT_EQ(summary.latency_p50, 200ms);
    EXPECT_EQ(summary.latency_p95, 30'000ms);
}

TEST(BudgetWindow, AlignsToTheEpochSoEveryRunnerAgrees) {
    const SystemTime t = *parse_rfc3339("2026-11-21T10:17:42Z");
    EXPECT_EQ(format_rfc3339(window_start(24h, t)), "2026-11-21T00:00:00Z");
    EXPECT_EQ(format_rfc3339(window_start(1h, t)), "2026-11-21T10:00:00Z");
    EXPECT_EQ(to_unix_ms(window_start(Duration{0}, t)), 0);
    EXPECT_EQ(budget_bucket({"cost_usd:daily", 50, 24h}, t), "cost_usd:daily@1795219200000");
}

TEST(ReservationId, CarriesItsBucketAndIsUnique) {
    const std::string bucket = "session:pr-9:tokens@0";
    const std::string a = make_reservation_id(bucket);
    EXPECT_NE(a, make_reservation_id(bucket));
    EXPECT_EQ(reservation_bucket(a), bucket);
    EXPECT_FALSE(reservation_bucket("abc:def"));
}

// Found by the state_rows fuzz target: the '@' of "<name>@<window start>" was looked for in the
// whole id, so one inside the 16-character token passed a bucket without it.
TEST(ReservationId, AnAtSignInTheTokenIsNotABucket) {
    EXPECT_FALSE(reservation_bucket("0123456789abc@ef:cost_usd:daily"));
    EXPECT_EQ(reservation_bucket("0123456789abcdef:cost_usd:daily@0"), "cost_usd:daily@0");
}

TEST(LedgerGroups, GroupByProviderSumsEachProvider) {
    LedgerEntry a;
    a.provider = "openai";
    a.input_tokens = 10;
    LedgerEntry b = a;
    b.provider = "mistral";
    const auto groups = group_totals({a, a, b}, LedgerGroupBy::provider);
    EXPECT_EQ(groups.at("openai").input_tokens, 20);
    EXPECT_EQ(groups.at("mistral").entries, 1);
}

}  // namespace
}  // namespace lifeline::state
