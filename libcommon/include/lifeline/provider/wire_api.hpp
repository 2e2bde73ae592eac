#pragma once
// The wire API a provider speaks for generation, and the URLs of its endpoints.

#include <string>

#include <lifeline/config/model.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::provider {

enum class WireApi {
    chat_completions,    // OpenAI /chat/completions (also Azure, OpenRouter, compatible servers)
    responses,           // OpenAI /responses
    anthropic_messages,  // Anthropic /v1/messages
    gemini,              // Gemini models/{m}:generateContent
};

// "chat_completions", "responses", "anthropic_messages", "gemini".
const char* to_string(WireApi api);

// The kind's native generation API: openai -> responses when the model lists the "responses"
// capability (or no model is given), else chat_completions; azure, openrouter and
// openai-compatible -> chat_completions; anthropic -> anthropic_messages; gemini -> gemini.
WireApi native_wire_api(const config::ProviderConfig& provider, const config::ModelConfig* model);

// GET URL listing models: openai/openrouter/compatible {base}/models; azure
// {base}/models?api-version=V; anthropic {base}/v1/models; gemini {base}/models.
std::string models_url(const config::ProviderConfig& provider);

// POST URL for one generation with `api` for `model_id` (the upstream id):
// chat {base}/chat/completions (azure: {base}/deployments/{id}/chat/completions?api-version=V),
// responses {base}/responses, anthropic {base}/v1/messages, gemini
// {base}/models/{id}:generateContent or :streamGenerateContent?alt=sse when `stream`.
std::string generate_url(const config::ProviderConfig& provider, WireApi api,
                         const std::string& model_id, bool stream);

// OpenRouter's key-limits endpoint {base}/key; ErrorCode::unsupported for other kinds.
Result<std::string> key_info_url(const config::ProviderConfig& provider);

}  // namespace lifeline::provider
