#pragma once
// Usage objects of each wire API, normalised into provider::Usage.

#include <optional>

#include <lifeline/provider/generation.hpp>

#include "json_fields.hpp"

namespace lifeline::provider::detail {

// OpenAI chat: {prompt_tokens, completion_tokens, prompt_tokens_details.cached_tokens,
// completion_tokens_details.reasoning_tokens}.
std::optional<Usage> chat_usage(const json& usage);
// OpenAI responses: {input_tokens, output_tokens, input_tokens_details.cached_tokens,
// output_tokens_details.reasoning_tokens}.
std::optional<Usage> responses_usage(const json& usage);
// Anthropic: {input_tokens, output_tokens, cache_creation_input_tokens,
// cache_read_input_tokens}; input_tokens excludes cached ones, so they are added here.
std::optional<Usage> anthropic_usage(const json& usage);
// Gemini usageMetadata: {promptTokenCount, candidatesTokenCount, cachedContentTokenCount,
// thoughtsTokenCount}.
std::optional<Usage> gemini_usage(const json& usage_metadata);

}  // namespace lifeline::provider::detail
