#pragma once
// Shared pieces of the error-body builders (internal to provider-sim).

#include <string>

#include <nlohmann/json.hpp>

#include "error_bodies.hpp"

namespace provider_sim::detail {

using json = nlohmann::ordered_json;

// Retry-After in whole seconds, rounded up, as the providers send it.
std::string retry_after_seconds(Duration duration);
// OpenAI's usual message for the spec's class ("Rate limit reached for ... try again in 2s").
std::string openai_message(const ErrorSpec& spec, Duration retry);
// Gemini's google.rpc.Status body.
json gemini_error(const ErrorSpec& spec, int status, Duration retry);
// OpenRouter's error body with metadata.
json openrouter_error(const ErrorSpec& spec, int status, Duration retry, const ResponseMeta& meta);

}  // namespace provider_sim::detail
