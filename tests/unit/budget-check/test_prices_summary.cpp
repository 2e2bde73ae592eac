#include <limits>

#include <gtest/gtest.h>

#include <lifeline/config/loader.hpp>

#include "limits.hpp"
#include "price_table.hpp"
#include "summary.hpp"

namespace lifeline::budget {
namespace {

UsageRecord record(std::string model, TokenCounts tokens, std::string session = "s",
                   int64_t time_ms = 1756717209000) {
    UsageRecord r;
    r.source = SourceKind::claude;
    r.model = std::move(model);
    r.tokens = tokens;
    r.session = std::move(session);
    r.time_ms = time_ms;
    return r;
}

PriceTable shipped() {
    auto table = PriceTable::shipped();
    EXPECT_TRUE(table) << table.error().to_string();
    return *table;
}

TEST(PriceTable, ShippedTableLoadsAndCitesSources) {
    const PriceTable table = shipped();
    EXPECT_GT(table.size(), 20u);
    const auto sonnet = table.find("claude-sonnet-4-5");
    ASSERT_TRUE(sonnet);
    EXPECT_DOUBLE_EQ(sonnet->input, 3);
    EXPECT_DOUBLE_EQ(sonnet->cache_write, 3.75);
    EXPECT_NE(sonnet->source.find("platform.claude.com"), std::string::npos);
}

TEST(PriceTable, DatedSnapshotsAndProviderPrefixesMatchButNewModelsDoNot) {
    const PriceTable table = shipped();
    EXPECT_DOUBLE_EQ(table.find("claude-sonnet-4-20250514")->output, 15);
    EXPECT_DOUBLE_EQ(table.find("claude-opus-4-1-20250805")->input, 15);
    EXPECT_DOUBLE_EQ(table.find("claude-opus-4-5-20251101")->input, 5);
    EXPECT_DOUBLE_EQ(table.find("gpt-4o-2024-08-06")->input, 2.5);
    EXPECT_DOUBLE_EQ(table.find("openai/gpt-5-mini")->output, 2);
    EXPECT_FALSE(table.find("claude-opus-4-9"));  // not a dated claude-opus-4
    EXPECT_FALSE(table.find("gpt-5.5"));
    EXPECT_FALSE(table.find("deepseek/deepseek-v4"));
}

TEST(PriceTable, ConfigPricesOverrideTheShippedTable) {
    auto config = config::parse_config(R"(version: 1
providers:
  anthropic: {kind: anthropic, auth: {env: ANTHROPIC_API_KEY}}
models:
  claude-sonnet-4-6: {provider: anthropic, price: {input: 2, output: 10, cached_input: 0.2}}
)",
                                       "lifeline.yaml");
    ASSERT_TRUE(config) << config.error().to_string();
    PriceTable table = shipped();
    table.apply_config(*config);
    const auto price = table.find("claude-sonnet-4-6");
    ASSERT_TRUE(price);
    EXPECT_DOUBLE_EQ(price->input, 2);
    EXPECT_DOUBLE_EQ(price->cache_read, 0.2);
    EXPECT_DOUBLE_EQ(price->cache_write, 2.5);  // Anthropic bills cache writes at 1.25x
}

TEST(PriceTable, CostMathUsesEachTokenKindsPrice) {
    const ModelPrice price{{3, 15, 3.75, 0.30}, ""};
    // 1M of each kind: 3 + 15 + 3.75 + 0.30.
    EXPECT_DOUBLE_EQ(cost_of(price, TokenCounts{1'000'000, 1'000'000, 1'000'000, 1'000'000}),
                     22.05);
    EXPECT_NEAR(cost_of(price, TokenCounts{4, 10, 1000, 2000}), 0.004512, 1e-12);
}

TEST(Summary, UnpricedModelsAreReportedNotCountedAsZero) {
    const config::Config config;
    const Summary summary = summarise({record("claude-sonnet-4-20250514", {1000, 1000, 0, 0}),
                                       record("mystery-model", {500, 500, 0, 0})},
                                      shipped(), config);
    EXPECT_EQ(summary.totals.tokens.total(), 3000);
    EXPECT_EQ(summary.totals.unpriced_requests, 1);
    EXPECT_EQ(summary.totals.unpriced_tokens, 1000);
    EXPECT_EQ(summary.unpriced_models, std::set<std::string>{"mystery-model"});
    EXPECT_NEAR(summary.totals.cost_usd, 0.018, 1e-12);
    EXPECT_EQ(summary.by_provider.at("anthropic").requests, 2);
}

TEST(Summary, TokenSumsNearInt64sLimitSaturateInsteadOfOverflowing) {
    // Counts come from untrusted ledger rows and agents' logs (budget_ledger fuzz target).
    const int64_t huge = std::numeric_limits<int64_t>::max() - 10;
    const config::Config config;
    const Summary summary = summarise({record("mystery-model", {huge, huge, huge, huge}),
                                       record("mystery-model", {huge, 0, 0, 0})},
                                      shipped(), config);
    EXPECT_EQ(summary.totals.tokens.uncached_input, std::numeric_limits<int64_t>::max());
    EXPECT_EQ(summary.totals.tokens.total(), std::numeric_limits<int64_t>::max());
    EXPECT_EQ(summary.totals.unpriced_tokens, std::numeric_limits<int64_t>::max());
    EXPECT_EQ(TokenCounts({-huge, -huge, 0, 0}).total(), std::numeric_limits<int64_t>::min());
}

TEST(Summary, AttributesTokensToRetriesFallbacksAndFailures) {
    const config::Config config;
    std::vector<UsageRecord> records;
    auto add = [&](std::string run, std::optional<FailureClass> failure, bool retry, bool fallback,
                   int64_t tokens) {
        UsageRecord r = record("gpt-5", {tokens, 0, 0, 0});
        r.source = SourceKind::ledger;
        r.run_id = std::move(run);
        r.failure = failure;
        r.is_retry = retry;
        r.is_fallback = fallback;
        records.push_back(r);
    };
    add("r1", std::nullopt, false, false, 100);
    add("r2", FailureClass::rate_limited, false, false, 40);
    add("r2", FailureClass::rate_limited, true, false, 40);
    add("r2", std::nullopt, false, true, 120);
    add("r3", FailureClass::server_error, false, false, 30);
    add("r3", std::nullopt, true, false, 110);
    const Summary summary = summarise(records, shipped(), config);
    const Attribution& a = summary.attribution;
    EXPECT_EQ(a.first_try.tokens.total(), 100);
    EXPECT_EQ(a.failed.tokens.total(), 110);
    EXPECT_EQ(a.on_fallback.tokens.total(), 120);
    EXPECT_EQ(a.after_retry.tokens.total(), 110);
    EXPECT_EQ(a.by_failure_class.at("rate_limited").tokens.total(), 80);
    EXPECT_EQ(a.runs, 3);
    EXPECT_NEAR(a.fallback_rate(), 1.0 / 3.0, 1e-12);
    EXPECT_EQ(a.max_retries_in_run, 1);
}

TEST(Summary, PromptGrowthPerTurn) {
    const config::Config config;
    const Summary summary =
        summarise({record("gpt-5", {100, 10, 0, 0}), record("gpt-5", {0, 10, 0, 400}),
                   record("gpt-5", {50, 10, 0, 650})},
                  shipped(), config);
    const SessionStats& s = summary.sessions.at("s");
    EXPECT_EQ(s.turns, 3);
    EXPECT_DOUBLE_EQ(s.growth_per_turn(), 300);  // 100 -> 700 over two turns
    EXPECT_DOUBLE_EQ(summary.prompt_growth_per_turn, 300);
    EXPECT_EQ(summary.largest_request_tokens, 710);
}

TEST(Limits, HardLimitsCrossAndSoftThresholdsWarn) {
    const config::Config config;
    const Summary summary = summarise({record("claude-sonnet-4-20250514", {0, 100'000, 0, 0}, "a"),
                                       record("claude-sonnet-4-20250514", {0, 170'000, 0, 0}, "b")},
                                      shipped(), config);
    LimitSettings limits;
    limits.session_tokens = 200'000;  // session b: 170k = 85%: warning
    limits.request_tokens = 150'000;  // 170k: exceeded
    limits.cost_daily = 10;           // today has nothing
    const auto now = from_unix_ms(1756717209000);
    const auto results = evaluate_limits(limits, summary, now, std::nullopt);
    ASSERT_EQ(results.size(), 3u);
    EXPECT_EQ(results[0].name, "session_tokens");
    EXPECT_EQ(results[0].scope, "b");
    EXPECT_EQ(results[0].state, LimitState::warning);
    EXPECT_DOUBLE_EQ(results[0].remaining, 30'000);
    EXPECT_EQ(results[1].state, LimitState::exceeded);
    EXPECT_EQ(results[2].name, "cost_daily");
    EXPECT_EQ(results[2].scope, "2025-09-01");
    EXPECT_NEAR(results[2].used, 4.05, 1e-9);  // 270k output tokens at $15/M
    EXPECT_EQ(results[2].state, LimitState::ok);
    // Exactly at the limit is within it.
    limits = {};
    limits.session_tokens = 170'000;
    EXPECT_EQ(evaluate_limits(limits, summary, now, std::nullopt)[0].state, LimitState::warning);
    EXPECT_EQ(evaluate_limits(limits, summary, now, std::string("a"))[0].used, 100'000);
}

TEST(Limits, FlagsOverrideConfigAndBadValuesAreRejected) {
    config::BudgetConfig budget;
    budget.session_tokens = 250'000;
    budget.max_agent_turns = 18;
    budget.cost_usd.daily = 50;
    LimitSettings flags;
    flags.session_tokens = 1000;
    const LimitSettings merged = merge_limits(budget, flags);
    EXPECT_EQ(merged.session_tokens, 1000);
    EXPECT_EQ(merged.max_turns, 18);
    EXPECT_EQ(merged.cost_daily, 50);
    flags.cost_daily = -1;
    EXPECT_FALSE(validate_limits(merge_limits(budget, flags)));
    LimitSettings bad_threshold;
    bad_threshold.soft_threshold = 1.5;
    EXPECT_FALSE(validate_limits(bad_threshold));
}

}  // namespace
}  // namespace lifeline::budget
