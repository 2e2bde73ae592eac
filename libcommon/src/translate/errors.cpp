// The error table. Statuses and shapes follow each API's documented errors; where a class has
// no exact counterpart the row picks what makes that client retry (transient) or stop.

#include <lifeline/translate/errors.hpp>

#include "json_border.hpp"

namespace lifeline::translate {

namespace {

using detail::Json;

struct Row {
    int status;
    const char* openai_type;
    const char* openai_code;
    const char* anthropic_type;
    const char* gemini_status;
};

Row row_for(FailureClass failure_class) {
    switch (failure_class) {
        case FailureClass::auth:
            return {401, "invalid_request_error", "invalid_api_key", "authentication_error",
                    "UNAUTHENTICATED"};
        case FailureClass::region_blocked:
            return {403, "invalid_request_error", "unsupported_country_region_territory",
                    "permission_error", "PERMISSION_DENIED"};
        case FailureClass::permission:
            return {403, "invalid_request_error", "permission_denied", "permission_error",
                    "PERMISSION_DENIED"};
        case FailureClass::rate_limited:
            return {429, "requests", "rate_limit_exceeded", "rate_limit_error",
                    "RESOURCE_EXHAUSTED"};
        case FailureClass::quota_exhausted:
        case FailureClass::budget_exceeded:
            return {429, "insufficient_quota", "insufficient_quota", "billing_error",
                    "RESOURCE_EXHAUSTED"};
        case FailureClass::overloaded:
            return {503, "server_error", "server_is_overloaded", "overloaded_error", "UNAVAILABLE"};
        case FailureClass::timeout:
            return {504, "server_error", "timeout", "timeout_error", "DEADLINE_EXCEEDED"};
        case FailureClass::network:
        case FailureClass::tls:
        case FailureClass::stream_broken:
            return {502, "server_error", "upstream_error", "api_error", "UNAVAILABLE"};
        case FailureClass::context_exceeded:
            return {400, "invalid_request_error", "context_length_exceeded",
                    "invalid_request_error", "INVALID_ARGUMENT"};
        case FailureClass::model_not_found:
            return {404, "invalid_request_error", "model_not_found", "not_found_error",
                    "NOT_FOUND"};
        case FailureClass::content_filtered:
            return {400, "invalid_request_error", "content_filter", "invalid_request_error",
                    "INVALID_ARGUMENT"};
        case FailureClass::bad_request:
            return {400, "invalid_request_error", "", "invalid_request_error", "INVALID_ARGUMENT"};
        case FailureClass::server_error:
        case FailureClass::task_failed:
            break;
    }
    return {500, "server_error", "server_error", "api_error", "INTERNAL"};
}

std::string client_message(Api client, FailureClass failure_class, std::string_view message) {
    std::string text(message);
    if (failure_class == FailureClass::context_exceeded) {
        // Clients match these words to start compaction.
        if (client == Api::messages && text.find("prompt is too long") == std::string::npos)
            return "prompt is too long: " + text;
        if (client == Api::gemini && text.find("input token count") == std::string::npos)
            return "The input token count exceeds the maximum number of tokens allowed. " + text;
    }
    if (text.empty())
        return std::string("upstream failure: ") + to_string(failure_class);
    return text;
}

}  // namespace

ClientError client_error(Api client, FailureClass failure_class, std::string_view message,
                         bool in_stream) {
    Row row = row_for(failure_class);
    ClientError error;
    error.status = row.status;
    error.message = client_message(client, failure_class, message);
    switch (client) {
        case Api::responses:
            // Codex retries 5xx but never a 429: a rate limit that will pass is a 503.
            if (failure_class == FailureClass::rate_limited)
                error.status = 503;
            error.type = row.openai_type;
            error.code = row.openai_code;
            break;
        case Api::chat:
            error.type = row.openai_type;
            error.code = row.openai_code;
            break;
        case Api::messages:
            error.type = row.anthropic_type;
            if (failure_class == FailureClass::overloaded)
                error.status = 529;
            if (failure_class == FailureClass::quota_exhausted ||
                failure_class == FailureClass::budget_exceeded)
                error.status = 402;
            // Claude Code retries an in-stream overloaded_error, not an api_error.
            if (in_stream && is_transient(failure_class) &&
                failure_class != FailureClass::rate_limited)
                error.type = "overloaded_error";
            break;
        case Api::gemini:
            error.type = row.gemini_status;
            break;
    }
    return error;
}

RenderedError render_error(Api client, FailureClass failure_class, std::string_view message,
                           std::optional<Duration> retry_after) {
    ClientError error = client_error(client, failure_class, message);
    RenderedError out;
    out.status = error.status;
    out.headers.emplace_back("content-type", "application/json");
    if (retry_after && is_transient(failure_class)) {
        int64_t seconds = (retry_after->count() + 999) / 1000;
        out.headers.emplace_back("retry-after", std::to_string(seconds < 0 ? 0 : seconds));
    }
    Json body;
    switch (client) {
        case Api::responses:
        case Api::chat:
            body = {{"error",
                     {{"message", error.message},
                      {"type", error.type},
                      {"param", nullptr},
                      {"code", error.code.empty() ? Json(nullptr) : Json(error.code)}}}};
            break;
        case Api::messages:
            body = {{"type", "error"},
                    {"error", {{"type", error.type}, {"message", error.message}}}};
            break;
        case Api::gemini:
            body = {{"error",
                     {{"code", error.status}, {"message", error.message}, {"status", error.type}}}};
            // Gemini tells an exhausted daily quota from a rate limit by its QuotaFailure;
            // Gemini CLI (and lifeline's classifier) stop retrying on a per-day quota.
            if (failure_class == FailureClass::quota_exhausted ||
                failure_class == FailureClass::budget_exceeded)
                body["error"]["details"] = {
                    {{"@type", "type.googleapis.com/google.rpc.QuotaFailure"},
                     {"violations", {{{"quotaId", "GenerateRequestsPerDayPerProjectPerModel"}}}}}};
            break;
    }
    out.body = detail::dump_json(body);
    return out;
}

}  // namespace lifeline::translate
