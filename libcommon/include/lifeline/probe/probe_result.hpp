#pragma once
// One probe's outcome as the status document reports it, and the verdict on it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <lifeline/classify/failure_class.hpp>
#include <lifeline/http/transport.hpp>
#include <lifeline/probe/condition.hpp>
#include <lifeline/probe/probe_kind.hpp>
#include <lifeline/provider/generation.hpp>
#include <lifeline/util/duration.hpp>

namespace lifeline::probe {

// healthy: answered as asked and met every condition. degraded: the provider is reachable
// and the key works, but it is throttled right now (rate_limited, overloaded); it is not
// counted as healthy. unhealthy: anything else.
enum class Health { healthy, degraded, unhealthy };

// "healthy", "degraded", "unhealthy".
const char* to_string(Health health);

struct ProbeResult {
    std::string target;    // Target::name
    std::string provider;  // provider name in the config
    std::string model;     // model name in the config; empty for auth/key on a provider target
    ProbeKind probe = ProbeKind::auth;
    std::optional<lifeline::FailureClass> failure;  // nullopt: the probe succeeded
    std::string provider_code;                      // the provider's error id, when it sent one
    int http_status = 0;                            // 0: no HTTP response
    std::optional<http::HttpTiming> latency;        // nullopt: no request was sent
    std::optional<double> ttft_ms;                  // stream probes that produced output
    std::optional<int64_t> rate_limit_remaining;    // requests left in the window
    std::optional<int64_t> rate_limit_remaining_tokens;
    std::optional<lifeline::Duration> rate_limit_reset;
    std::optional<lifeline::Duration> retry_after;
    std::string request_id;                  // x-request-id / request-id header, else the body's id
    std::string message;                     // one line; redacted when written
    bool credit_known = false;               // a key probe read OpenRouter's key limits
    std::optional<double> credit_remaining;  // ... and this is left; nullopt = unlimited
    std::optional<lifeline::provider::Usage> usage;  // tokens the provider reported
    int64_t estimated_tokens = 0;                    // what this probe cost (or likely cost)
    bool tokens_reported = false;                    // estimated_tokens came from usage
    std::vector<std::string> unmet_conditions;       // texts of the conditions that failed

    // "ok" or the failure class id.
    std::string class_id() const;
    Health health() const;
    // The value of a condition field (condition_fields()); nullopt when this result has none.
    std::optional<FieldValue> field(const std::string& name) const;
    // The JSON object of data.results[]. Not redacted (the status sink redacts).
    nlohmann::json to_json() const;
};

// Evaluates `conditions` on `result`, recording the texts of those that are false in
// result.unmet_conditions. Conditions naming a field the result lacks do not apply.
void apply_conditions(ProbeResult& result, const std::vector<Condition>& conditions);

}  // namespace lifeline::probe
