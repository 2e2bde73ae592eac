// Gemini's google.rpc.Status errors, {"error": {"code", "message", "status", "details"}}, with
// the ErrorInfo, QuotaFailure and RetryInfo details Gemini attaches.
#include <nlohmann/json.hpp>

#include "error_bodies_detail.hpp"

namespace provider_sim::detail {

using lifeline::FailureClass;

namespace {

// The parts of a google.rpc.Status that depend on the failure class.
struct RpcError {
    std::string text;
    std::string rpc_status;
    json details = json::array();
};

// A missing key is PERMISSION_DENIED without details; a wrong one INVALID_ARGUMENT with
// ErrorInfo API_KEY_INVALID.
RpcError auth_error(const ErrorSpec& spec) {
    if (spec.key_missing) {
        return {
            "Method doesn't allow unregistered callers (callers without established "
            "identity). Please use API Key or other form of API consumer identity "
            "to call this API.",
            "PERMISSION_DENIED"};
    }
    RpcError error{"API key not valid. Please pass a valid API key.", "INVALID_ARGUMENT"};
    error.details.push_back({{"@type", "type.googleapis.com/google.rpc.ErrorInfo"},
                             {"reason", "API_KEY_INVALID"},
                             {"domain", "googleapis.com"},
                             {"metadata", {{"service", "generativelanguage.googleapis.com"}}}});
    return error;
}

// RESOURCE_EXHAUSTED with a QuotaFailure naming the free-tier daily quota (quota_exhausted) or
// the per-minute token quota (rate_limited, which also carries a RetryInfo).
RpcError quota_error(const ErrorSpec& spec, const std::string& model, Duration retry) {
    const bool daily = spec.failure_class == FailureClass::quota_exhausted;
    RpcError error{
        "You exceeded your current quota, please check your plan and billing "
        "details. For more information on this error, head to: "
        "https://ai.google.dev/gemini-api/docs/rate-limits.",
        "RESOURCE_EXHAUSTED"};
    error.details.push_back(
        {{"@type", "type.googleapis.com/google.rpc.QuotaFailure"},
         {"violations",
          {{{"quotaMetric",
             daily ? "generativelanguage.googleapis.com/generate_content_free_tier_requests"
                   : "generativelanguage.googleapis.com/"
                     "generate_content_paid_tier_input_token_count"},
            {"quotaId", daily ? "GenerateRequestsPerDayPerProjectPerModel-FreeTier"
                              : "GenerateContentPaidTierInputTokensPerModelPerMinute"},
            {"quotaDimensions", {{"location", "global"}, {"model", model}}}}}}});
    if (spec.failure_class == FailureClass::rate_limited) {
        error.details.push_back({{"@type", "type.googleapis.com/google.rpc.RetryInfo"},
                                 {"retryDelay", retry_after_seconds(retry) + "s"}});
    }
    return error;
}

RpcError rpc_error(const ErrorSpec& spec, const std::string& model, int status, Duration retry) {
    switch (spec.failure_class) {
        case FailureClass::auth:
            return auth_error(spec);
        case FailureClass::rate_limited:
        case FailureClass::quota_exhausted:
            return quota_error(spec, model, retry);
        case FailureClass::overloaded:
            return {"The model is overloaded. Please try again later.", "UNAVAILABLE"};
        case FailureClass::region_blocked:
            return {"User location is not supported for the API use.", "FAILED_PRECONDITION"};
        case FailureClass::permission:
            return {"The caller does not have permission", "PERMISSION_DENIED"};
        case FailureClass::context_exceeded:
            return {
                "The input token count (1200000) exceeds the maximum number of tokens "
                "allowed (1048576).",
                "INVALID_ARGUMENT"};
        case FailureClass::model_not_found:
            return {"models/" + model +
                        " is not found for API version v1beta, or is not supported for "
                        "generateContent. Call ListModels to see the list of available models "
                        "and their supported methods.",
                    "NOT_FOUND"};
        case FailureClass::bad_request:
        case FailureClass::content_filtered:
            return {"Invalid JSON payload received.", "INVALID_ARGUMENT"};
        default:
            return {
                "An internal error has occurred. Please retry or report in "
                "https://developers.generativeai.google/guide/troubleshooting",
                status == 504 ? "DEADLINE_EXCEEDED" : "INTERNAL"};
    }
}

}  // namespace

json gemini_error(const ErrorSpec& spec, int status, Duration retry) {
    const std::string model = spec.model.empty() ? "gemini-3-1-pro" : spec.model;
    const RpcError rpc = rpc_error(spec, model, status, retry);
    json error = {{"code", status},
                  {"message", spec.message.empty() ? rpc.text : spec.message},
                  {"status", rpc.rpc_status}};
    if (!rpc.details.empty()) {
        error["details"] = rpc.details;
    }
    return {{"error", error}};
}

}  // namespace provider_sim::detail
