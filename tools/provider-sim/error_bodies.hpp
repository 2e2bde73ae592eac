#pragma once
// Error responses as each provider family sends them: status, JSON body and headers
// (request ids, Retry-After, retry-after-ms, x-ratelimit-*, anthropic-ratelimit-*,
// google.rpc RetryInfo/QuotaFailure details, OpenRouter error metadata).

#include <optional>
#include <string>

#include <lifeline/util/time.hpp>

#include "scenario.hpp"
#include "sim_http.hpp"

namespace provider_sim {

struct ErrorSpec {
    FailureClass failure_class = FailureClass::server_error;
    int status = 0;       // 0 = the family's usual status for the class
    std::string message;  // empty = the family's usual message
    std::optional<Duration> retry_after;
    std::string model;         // named in model_not_found / rate-limit messages
    bool key_missing = false;  // auth: no key at all (vs. a wrong one)
};

// An ErrorSpec with the given class, status (0 = usual) and message (empty = usual).
ErrorSpec make_spec(FailureClass failure_class, int status = 0, std::string message = {});

// Per-response facts the bodies and headers quote.
struct ResponseMeta {
    std::string request_id;  // "req_..." style, unique per instance
    lifeline::SystemTime now{};
};

// The status a family uses for a class (e.g. overloaded: OpenAI 503, Anthropic 529;
// quota_exhausted: OpenRouter 402, others 429; region_blocked: Gemini 400 FAILED_PRECONDITION).
int default_status(Family family, FailureClass failure_class);

// The status the response carries: the spec's override, else default_status (Gemini answers a
// missing key with 403 PERMISSION_DENIED, a wrong one with 400 INVALID_ARGUMENT).
int effective_status(Family family, const ErrorSpec& spec);

// The complete error response, headers included.
SimResponse error_response(Family family, const ErrorSpec& spec, const ResponseMeta& meta);

// The JSON error object alone, as it appears in the body (used by in-stream errors too).
std::string error_body(Family family, const ErrorSpec& spec, const ResponseMeta& meta);

// Anthropic's error "type" for a class ("rate_limit_error", "overloaded_error", ...).
const char* anthropic_error_type(FailureClass failure_class, int status);

// OpenAI's error "code" for a class ("rate_limit_exceeded", "insufficient_quota", ...);
// empty when OpenAI sends null.
std::string openai_error_code(FailureClass failure_class);

}  // namespace provider_sim
