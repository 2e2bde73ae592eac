#pragma once
// Shared pieces of the error-body builders, one family per error_bodies_<family>.cpp
// (internal to provider-sim).

#include <string>

#include <nlohmann/json.hpp>

#include "error_bodies.hpp"

namespace provider_sim::detail {

using json = nlohmann::ordered_json;

// Each family's body for `spec`; `status` is the effective status, `retry` the Retry-After the
// messages and metadata quote. A spec's non-empty message replaces the family's usual one.

// Retry-After in whole seconds, rounded up, as the providers send it.
std::string retry_after_seconds(Duration duration);
// OpenAI's usual message for the spec's class ("Rate limit reached for ... try again in 2s").
std::string openai_message(const ErrorSpec& spec, Duration retry);
// OpenAI's {"error": {"message", "type", "param", "code"}} body.
json openai_error(const ErrorSpec& spec, Duration retry);
// Azure OpenAI's body (OpenAI's for the classes Azure words no differently).
json azure_error(const ErrorSpec& spec, int status, Duration retry);
// Anthropic's {"type": "error", "error": {...}, "request_id"} body.
json anthropic_error(const ErrorSpec& spec, int status, const ResponseMeta& meta);
// Gemini's google.rpc.Status body.
json gemini_error(const ErrorSpec& spec, int status, Duration retry);
// OpenRouter's error body with metadata.
json openrouter_error(const ErrorSpec& spec, int status, Duration retry, const ResponseMeta& meta);

}  // namespace provider_sim::detail
