#include "reservation.hpp"

#include <algorithm>

#include <lifeline/util/strings.hpp>

namespace lifeline::budget {

const std::vector<std::string>& reservable_limits() {
    static const std::vector<std::string> names = {"session_tokens", "cost_session", "cost_daily",
                                                   "cost_monthly"};
    return names;
}

Result<state::BudgetLimit> store_limit(std::string_view name, const LimitSettings& limits,
                                       const std::optional<std::string>& session) {
    std::string key(name);
    std::replace(key.begin(), key.end(), '-', '_');
    const auto& names = reservable_limits();
    if (std::find(names.begin(), names.end(), key) == names.end()) {
        std::string message = "--limit: unknown limit \"" + std::string(name) + "\"";
        const std::string guess = closest_match(key, names);
        if (!guess.empty())
            message += " (did you mean \"" + guess + "\"?)";
        return fail(ErrorCode::invalid_input, message + "; known: " + join(names, ", "));
    }
    auto not_configured = [&](const char* flag) {
        return fail(ErrorCode::invalid_input,
                    "--limit " + key + ": no limit is set (config budget: or " + flag + ")");
    };
    auto need_session = [&]() -> Status {
        if (!session || session->empty())
            return fail(ErrorCode::invalid_input, "--limit " + key + " needs --session ID");
        return {};
    };
    state::BudgetLimit limit;
    if (key == "session_tokens") {
        if (!limits.session_tokens)
            return not_configured("--session-tokens");
        LIFELINE_TRY_VOID(need_session());
        limit = {"tokens:session:" + *session, static_cast<double>(*limits.session_tokens),
                 Duration{0}};
    } else if (key == "cost_session") {
        if (!limits.cost_session)
            return not_configured("--cost-session");
        LIFELINE_TRY_VOID(need_session());
        limit = {"cost_usd:session:" + *session, *limits.cost_session, Duration{0}};
    } else if (key == "cost_daily") {
        if (!limits.cost_daily)
            return not_configured("--cost-daily");
        limit = {"cost_usd:daily", *limits.cost_daily, Duration{24LL * 3600 * 1000}};
    } else {
        if (!limits.cost_monthly)
            return not_configured("--cost-monthly");
        limit = {"cost_usd:monthly", *limits.cost_monthly, Duration{30LL * 24 * 3600 * 1000}};
    }
    return limit;
}

}  // namespace lifeline::budget
