#pragma once
// The budget limits (config `budget:` overlaid by flags) and their verdict on a summary.
// A limit is crossed when used > limit (spending exactly the limit is within it); it warns
// from soft_threshold * limit.

#include <optional>
#include <string>
#include <vector>

#include <lifeline/config/model.hpp>
#include <lifeline/util/time.hpp>

#include "summary.hpp"

namespace lifeline::budget {

struct LimitSettings {
    std::optional<int64_t> session_tokens;           // tokens of any one session
    std::optional<int64_t> request_tokens;           // tokens of the largest single request
    std::optional<int64_t> max_turns;                // successful requests of any one session
    std::optional<int64_t> max_retries_per_request;  // retries within one ledger run
    std::optional<double> cost_session;              // USD of any one session
    std::optional<double> cost_daily;                // USD of the current UTC day
    std::optional<double> cost_monthly;              // USD of the current UTC month
    double soft_threshold = 0.8;

    bool any() const;
};

// config.budget with every flag that is set replacing its value.
LimitSettings merge_limits(const config::BudgetConfig& config, const LimitSettings& flags);

// Fails (invalid_input naming the flag) on a negative limit or a threshold outside (0, 1].
Status validate_limits(const LimitSettings& limits);

enum class LimitState { ok, warning, exceeded };

// "ok", "warning", "exceeded".
const char* to_string(LimitState state);

struct LimitResult {
    std::string name;   // session_tokens, request_tokens, max_turns, max_retries_per_request,
                        // cost_session, cost_daily, cost_monthly
    std::string unit;   // tokens, turns, retries, usd
    std::string scope;  // what was measured: a session id, a day, a month, a run id
    double used = 0;
    double limit = 0;
    double remaining = 0;  // max(0, limit - used)
    LimitState state = LimitState::ok;
    // Cost limits only: some usage in scope has no price, so `used` is a lower bound.
    bool lower_bound = false;

    // "cost_daily: 51.20 of 50 usd (2026-11-21)" for messages.
    std::string describe() const;
};

// Every configured limit measured on `summary`. Per-session limits take the worst session
// (or `session` when given); daily and monthly cost take the UTC day and month of `now`.
std::vector<LimitResult> evaluate_limits(const LimitSettings& limits, const Summary& summary,
                                         SystemTime now, const std::optional<std::string>& session);

}  // namespace lifeline::budget
