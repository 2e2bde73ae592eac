// Contract: the usage ledger, on every backend.
#include "store_fixture.hpp"

namespace lifeline::state {
namespace {

using namespace std::chrono_literals;

class LedgerContract : public testing::StoreTest {
  protected:
    LedgerEntry attempt(const std::string& session, const std::string& provider,
                        const std::string& model, int64_t input, int64_t output,
                        std::optional<double> cost) {
        LedgerEntry e;
        e.time = clock.now();
        e.run_id = "gh-run-7731-1";
        e.session = session;
        e.lane = "code";
        e.provider = provider;
        e.model = model;
        e.input_tokens = input;
        e.output_tokens = output;
        e.cost_usd = cost;
        e.duration_ms = 4'210;
        return e;
    }
};

TEST_P(LedgerContract, QueriesBySessionWithEveryFieldIntact) {
    LedgerEntry failed = attempt("pr-1841", "anthropic", "claude-sonnet-4-6", 18'400, 0, 0.0552);
    failed.failure = FailureClass::overloaded;
    failed.cached_tokens = 12'000;
    clock.advance(2s);
    LedgerEntry fallback = attempt("pr-1841", "openai", "gpt-5.5", 18'400, 2'310, std::nullopt);
    fallback.attempt = 2;
    fallback.is_fallback = true;
    LedgerEntry other = attempt("pr-1900", "openai", "gpt-5.5", 900, 80, 0.0019);
    for (const auto& e : {failed, fallback, other}) {
        ASSERT_TRUE(store->append_ledger(e));
    }
    LedgerQuery query;
    query.session = "pr-1841";
    auto entries = store->query_ledger(query);
    ASSERT_TRUE(entries) << entries.error().to_string();
    EXPECT_EQ(*entries, (std::vector<LedgerEntry>{failed, fallback}));
}

TEST_P(LedgerContract, FiltersByModelProviderAndAHalfOpenTimeWindow) {
    const SystemTime start = clock.now();
    for (int minute = 0; minute < 6; ++minute) {
        const bool even = minute % 2 == 0;
        ASSERT_TRUE(store->append_ledger(attempt("nightly", even ? "openai" : "openrouter",
                                                 even ? "gpt-5.5" : "deepseek-v4", 1000 + minute,
                                                 10, 0.01)));
        clock.advance(1min);
    }
    LedgerQuery window;
    window.since = start + 1min;
    window.until = start + 4min;  // minutes 1, 2, 3
    EXPECT_EQ(store->query_ledger(window)->size(), 3u);
    window.provider = "openai";
    auto openai = store->query_ledger(window);
    ASSERT_TRUE(openai);
    ASSERT_EQ(openai->size(), 1u);
    EXPECT_EQ(openai->front().input_tokens, 1002);
    LedgerQuery by_model;
    by_model.model = "deepseek-v4";
    EXPECT_EQ(store->query_ledger(by_model)->size(), 3u);
}

TEST_P(LedgerContract, TotalsCountTokensCostAndUnpricedEntries) {
    LedgerEntry first = attempt("pr-7", "openai", "gpt-5.5", 12'000, 1'500, 0.03);
    first.failure = FailureClass::rate_limited;
    LedgerEntry retry = attempt("pr-7", "openai", "gpt-5.5", 12'000, 1'800, 0.033);
    retry.is_retry = true;
    retry.attempt = 2;
    LedgerEntry local = attempt("pr-7", "local", "qwen3-coder", 9'000, 700, std::nullopt);
    local.is_fallback = true;
    local.attempt = 3;
    for (const auto& e : {first, retry, local}) {
        ASSERT_TRUE(store->append_ledger(e));
    }
    auto totals = store->ledger_totals(LedgerQuery{});
    ASSERT_TRUE(totals) << totals.error().to_string();
    EXPECT_EQ(totals->entries, 3);
    EXPECT_EQ(totals->input_tokens, 33'000);
    EXPECT_EQ(totals->output_tokens, 4'000);
    EXPECT_EQ(totals->total_tokens(), 37'000);
    EXPECT_NEAR(totals->cost_usd, 0.063, 1e-12);
    EXPECT_EQ(totals->unpriced_entries, 1);
    EXPECT_EQ(totals->failures, 1);
    EXPECT_EQ(totals->retries, 1);
    EXPECT_EQ(totals->fallbacks, 1);
    EXPECT_EQ(totals->duration_ms, 3 * 4'210);
}

TEST_P(LedgerContract, AggregatesPerModelAndPerUtcDay) {
    ASSERT_TRUE(store->append_ledger(attempt("s", "openai", "gpt-5.5", 100, 10, 0.1)));
    clock.advance(14h);  // 2026-11-22T00:00:00Z
    ASSERT_TRUE(store->append_ledger(attempt("s", "openai", "gpt-5.5", 200, 20, 0.2)));
    ASSERT_TRUE(store->append_ledger(attempt("s", "anthropic", "claude-sonnet-4-6", 50, 5, 0.3)));
    auto by_model = store->aggregate_ledger(LedgerQuery{}, LedgerGroupBy::model);
    ASSERT_TRUE(by_model);
    ASSERT_EQ(by_model->size(), 2u);
    EXPECT_EQ(by_model->at("gpt-5.5").input_tokens, 300);
    EXPECT_EQ(by_model->at("claude-sonnet-4-6").entries, 1);
    auto by_day = store->aggregate_ledger(LedgerQuery{}, LedgerGroupBy::day);
    ASSERT_TRUE(by_day);
    EXPECT_EQ(by_day->at("2026-11-21").entries, 1);
    EXPECT_EQ(by_day->at("2026-11-22").entries, 2);
}

TEST_P(LedgerContract, ListsEntriesByTimeThenInInsertionOrder) {
    const SystemTime t = clock.now();
    LedgerEntry late = attempt("s", "openai", "gpt-5.5", 3, 0, 0.0);
    late.time = t + 5s;
    ASSERT_TRUE(store->append_ledger(late));
    for (int64_t i = 0; i < 3; ++i) {
        ASSERT_TRUE(store->append_ledger(attempt("s", "openai", "gpt-5.5", 10 + i, 0, 0.0)));
    }
    auto entries = store->query_ledger(LedgerQuery{});
    ASSERT_TRUE(entries);
    std::vector<int64_t> inputs;
    for (const auto& e : *entries) {
        inputs.push_back(e.input_tokens);
    }
    EXPECT_EQ(inputs, (std::vector<int64_t>{10, 11, 12, 3}));
}

LIFELINE_ALL_BACKENDS(LedgerContract);

}  // namespace
}  // namespace lifeline::state
