// OpenAI's error bodies, {"error": {"message", "type", "param", "code"}}, with the messages
// and codes OpenAI sends for each failure class.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "error_bodies_detail.hpp"

namespace provider_sim {

using lifeline::FailureClass;

namespace {

std::string seconds_text(Duration duration) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3gs", static_cast<double>(duration.count()) / 1000.0);
    return buffer;
}

const char* openai_type(FailureClass failure_class) {
    switch (failure_class) {
        case FailureClass::rate_limited:
            return "tokens";
        case FailureClass::quota_exhausted:
            return "insufficient_quota";
        case FailureClass::region_blocked:
            return "request_forbidden";
        case FailureClass::overloaded:
        case FailureClass::server_error:
        case FailureClass::timeout:
        case FailureClass::stream_broken:
            return "server_error";
        default:
            return "invalid_request_error";
    }
}

}  // namespace

std::string openai_error_code(FailureClass failure_class) {
    switch (failure_class) {
        case FailureClass::auth:
            return "invalid_api_key";
        case FailureClass::rate_limited:
            return "rate_limit_exceeded";
        case FailureClass::quota_exhausted:
            return "insufficient_quota";
        case FailureClass::region_blocked:
            return "unsupported_country_region_territory";
        case FailureClass::context_exceeded:
            return "context_length_exceeded";
        case FailureClass::model_not_found:
            return "model_not_found";
        case FailureClass::content_filtered:
            return "content_policy_violation";
        default:
            return {};
    }
}

namespace detail {

std::string openai_message(const ErrorSpec& spec, Duration retry) {
    const std::string model = spec.model.empty() ? "gpt-5.5" : spec.model;
    switch (spec.failure_class) {
        case FailureClass::auth:
            return spec.key_missing
                       ? "You didn't provide an API key. You need to provide your API key in an "
                         "Authorization header using Bearer auth (i.e. Authorization: Bearer "
                         "YOUR_KEY), or as the password field (with blank username) if you're "
                         "accessing the API from your browser and are prompted for a username "
                         "and password. You can obtain an API key from "
                         "https://platform.openai.com/account/api-keys."
                       : "Incorrect API key provided: sk-****. You can find your API key at "
                         "https://platform.openai.com/account/api-keys.";
        case FailureClass::rate_limited:
            return "Rate limit reached for " + model +
                   " in organization org-providersim on tokens per min (TPM): Limit 30000, "
                   "Used 29842, Requested 1203. Please try again in " +
                   seconds_text(retry) +
                   ". Visit https://platform.openai.com/account/rate-limits to learn more.";
        case FailureClass::quota_exhausted:
            return "You exceeded your current quota, please check your plan and billing "
                   "details. For more information on this error, read the docs: "
                   "https://platform.openai.com/docs/guides/error-codes/api-errors.";
        case FailureClass::overloaded:
            return "The engine is currently overloaded, please try again later.";
        case FailureClass::region_blocked:
            return "Country, region, or territory not supported";
        case FailureClass::permission:
            return "Project `proj_providersim` does not have access to model `" + model + "`";
        case FailureClass::context_exceeded:
            return "This model's maximum context length is 128000 tokens. However, your "
                   "messages resulted in 130512 tokens. Please reduce the length of the "
                   "messages.";
        case FailureClass::model_not_found:
            return "The model `" + model + "` does not exist or you do not have access to it.";
        case FailureClass::content_filtered:
            return "Your request was rejected as a result of our safety system. Your prompt may "
                   "contain text that is not allowed by our safety system.";
        case FailureClass::bad_request:
            return "We could not parse the JSON body of your request. (HINT: This likely means "
                   "you aren't using your HTTP library correctly.)";
        default:
            return "The server had an error while processing your request. Sorry about that!";
    }
}

json openai_error(const ErrorSpec& spec, Duration retry) {
    std::string code = openai_error_code(spec.failure_class);
    json param = nullptr;
    if (spec.failure_class == FailureClass::context_exceeded) {
        param = "messages";
    }
    return {{"error",
             {{"message", spec.message.empty() ? openai_message(spec, retry) : spec.message},
              {"type", openai_type(spec.failure_class)},
              {"param", param},
              {"code", code.empty() ? json(nullptr) : json(code)}}}};
}

}  // namespace detail

}  // namespace provider_sim
