#pragma once
// budget-check's validate step: the flags and lifeline.yaml turned into what a run will do,
// every flag checked before a source is read or the store is touched.

#include <optional>

#include <lifeline/config/model.hpp>
#include <lifeline/state/budget.hpp>
#include <lifeline/util/result.hpp>
#include <lifeline/util/time.hpp>

#include "budget_check.hpp"
#include "limits.hpp"
#include "price_table.hpp"
#include "sources.hpp"

namespace lifeline::budget {

// --reserve N --limit NAME --hold D, resolved to the store's limit.
struct ReserveRequest {
    state::BudgetLimit limit;
    double amount = 0;
    Duration hold{0};
};

// What a run will do, every flag checked.
struct CheckPlan {
    SystemTime now{};      // the one instant --since/--until and the day/month limits refer to
    LimitSettings limits;  // config budget: overlaid by the flags, validated
    std::optional<ReserveRequest> reserve;  // set with --reserve
    RecordFilter filter;                    // --session, --run-id, --since, --until
    PriceTable prices;                      // shipped prices overlaid by the config's
    bool wants_ledger = false;              // --from-ledger, or no log source given
    bool needs_store = false;               // the ledger, or --reserve/--settle/--release
};

// Validates `options` against `config` at `now`. invalid_input naming the flag, checked in
// this order: the limits, --settle with --release, --reserve without --limit or negative,
// --hold, --limit (unknown, not configured, or a session limit without --session), --since,
// --until; then the shipped price table's own error.
Result<CheckPlan> plan_check(const Options& options, const config::Config& config, SystemTime now);

// RFC 3339, or a duration meaning "that long before `now`", as Unix ms. invalid_input naming
// `flag` for anything else.
Result<int64_t> parse_time_flag(const std::string& flag, const std::string& text, SystemTime now);

}  // namespace lifeline::budget
