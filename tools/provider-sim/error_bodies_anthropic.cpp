// Anthropic's error bodies, {"type": "error", "error": {"type", "message"}, "request_id"},
// with the error types and messages Anthropic sends for each failure class.
#include <nlohmann/json.hpp>

#include "error_bodies_detail.hpp"

namespace provider_sim {

using lifeline::FailureClass;

namespace {

std::string anthropic_message(const ErrorSpec& spec) {
    switch (spec.failure_class) {
        case FailureClass::auth:
            return spec.key_missing ? "x-api-key header is required" : "invalid x-api-key";
        case FailureClass::rate_limited:
            return "This request would exceed the rate limit for your organization "
                   "(org-providersim) of 50,000 input tokens per minute. For details, refer "
                   "to: https://docs.claude.com/en/api/rate-limits. You can see the response "
                   "headers for current usage. Please reduce the prompt length or the maximum "
                   "tokens requested, or try again later.";
        case FailureClass::quota_exhausted:
            return "Your credit balance is too low to access the Anthropic API. Please go to "
                   "Plans & Billing to upgrade or purchase credits.";
        case FailureClass::overloaded:
            return "Overloaded";
        case FailureClass::region_blocked:
            return "Request not allowed: Anthropic's services are not available in your "
                   "country, region, or territory.";
        case FailureClass::permission:
            return "Your API key does not have permission to use the specified resource.";
        case FailureClass::context_exceeded:
            return "prompt is too long: 210417 tokens > 200000 maximum";
        case FailureClass::model_not_found:
            return "model: " + (spec.model.empty() ? std::string("claude-x") : spec.model);
        case FailureClass::content_filtered:
            return "Output blocked by content filtering policy";
        case FailureClass::bad_request:
            return "messages: field required";
        default:
            return "Internal server error";
    }
}

}  // namespace

const char* anthropic_error_type(FailureClass failure_class, int status) {
    switch (failure_class) {
        case FailureClass::auth:
            return "authentication_error";
        case FailureClass::rate_limited:
            return "rate_limit_error";
        case FailureClass::overloaded:
            return "overloaded_error";
        case FailureClass::region_blocked:
        case FailureClass::permission:
            return "permission_error";
        case FailureClass::model_not_found:
            return "not_found_error";
        case FailureClass::context_exceeded:
            return status == 413 ? "request_too_large" : "invalid_request_error";
        case FailureClass::quota_exhausted:
        case FailureClass::content_filtered:
        case FailureClass::bad_request:
            return "invalid_request_error";
        default:
            return status == 504 ? "timeout_error" : "api_error";
    }
}

namespace detail {

json anthropic_error(const ErrorSpec& spec, int status, const ResponseMeta& meta) {
    return {{"type", "error"},
            {"error",
             {{"type", anthropic_error_type(spec.failure_class, status)},
              {"message", spec.message.empty() ? anthropic_message(spec) : spec.message}}},
            {"request_id", meta.request_id}};
}

}  // namespace detail

}  // namespace provider_sim
