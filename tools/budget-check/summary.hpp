#pragma once
// Sums usage records into what the report shows: totals, breakdowns (model, provider,
// session, day, month, source), per-session turns and prompt growth, and the attribution of
// tokens and cost to first-try work, work after a retry, work on a fallback, and failed
// attempts. Pure: records and prices in, numbers out.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <lifeline/config/model.hpp>

#include "price_table.hpp"
#include "usage.hpp"

namespace lifeline::budget {

struct Bucket {
    TokenCounts tokens;
    double cost_usd = 0;  // priced records only: a lower bound when unpriced > 0
    int64_t requests = 0;
    int64_t unpriced_requests = 0;  // records with neither a price nor a recorded cost
    int64_t unpriced_tokens = 0;
    int64_t failed_tokens = 0;  // on attempts that failed
    double failed_cost_usd = 0;
    int64_t retry_tokens = 0;     // on attempts that were retries (failed or not)
    int64_t fallback_tokens = 0;  // on attempts on a fallback candidate

    // Adds one record; `cost` nullopt when it is unpriced.
    void add(const UsageRecord& record, std::optional<double> cost);
    // Mean prompt size per request (0 without requests).
    double mean_prompt_tokens() const;
};

struct SessionStats {
    int64_t turns = 0;  // successful requests
    int64_t first_prompt_tokens = 0;
    int64_t last_prompt_tokens = 0;
    int64_t max_prompt_tokens = 0;
    // (last - first) / (turns - 1); 0 below two turns.
    double growth_per_turn() const;
};

struct Attribution {
    Bucket first_try;    // succeeded on the first attempt of the first candidate
    Bucket after_retry;  // succeeded on a retry of the same candidate
    Bucket on_fallback;  // succeeded on a fallback candidate
    Bucket failed;       // attempts that failed (the cost of retries and fallbacks)
    std::map<std::string, Bucket> by_failure_class;
    int64_t runs = 0;  // distinct ledger run ids
    int64_t runs_with_fallback = 0;
    int64_t runs_with_retry = 0;
    int64_t max_retries_in_run = 0;
    std::string max_retries_run;

    // runs_with_fallback / runs (0 without runs).
    double fallback_rate() const;
};

struct Summary {
    Bucket totals;
    std::map<std::string, Bucket> by_model, by_provider, by_session, by_day, by_month, by_source;
    std::map<std::string, SessionStats> sessions;
    std::map<std::string, std::string> model_provider;  // model -> provider shown
    std::set<std::string> unpriced_models;
    Attribution attribution;
    int64_t largest_request_tokens = 0;
    std::string largest_request_session;
    std::string largest_request_model;
    // Sum over sessions of (last - first prompt) / sum of (turns - 1).
    double prompt_growth_per_turn = 0;
};

// "2026-11-21" (UTC) for a Unix ms time; "unknown" for 0.
std::string day_of(int64_t time_ms);
// "2026-11" (UTC); "unknown" for 0.
std::string month_of(int64_t time_ms);

// The provider a record is shown under: its own, else the config model's provider, else the
// source's (claude: anthropic, codex: openai, gemini: gemini), else "unknown".
std::string provider_of(const UsageRecord& record, const config::Config& config);

// The cost of one record: the ledger's recorded cost first; otherwise the price table (the
// Claude placeholder model "<synthetic>" costs 0), then a cost the log recorded; nullopt when
// unpriced.
std::optional<double> cost_of_record(const UsageRecord& record, const PriceTable& prices);

// Sums `records` into a Summary, pricing each with cost_of_record and showing it under
// provider_of; records without a model or session are counted under "unknown".
Summary summarise(const std::vector<UsageRecord>& records, const PriceTable& prices,
                  const config::Config& config);

}  // namespace lifeline::budget
