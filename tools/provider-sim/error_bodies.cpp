#include "error_bodies.hpp"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "error_bodies_detail.hpp"

namespace provider_sim {

using lifeline::FailureClass;
using json = nlohmann::ordered_json;

namespace {

std::string seconds_text(Duration duration) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3gs", static_cast<double>(duration.count()) / 1000.0);
    return buffer;
}

}  // namespace

namespace detail {

std::string retry_after_seconds(Duration duration) {
    return std::to_string((duration.count() + 999) / 1000);
}

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

}  // namespace detail

namespace {

using detail::openai_message;
using detail::retry_after_seconds;

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

json azure_error(const ErrorSpec& spec, int status, Duration retry) {
    if (!spec.message.empty() || spec.failure_class == FailureClass::context_exceeded) {
        return openai_error(spec, retry);
    }
    switch (spec.failure_class) {
        case FailureClass::auth:
            return {{"error",
                     {{"code", "401"},
                      {"message",
                       "Access denied due to invalid subscription key or wrong API endpoint. "
                       "Make sure to provide a valid key for an active subscription and use a "
                       "correct regional API endpoint for your resource."}}}};
        case FailureClass::rate_limited:
        case FailureClass::quota_exhausted:
            return {{"error",
                     {{"code", "429"},
                      {"message",
                       "Requests to the ChatCompletions_Create Operation under Azure OpenAI API "
                       "version 2025-04-01-preview have exceeded token rate limit of your "
                       "current OpenAI S0 pricing tier. Please retry after " +
                           retry_after_seconds(retry) +
                           " seconds. Please go here: https://aka.ms/oai/quotaincrease if you "
                           "would like to further increase the default rate limit."}}}};
        case FailureClass::model_not_found:
            return {{"error",
                     {{"code", "DeploymentNotFound"},
                      {"message",
                       "The API deployment for this resource does not exist. If you created the "
                       "deployment within the last 5 minutes, please wait a moment and try "
                       "again."}}}};
        case FailureClass::content_filtered: {
            json safe = {{"filtered", false}, {"severity", "safe"}};
            return {{"error",
                     {{"message",
                       "The response was filtered due to the prompt triggering Azure OpenAI's "
                       "content management policy. Please modify your prompt and retry. To "
                       "learn more about our content filtering policies please read our "
                       "documentation: https://go.microsoft.com/fwlink/?linkid=2198766"},
                      {"type", nullptr},
                      {"param", "prompt"},
                      {"code", "content_filter"},
                      {"status", status},
                      {"innererror",
                       {{"code", "ResponsibleAIPolicyViolation"},
                        {"content_filter_result",
                         {{"hate", safe},
                          {"self_harm", safe},
                          {"sexual", safe},
                          {"violence", {{"filtered", true}, {"severity", "medium"}}}}}}}}}};
        }
        default:
            return openai_error(spec, retry);
    }
}

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

ErrorSpec make_spec(FailureClass failure_class, int status, std::string message) {
    ErrorSpec spec;
    spec.failure_class = failure_class;
    spec.status = status;
    spec.message = std::move(message);
    return spec;
}

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

int default_status(Family family, FailureClass failure_class) {
    switch (failure_class) {
        case FailureClass::auth:
            return (family == Family::gemini) ? 400 : 401;
        case FailureClass::region_blocked:
            return family == Family::gemini ? 400 : 403;
        case FailureClass::permission:
            return 403;
        case FailureClass::rate_limited:
            return 429;
        case FailureClass::quota_exhausted:
            return family == Family::openrouter ? 402 : family == Family::anthropic ? 400 : 429;
        case FailureClass::overloaded:
            return family == Family::anthropic ? 529 : 503;
        case FailureClass::timeout:
            return 504;
        case FailureClass::context_exceeded:
        case FailureClass::bad_request:
            return 400;
        case FailureClass::content_filtered:
            return family == Family::gemini ? 400 : family == Family::openrouter ? 403 : 400;
        case FailureClass::model_not_found:
            return family == Family::openrouter ? 400 : 404;
        default:
            return 500;
    }
}

int effective_status(Family family, const ErrorSpec& spec) {
    if (spec.status != 0) {
        return spec.status;
    }
    if (family == Family::gemini && spec.failure_class == FailureClass::auth && spec.key_missing) {
        return 403;
    }
    return default_status(family, spec.failure_class);
}

std::string error_body(Family family, const ErrorSpec& spec, const ResponseMeta& meta) {
    int status = effective_status(family, spec);
    Duration retry = spec.retry_after.value_or(Duration(2000));
    switch (family) {
        case Family::azure:
            return azure_error(spec, status, retry).dump();
        case Family::anthropic:
            return json{
                {"type", "error"},
                {"error",
                 {{"type", anthropic_error_type(spec.failure_class, status)},
                  {"message", spec.message.empty() ? anthropic_message(spec) : spec.message}}},
                {"request_id", meta.request_id}}
                .dump();
        case Family::gemini:
            return detail::gemini_error(spec, status, retry).dump();
        case Family::openrouter:
            return detail::openrouter_error(spec, status, retry, meta).dump();
        default:
            return openai_error(spec, retry).dump();
    }
}

}  // namespace provider_sim
