#pragma once
// The usage ledger: one entry per attempt (run-with-failover appends, budget-check reads).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <lifeline/classify/failure_class.hpp>
#include <lifeline/util/time.hpp>

namespace lifeline::state {

// The provider of run-with-failover's own row for a step run through failover-proxy (the model
// is the lane): its vendor is "" and the proxy's rows for the step's requests carry the real
// ones.
inline constexpr std::string_view k_proxy_provider = "lifeline-proxy";

struct LedgerEntry {
    SystemTime time{};
    std::string run_id;
    std::string session;
    std::string lane;
    std::string provider;
    std::string model;
    // Who trained the model (config::vendor_of); "" = not recorded: rows written before the
    // vendor column, and run-with-failover's own row for a step run through failover-proxy
    // (the proxy's rows for the step's requests carry the vendors).
    std::string vendor;
    int attempt = 1;                      // 1-based across the whole chain
    std::optional<FailureClass> failure;  // nullopt: the attempt succeeded
    int64_t input_tokens = 0;
    int64_t output_tokens = 0;
    int64_t cached_tokens = 0;
    std::optional<double> cost_usd;  // nullopt: the model has no price in the config
    int64_t duration_ms = 0;
    bool is_retry = false;
    bool is_fallback = false;

    bool operator==(const LedgerEntry&) const = default;
};

// A filter; every field that is set must match. Times are a half-open window [since, until).
struct LedgerQuery {
    std::optional<std::string> session;
    std::optional<std::string> run_id;
    std::optional<std::string> model;
    std::optional<std::string> provider;
    std::optional<SystemTime> since;
    std::optional<SystemTime> until;
};

// True when `entry` passes every filter in `query`.
bool matches(const LedgerQuery& query, const LedgerEntry& entry);

struct LedgerTotals {
    int64_t entries = 0;
    int64_t failures = 0;
    int64_t retries = 0;
    int64_t fallbacks = 0;
    int64_t input_tokens = 0;
    int64_t output_tokens = 0;
    int64_t cached_tokens = 0;
    double cost_usd = 0.0;         // sum over the priced entries
    int64_t unpriced_entries = 0;  // entries without a cost (cost_usd is then a lower bound)
    int64_t duration_ms = 0;

    int64_t total_tokens() const { return input_tokens + output_tokens; }
};

enum class LedgerGroupBy { session, run_id, lane, provider, model, day };

// Sums `entries`. Pure.
LedgerTotals total_of(const std::vector<LedgerEntry>& entries);
// Sums `entries` per group key (day: "2026-11-21" in UTC). Pure.
std::map<std::string, LedgerTotals> group_totals(const std::vector<LedgerEntry>& entries,
                                                 LedgerGroupBy by);

}  // namespace lifeline::state
