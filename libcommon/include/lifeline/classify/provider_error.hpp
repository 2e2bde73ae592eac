#pragma once
// The error object of an LLM provider, normalised across the shapes they send:
//   OpenAI / Azure:  {"error": {"message", "type", "param", "code", "innererror"?}}
//   Anthropic:       {"type": "error", "error": {"type", "message"}, "request_id"}
//   Gemini:          {"error": {"code", "message", "status", "details": [...]}} (or [that])
//   OpenRouter:      {"error": {"code": 402, "message", "metadata": {"raw", "provider_name"}}}
//   Responses API:   {"type": "error", "code", "message", "param"} and
//                    {"type": "response.failed", "response": {"error": {"code", "message"}}}

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <lifeline/util/duration.hpp>

namespace lifeline {

struct ProviderError {
    // Numeric error.code / error.status (Gemini, OpenRouter, Azure "429"); 0 when absent.
    int numeric_code = 0;
    // String error.code (OpenAI "insufficient_quota", Azure "DeploymentNotFound"); may be empty.
    std::string code;
    // error.type (OpenAI "invalid_request_error", Anthropic "overloaded_error"); may be empty.
    std::string type;
    // Gemini's google.rpc status name ("RESOURCE_EXHAUSTED"); may be empty.
    std::string status;
    // error.message as sent (may span lines).
    std::string message;
    // Azure innererror.code ("ResponsibleAIPolicyViolation"); may be empty.
    std::string inner_code;
    // Gemini google.rpc.ErrorInfo reason ("API_KEY_INVALID"); may be empty.
    std::string info_reason;
    // Gemini google.rpc.QuotaFailure violations: quotaId (or quotaMetric) of each.
    std::vector<std::string> quota_ids;
    // Gemini google.rpc.RetryInfo retryDelay ("30s"); nullopt when absent or unparsable.
    std::optional<Duration> retry_delay;
    // OpenRouter error.metadata.provider_name; may be empty.
    std::string upstream_provider;
    // OpenRouter error.metadata.raw when it is plain text (not a JSON error); may be empty.
    std::string upstream_text;
    // OpenRouter error.metadata.raw parsed as an error body; null when absent or not JSON.
    std::shared_ptr<const ProviderError> upstream;
    // OpenRouter moderation metadata (flagged_input / reasons) was present.
    bool flagged = false;

    // The most specific provider id: code, else type, else status (numbers are not ids).
    std::string best_code() const;
};

// Finds and reads the provider error object in a response body or stream item.
// nullopt when the body is not JSON or holds no error object (e.g. a normal completion).
// Never throws, whatever the bytes.
std::optional<ProviderError> parse_provider_error(std::string_view body);

}  // namespace lifeline
