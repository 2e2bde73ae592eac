#include <cmath>

#include <lifeline/probe/probe_result.hpp>

namespace lifeline::probe {

using lifeline::FailureClass;
using nlohmann::json;

namespace {

// Curl reports microseconds; a tenth of a millisecond is all a person or an alert needs.
double rounded(double ms) {
    return std::round(ms * 10.0) / 10.0;
}

template <typename T>
json or_null(const std::optional<T>& value) {
    return value ? json(*value) : json(nullptr);
}

json ms_or_null(const std::optional<lifeline::Duration>& value) {
    return value ? json(value->count()) : json(nullptr);
}

}  // namespace

const char* to_string(Health health) {
    switch (health) {
        case Health::healthy:
            return "healthy";
        case Health::degraded:
            return "degraded";
        case Health::unhealthy:
            return "unhealthy";
    }
    return "unhealthy";
}

std::string ProbeResult::class_id() const {
    return failure ? lifeline::to_string(*failure) : "ok";
}

Health ProbeResult::health() const {
    if (failure == FailureClass::rate_limited || failure == FailureClass::overloaded)
        return Health::degraded;
    if (failure || !unmet_conditions.empty())
        return Health::unhealthy;
    return Health::healthy;
}

std::optional<FieldValue> ProbeResult::field(const std::string& name) const {
    const auto number = [](auto value) -> std::optional<FieldValue> {
        return FieldValue(static_cast<double>(value));
    };
    if (name == "class")
        return FieldValue(class_id());
    if (name == "http_status")
        return http_status != 0 ? number(http_status) : std::nullopt;
    if (name == "latency_ms" || name == "dns_ms" || name == "connect_ms" || name == "tls_ms" ||
        name == "ttfb_ms") {
        if (!latency)
            return std::nullopt;
        return number(name == "latency_ms"   ? latency->total_ms
                      : name == "dns_ms"     ? latency->dns_ms
                      : name == "connect_ms" ? latency->connect_ms
                      : name == "tls_ms"     ? latency->tls_ms
                                             : latency->ttfb_ms);
    }
    if (name == "ttft_ms")
        return ttft_ms ? number(*ttft_ms) : std::nullopt;
    if (name == "retry_after_ms")
        return retry_after ? number(retry_after->count()) : std::nullopt;
    if (name == "rate_limit_remaining")
        return rate_limit_remaining ? number(*rate_limit_remaining) : std::nullopt;
    if (name == "rate_limit_remaining_tokens")
        return rate_limit_remaining_tokens ? number(*rate_limit_remaining_tokens) : std::nullopt;
    if (name == "rate_limit_reset_ms")
        return rate_limit_reset ? number(rate_limit_reset->count()) : std::nullopt;
    if (name == "credit_remaining")
        return credit_known && credit_remaining ? number(*credit_remaining) : std::nullopt;
    if (name == "tokens")
        return needs_model(probe) && latency ? number(estimated_tokens) : std::nullopt;
    return std::nullopt;
}

json ProbeResult::to_json() const {
    json latency_json = nullptr;
    if (latency) {
        latency_json = {{"dns", rounded(latency->dns_ms)},
                        {"connect", rounded(latency->connect_ms)},
                        {"tls", rounded(latency->tls_ms)},
                        {"ttfb", rounded(latency->ttfb_ms)},
                        {"total", rounded(latency->total_ms)}};
    }
    json result = {
        {"target", target},
        {"provider", provider},
        {"model", model.empty() ? json(nullptr) : json(model)},
        {"probe", to_string(probe)},
        {"class", class_id()},
        {"health", to_string(health())},
        {"http_status", http_status != 0 ? json(http_status) : json(nullptr)},
        {"latency_ms", latency_json},
        {"ttft_ms", ttft_ms ? json(rounded(*ttft_ms)) : json(nullptr)},
        {"rate_limit",
         {{"remaining", or_null(rate_limit_remaining)},
          {"remaining_tokens", or_null(rate_limit_remaining_tokens)},
          {"reset_ms", ms_or_null(rate_limit_reset)}}},
        {"retry_after_ms", ms_or_null(retry_after)},
        {"request_id", request_id.empty() ? json(nullptr) : json(request_id)},
        {"message", message},
    };
    if (!provider_code.empty())
        result["provider_code"] = provider_code;
    if (credit_known)
        result["credit_remaining"] = or_null(credit_remaining);
    if (needs_model(probe) && latency) {
        result["tokens"] = {{"total", estimated_tokens},
                            {"basis", tokens_reported ? "reported" : "estimated"}};
    }
    if (!unmet_conditions.empty())
        result["conditions_failed"] = unmet_conditions;
    return result;
}

void apply_conditions(ProbeResult& result, const std::vector<Condition>& conditions) {
    for (const Condition& condition : conditions) {
        const auto verdict =
            condition.evaluate([&](const std::string& name) { return result.field(name); });
        if (verdict == false)
            result.unmet_conditions.push_back(condition.text());
    }
}

}  // namespace lifeline::probe
