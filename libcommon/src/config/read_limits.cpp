#include <limits>

#include "sections.hpp"

namespace lifeline::config::detail {
namespace {

const std::vector<std::string> k_retry_fixed_keys = {"max_attempts", "deadline", "backoff",
                                                     "max_wait"};
const std::vector<std::string> k_backoff_keys = {"initial", "max", "multiplier"};
const std::vector<std::string> k_class_keys = {"retries", "then", "max_wait"};
const std::vector<std::string> k_budget_keys = {"session_tokens",  "request_tokens",
                                                "max_agent_turns", "max_retries_per_request",
                                                "cost_usd",        "soft_threshold"};
const std::vector<std::string> k_cost_keys = {"session", "daily", "monthly"};
const std::vector<std::string> k_circuit_keys = {"consecutive_failures", "failure_rate", "window",
                                                 "min_calls", "cooldown"};

constexpr int64_t k_max_int = std::numeric_limits<int>::max();
constexpr int64_t k_max_tokens = std::numeric_limits<int64_t>::max() / 4;

Result<int> read_int(const YamlNode& node, int64_t min) {
    return static_cast<int>(LIFELINE_TRY(read_int_in(node, min, k_max_int)));
}

Status read_backoff(const YamlNode& node, BackoffConfig& backoff) {
    LIFELINE_TRY_VOID(node.check_keys(k_backoff_keys));
    if (const auto initial = node.get("initial"))
        backoff.initial = LIFELINE_TRY(read_positive_duration(*initial));
    if (const auto max = node.get("max"))
        backoff.max = LIFELINE_TRY(read_positive_duration(*max));
    if (const auto multiplier = node.get("multiplier")) {
        backoff.multiplier = LIFELINE_TRY(multiplier->as_double());
        if (backoff.multiplier < 1.0)
            return fail(multiplier->error("must be at least 1 (1 = constant backoff)"));
    }
    if (backoff.initial > backoff.max) {
        return fail(node.error("initial (" + format_duration(backoff.initial) +
                               ") is longer than max (" + format_duration(backoff.max) + ")"));
    }
    return {};
}

Result<ClassRetryConfig> read_class(const YamlNode& node) {
    LIFELINE_TRY_VOID(node.check_keys(k_class_keys));
    ClassRetryConfig out;
    if (const auto retries = node.get("retries"))
        out.retries = LIFELINE_TRY(read_int_in(*retries, 0, 100));
    if (const auto then = node.get("then")) {
        const std::string text = LIFELINE_TRY(then->as_string());
        if (text == "fallback")
            out.then = ClassRetryConfig::Then::fallback;
        else if (text == "stop")
            out.then = ClassRetryConfig::Then::stop;
        else
            return fail(unknown_name(*then, "action", text, {"fallback", "stop"}));
    }
    if (const auto max_wait = node.get("max_wait"))
        out.max_wait = LIFELINE_TRY(max_wait->as_duration());
    return out;
}

}  // namespace

Status read_retry(const YamlNode& node, RetryConfig& retry) {
    std::vector<std::string> allowed = k_retry_fixed_keys;
    for (const std::string& id : all_failure_class_ids())
        allowed.push_back(id);
    LIFELINE_TRY_VOID(node.check_keys(allowed));
    if (const auto max_attempts = node.get("max_attempts"))
        retry.max_attempts = LIFELINE_TRY(read_int(*max_attempts, 1));
    if (const auto deadline = node.get("deadline"))
        retry.deadline = LIFELINE_TRY(read_positive_duration(*deadline));
    if (const auto backoff = node.get("backoff"))
        LIFELINE_TRY_VOID(read_backoff(*backoff, retry.backoff));
    if (const auto max_wait = node.get("max_wait"))
        retry.max_wait = LIFELINE_TRY(max_wait->as_duration());
    for (const YamlNode::Entry& entry : LIFELINE_TRY(node.entries())) {
        const auto failure_class = parse_failure_class(entry.key);
        if (!failure_class || entry.value.is_null())
            continue;
        retry.classes[*failure_class] = LIFELINE_TRY(read_class(entry.value));
    }
    return {};
}

Status read_budget(const YamlNode& node, BudgetConfig& budget) {
    LIFELINE_TRY_VOID(node.check_keys(k_budget_keys));
    if (const auto tokens = node.get("session_tokens"))
        budget.session_tokens = LIFELINE_TRY(read_int_in(*tokens, 0, k_max_tokens));
    if (const auto tokens = node.get("request_tokens"))
        budget.request_tokens = LIFELINE_TRY(read_int_in(*tokens, 0, k_max_tokens));
    if (const auto turns = node.get("max_agent_turns"))
        budget.max_agent_turns = LIFELINE_TRY(read_int(*turns, 0));
    if (const auto retries = node.get("max_retries_per_request"))
        budget.max_retries_per_request = LIFELINE_TRY(read_int(*retries, 0));
    if (const auto cost = node.get("cost_usd")) {
        LIFELINE_TRY_VOID(cost->check_keys(k_cost_keys));
        if (const auto session = cost->get("session"))
            budget.cost_usd.session = LIFELINE_TRY(read_non_negative(*session));
        if (const auto daily = cost->get("daily"))
            budget.cost_usd.daily = LIFELINE_TRY(read_non_negative(*daily));
        if (const auto monthly = cost->get("monthly"))
            budget.cost_usd.monthly = LIFELINE_TRY(read_non_negative(*monthly));
    }
    if (const auto soft = node.get("soft_threshold"))
        budget.soft_threshold = LIFELINE_TRY(read_fraction(*soft));
    return {};
}

Status read_circuit(const YamlNode& node, CircuitConfig& circuit) {
    LIFELINE_TRY_VOID(node.check_keys(k_circuit_keys));
    if (const auto failures = node.get("consecutive_failures"))
        circuit.consecutive_failures = LIFELINE_TRY(read_int(*failures, 1));
    if (const auto rate = node.get("failure_rate"))
        circuit.failure_rate = LIFELINE_TRY(read_fraction(*rate));
    if (const auto window = node.get("window"))
        circuit.window = LIFELINE_TRY(read_positive_duration(*window));
    if (const auto min_calls = node.get("min_calls"))
        circuit.min_calls = LIFELINE_TRY(read_int(*min_calls, 1));
    if (const auto cooldown = node.get("cooldown"))
        circuit.cooldown = LIFELINE_TRY(read_positive_duration(*cooldown));
    return {};
}

}  // namespace lifeline::config::detail
