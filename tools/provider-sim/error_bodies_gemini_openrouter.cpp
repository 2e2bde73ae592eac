// Gemini's google.rpc.Status errors (with ErrorInfo, QuotaFailure and RetryInfo details) and
// OpenRouter's {"error": {"code", "message", "metadata"}} errors.
#include <nlohmann/json.hpp>

#include "error_bodies_detail.hpp"

namespace provider_sim::detail {

using lifeline::FailureClass;

json gemini_error(const ErrorSpec& spec, int status, Duration retry) {
    const std::string model = spec.model.empty() ? "gemini-3-1-pro" : spec.model;
    std::string text;
    std::string rpc_status;
    json details = json::array();
    switch (spec.failure_class) {
        case FailureClass::auth:
            text = spec.key_missing
                       ? "Method doesn't allow unregistered callers (callers without established "
                         "identity). Please use API Key or other form of API consumer identity "
                         "to call this API."
                       : "API key not valid. Please pass a valid API key.";
            rpc_status = spec.key_missing ? "PERMISSION_DENIED" : "INVALID_ARGUMENT";
            if (!spec.key_missing) {
                details.push_back(
                    {{"@type", "type.googleapis.com/google.rpc.ErrorInfo"},
                     {"reason", "API_KEY_INVALID"},
                     {"domain", "googleapis.com"},
                     {"metadata", {{"service", "generativelanguage.googleapis.com"}}}});
            }
            break;
        case FailureClass::rate_limited:
        case FailureClass::quota_exhausted:
            text =
                "You exceeded your current quota, please check your plan and billing "
                "details. For more information on this error, head to: "
                "https://ai.google.dev/gemini-api/docs/rate-limits.";
            rpc_status = "RESOURCE_EXHAUSTED";
            details.push_back(
                {{"@type", "type.googleapis.com/google.rpc.QuotaFailure"},
                 {"violations",
                  {{{"quotaMetric",
                     spec.failure_class == FailureClass::quota_exhausted
                         ? "generativelanguage.googleapis.com/generate_content_free_tier_requests"
                         : "generativelanguage.googleapis.com/"
                           "generate_content_paid_tier_input_token_count"},
                    {"quotaId", spec.failure_class == FailureClass::quota_exhausted
                                    ? "GenerateRequestsPerDayPerProjectPerModel-FreeTier"
                                    : "GenerateContentPaidTierInputTokensPerModelPerMinute"},
                    {"quotaDimensions", {{"location", "global"}, {"model", model}}}}}}});
            if (spec.failure_class == FailureClass::rate_limited) {
                details.push_back({{"@type", "type.googleapis.com/google.rpc.RetryInfo"},
                                   {"retryDelay", retry_after_seconds(retry) + "s"}});
            }
            break;
        case FailureClass::overloaded:
            text = "The model is overloaded. Please try again later.";
            rpc_status = "UNAVAILABLE";
            break;
        case FailureClass::region_blocked:
            text = "User location is not supported for the API use.";
            rpc_status = "FAILED_PRECONDITION";
            break;
        case FailureClass::permission:
            text = "The caller does not have permission";
            rpc_status = "PERMISSION_DENIED";
            break;
        case FailureClass::context_exceeded:
            text =
                "The input token count (1200000) exceeds the maximum number of tokens "
                "allowed (1048576).";
            rpc_status = "INVALID_ARGUMENT";
            break;
        case FailureClass::model_not_found:
            text = "models/" + model +
                   " is not found for API version v1beta, or is not supported for "
                   "generateContent. Call ListModels to see the list of available models and "
                   "their supported methods.";
            rpc_status = "NOT_FOUND";
            break;
        case FailureClass::bad_request:
        case FailureClass::content_filtered:
            text = "Invalid JSON payload received.";
            rpc_status = "INVALID_ARGUMENT";
            break;
        default:
            text =
                "An internal error has occurred. Please retry or report in "
                "https://developers.generativeai.google/guide/troubleshooting";
            rpc_status = status == 504 ? "DEADLINE_EXCEEDED" : "INTERNAL";
            break;
    }
    json error = {{"code", status},
                  {"message", spec.message.empty() ? text : spec.message},
                  {"status", rpc_status}};
    if (!details.empty()) {
        error["details"] = details;
    }
    return {{"error", error}};
}

json openrouter_error(const ErrorSpec& spec, int status, Duration retry, const ResponseMeta& meta) {
    const std::string model = spec.model.empty() ? "openai/gpt-5.5" : spec.model;
    json error = {{"code", status}};
    std::string text;
    switch (spec.failure_class) {
        case FailureClass::auth:
            text = spec.key_missing ? "No auth credentials found" : "User not found.";
            break;
        case FailureClass::rate_limited: {
            text = "Rate limit exceeded: limit_rpm/" + model + ". ";
            auto reset = lifeline::to_unix_ms(meta.now) + retry.count();
            error["metadata"] = {{"headers",
                                  {{"X-RateLimit-Limit", "20"},
                                   {"X-RateLimit-Remaining", "0"},
                                   {"X-RateLimit-Reset", std::to_string(reset)}}}};
            break;
        }
        case FailureClass::quota_exhausted:
            text = "Insufficient credits. Add more using https://openrouter.ai/settings/credits";
            break;
        case FailureClass::region_blocked:
            text = "This model is not available in your region.";
            error["metadata"] = {{"provider_name", "OpenAI"}};
            break;
        case FailureClass::content_filtered:
            text = model +
                   " requires moderation on OpenAI. Your input was flagged for "
                   "\"violence\". No credits were charged.";
            error["metadata"] = {{"reasons", {"violence"}},
                                 {"flagged_input", "..."},
                                 {"provider_name", "OpenAI"},
                                 {"model_slug", model}};
            break;
        case FailureClass::context_exceeded:
            text =
                "This endpoint's maximum context length is 128000 tokens. However, you "
                "requested about 130512 tokens (129512 of text input, 1000 in the output). "
                "Please reduce the length of either one, or use the \"middle-out\" "
                "transform to compress your prompt automatically.";
            break;
        case FailureClass::model_not_found:
            text = model + " is not a valid model ID";
            break;
        case FailureClass::overloaded:
            text = "No instances available for " + model;
            break;
        case FailureClass::server_error:
            text = "Provider returned error";
            error["metadata"] = {
                {"raw",
                 "{\"error\":{\"message\":\"The server had an error while processing "
                 "your request.\",\"type\":\"server_error\"}}"},
                {"provider_name", "OpenAI"}};
            break;
        default:
            text = openai_message(spec, retry);
            break;
    }
    error["message"] = spec.message.empty() ? text : spec.message;
    return {{"error", error}, {"user_id", "user_providersim"}};
}

}  // namespace provider_sim::detail
