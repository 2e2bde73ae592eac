#pragma once
// Usage objects of each wire API, normalised into provider::Usage. Also what the agents
// print: Claude Code's result object carries Anthropic's usage object as it is.

#include <optional>

#include <nlohmann/json.hpp>

#include <lifeline/provider/generation.hpp>

namespace lifeline::provider {

// OpenAI chat: {prompt_tokens, completion_tokens, prompt_tokens_details.cached_tokens,
// completion_tokens_details.reasoning_tokens}.
std::optional<Usage> chat_usage(const nlohmann::json& usage);
// OpenAI responses: {input_tokens, output_tokens, input_tokens_details.cached_tokens,
// output_tokens_details.reasoning_tokens}.
std::optional<Usage> responses_usage(const nlohmann::json& usage);
// Anthropic: {input_tokens, output_tokens, cache_creation_input_tokens,
// cache_read_input_tokens}; input_tokens excludes cached ones, so they are added here.
std::optional<Usage> anthropic_usage(const nlohmann::json& usage);
// Gemini usageMetadata: {promptTokenCount, candidatesTokenCount, cachedContentTokenCount,
// thoughtsTokenCount}.
std::optional<Usage> gemini_usage(const nlohmann::json& usage_metadata);

}  // namespace lifeline::provider
