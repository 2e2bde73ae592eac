// OpenRouter's errors, {"error": {"code", "message", "metadata"}, "user_id"}: the metadata
// carries rate-limit headers, moderation reasons or the upstream provider's raw error.
#include <nlohmann/json.hpp>

#include "error_bodies_detail.hpp"

namespace provider_sim::detail {

using lifeline::FailureClass;

namespace {

// The upstream's rate-limit headers as OpenRouter relays them; the reset is in unix ms.
json rate_limit_metadata(const ResponseMeta& meta, Duration retry) {
    auto reset = lifeline::to_unix_ms(meta.now) + retry.count();
    return {{"headers",
             {{"X-RateLimit-Limit", "20"},
              {"X-RateLimit-Remaining", "0"},
              {"X-RateLimit-Reset", std::to_string(reset)}}}};
}

}  // namespace

json openrouter_error(const ErrorSpec& spec, int status, Duration retry, const ResponseMeta& meta) {
    const std::string model = spec.model.empty() ? "openai/gpt-5.5" : spec.model;
    json error = {{"code", status}};
    std::string text;
    switch (spec.failure_class) {
        case FailureClass::auth:
            text = spec.key_missing ? "No auth credentials found" : "User not found.";
            break;
        case FailureClass::rate_limited:
            text = "Rate limit exceeded: limit_rpm/" + model + ". ";
            error["metadata"] = rate_limit_metadata(meta, retry);
            break;
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
