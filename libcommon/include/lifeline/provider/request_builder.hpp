#pragma once
// HTTP requests in each provider kind's own shape: auth headers, the models list, a tiny
// generation (optionally streamed, optionally forcing one tool call), and key limits.

#include <string>

#include <lifeline/config/model.hpp>
#include <lifeline/http/transport.hpp>
#include <lifeline/provider/wire_api.hpp>
#include <lifeline/secret/secret.hpp>

namespace lifeline::provider {

// The name of the tool a forced tool-call probe asks for.
inline constexpr const char* k_probe_tool_name = "record_probe_result";

struct GenerateOptions {
    std::string prompt = "Return only: router-ok";
    // Small, but enough for reasoning models (the Responses API rejects fewer than 16).
    int max_tokens = 16;
    bool stream = false;
    bool force_tool = false;  // define k_probe_tool_name and require the model to call it
};

// Headers that authenticate `credential` for the provider's kind, plus the config's extra
// headers: Authorization: Bearer (openai, openrouter, openai-compatible, azure with a command
// token), api-key (azure with an env key), x-api-key + anthropic-version (anthropic),
// x-goog-api-key (gemini). No auth header when `credential` is null.
http::Headers request_headers(const config::ProviderConfig& provider,
                              const secret::Secret* credential);

// GET the models list: the cheapest authenticated request (costs no tokens).
http::HttpRequest build_models_request(const config::ProviderConfig& provider,
                                       const secret::Secret* credential);

// The JSON body of one small generation for `api` (exposed for golden tests).
std::string generate_body(WireApi api, const config::ProviderConfig& provider,
                          const std::string& model_id, const GenerateOptions& options);

// POST one small generation with `api` to `model_id` (the upstream id).
http::HttpRequest build_generate_request(const config::ProviderConfig& provider, WireApi api,
                                         const std::string& model_id,
                                         const GenerateOptions& options,
                                         const secret::Secret* credential);

// GET OpenRouter's key limits; ErrorCode::unsupported for other kinds.
Result<http::HttpRequest> build_key_info_request(const config::ProviderConfig& provider,
                                                 const secret::Secret* credential);

}  // namespace lifeline::provider
