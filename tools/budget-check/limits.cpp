#include "limits.hpp"

#include <algorithm>
#include <cstdio>

namespace lifeline::budget {
namespace {

std::string format_amount(double value, const std::string& unit) {
    char text[64];
    if (unit == "usd")
        std::snprintf(text, sizeof text, "%.2f", value);
    else
        std::snprintf(text, sizeof text, "%.0f", value);
    return text;
}

LimitResult measure(std::string name, std::string unit, std::string scope, double used,
                    double limit, double soft) {
    LimitResult result;
    result.name = std::move(name);
    result.unit = std::move(unit);
    result.scope = std::move(scope);
    result.used = used;
    result.limit = limit;
    result.remaining = std::max(0.0, limit - used);
    if (used > limit)
        result.state = LimitState::exceeded;
    else if (used >= soft * limit && used > 0)
        result.state = LimitState::warning;
    return result;
}

// The session a per-session limit is judged on: the one asked for, else the largest by `key`.
template <typename Map, typename Key>
std::optional<typename Map::const_iterator> pick_session(const Map& map,
                                                         const std::optional<std::string>& session,
                                                         Key key) {
    if (session) {
        const auto it = map.find(*session);
        if (it == map.end())
            return std::nullopt;
        return it;
    }
    if (map.empty())
        return std::nullopt;
    return std::max_element(map.begin(), map.end(), [&](const auto& a, const auto& b) {
        return key(a.second) < key(b.second);
    });
}

}  // namespace

bool LimitSettings::any() const {
    return session_tokens || request_tokens || max_turns || max_retries_per_request ||
           cost_session || cost_daily || cost_monthly;
}

LimitSettings merge_limits(const config::BudgetConfig& config, const LimitSettings& flags) {
    LimitSettings merged;
    merged.session_tokens = flags.session_tokens ? flags.session_tokens : config.session_tokens;
    merged.request_tokens = flags.request_tokens ? flags.request_tokens : config.request_tokens;
    merged.max_turns =
        flags.max_turns ? flags.max_turns
                        : (config.max_agent_turns ? std::optional<int64_t>(*config.max_agent_turns)
                                                  : std::nullopt);
    merged.max_retries_per_request =
        flags.max_retries_per_request
            ? flags.max_retries_per_request
            : (config.max_retries_per_request
                   ? std::optional<int64_t>(*config.max_retries_per_request)
                   : std::nullopt);
    merged.cost_session = flags.cost_session ? flags.cost_session : config.cost_usd.session;
    merged.cost_daily = flags.cost_daily ? flags.cost_daily : config.cost_usd.daily;
    merged.cost_monthly = flags.cost_monthly ? flags.cost_monthly : config.cost_usd.monthly;
    merged.soft_threshold = flags.soft_threshold;
    return merged;
}

Status validate_limits(const LimitSettings& limits) {
    auto check = [](const auto& value, const char* flag) -> Status {
        if (value && *value < 0)
            return fail(ErrorCode::invalid_input, std::string(flag) + " must not be negative");
        return {};
    };
    LIFELINE_TRY_VOID(check(limits.session_tokens, "--session-tokens"));
    LIFELINE_TRY_VOID(check(limits.request_tokens, "--request-tokens"));
    LIFELINE_TRY_VOID(check(limits.max_turns, "--max-turns"));
    LIFELINE_TRY_VOID(check(limits.max_retries_per_request, "--max-retries-per-request"));
    LIFELINE_TRY_VOID(check(limits.cost_session, "--cost-session"));
    LIFELINE_TRY_VOID(check(limits.cost_daily, "--cost-daily"));
    LIFELINE_TRY_VOID(check(limits.cost_monthly, "--cost-monthly"));
    if (!(limits.soft_threshold > 0 && limits.soft_threshold <= 1))
        return fail(ErrorCode::invalid_input, "--soft-threshold must be in (0, 1]");
    return {};
}

const char* to_string(LimitState state) {
    switch (state) {
        case LimitState::ok:
            return "ok";
        case LimitState::warning:
            return "warning";
        case LimitState::exceeded:
            return "exceeded";
    }
    return "ok";
}

std::string LimitResult::describe() const {
    std::string text =
        name + ": " + format_amount(used, unit) + " of " + format_amount(limit, unit) + " " + unit;
    if (!scope.empty())
        text += " (" + scope + ")";
    if (lower_bound)
        text += ", at least: some usage is unpriced";
    return text;
}

std::vector<LimitResult> evaluate_limits(const LimitSettings& limits, const Summary& summary,
                                         SystemTime now,
                                         const std::optional<std::string>& session) {
    std::vector<LimitResult> results;
    const double soft = limits.soft_threshold;
    auto as_double = [](int64_t v) { return static_cast<double>(v); };

    if (limits.session_tokens) {
        const auto it = pick_session(summary.by_session, session,
                                     [](const Bucket& b) { return b.tokens.total(); });
        results.push_back(measure("session_tokens", "tokens", it ? (*it)->first : "",
                                  it ? as_double((*it)->second.tokens.total()) : 0,
                                  as_double(*limits.session_tokens), soft));
    }
    if (limits.request_tokens) {
        results.push_back(measure("request_tokens", "tokens", summary.largest_request_session,
                                  as_double(summary.largest_request_tokens),
                                  as_double(*limits.request_tokens), soft));
    }
    if (limits.max_turns) {
        const auto it =
            pick_session(summary.sessions, session, [](const SessionStats& s) { return s.turns; });
        results.push_back(measure("max_turns", "turns", it ? (*it)->first : "",
                                  it ? as_double((*it)->second.turns) : 0,
                                  as_double(*limits.max_turns), soft));
    }
    if (limits.max_retries_per_request) {
        results.push_back(measure("max_retries_per_request", "retries",
                                  summary.attribution.max_retries_run,
                                  as_double(summary.attribution.max_retries_in_run),
                                  as_double(*limits.max_retries_per_request), soft));
    }
    auto cost_limit = [&](const char* name, const std::string& scope, const Bucket* bucket,
                          double limit) {
        LimitResult result =
            measure(name, "usd", scope, bucket ? bucket->cost_usd : 0, limit, soft);
        result.lower_bound = bucket && bucket->unpriced_requests > 0;
        results.push_back(std::move(result));
    };
    if (limits.cost_session) {
        const auto it =
            pick_session(summary.by_session, session, [](const Bucket& b) { return b.cost_usd; });
        cost_limit("cost_session", it ? (*it)->first : "", it ? &(*it)->second : nullptr,
                   *limits.cost_session);
    }
    const int64_t now_ms = to_unix_ms(now);
    if (limits.cost_daily) {
        const std::string day = day_of(now_ms);
        const auto it = summary.by_day.find(day);
        cost_limit("cost_daily", day, it == summary.by_day.end() ? nullptr : &it->second,
                   *limits.cost_daily);
    }
    if (limits.cost_monthly) {
        const std::string month = month_of(now_ms);
        const auto it = summary.by_month.find(month);
        cost_limit("cost_monthly", month, it == summary.by_month.end() ? nullptr : &it->second,
                   *limits.cost_monthly);
    }
    return results;
}

}  // namespace lifeline::budget
