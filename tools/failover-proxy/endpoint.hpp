#pragma once
// Which of the proxy's endpoints a request line names: the four wire APIs (with their
// variants), the models lists, and the operational endpoints. Pure: method and target in,
// Endpoint out.

#include <string>
#include <string_view>

#include <lifeline/translate/api.hpp>
#include <lifeline/translate/stream_decoder.hpp>

namespace failover_proxy {

enum class EndpointKind {
    generate,      // a model call of `api`
    count_tokens,  // POST /v1/messages/count_tokens
    models,        // GET /v1/models (shape by the client's headers), GET /v1beta/models
    healthz,
    readyz,
    metrics,
    root,          // HEAD or GET / (Claude Code's reachability probe)
    not_found,     // no such path
    wrong_method,  // a known path with another method
};

struct Endpoint {
    EndpointKind kind = EndpointKind::not_found;
    lifeline::translate::Api api = lifeline::translate::Api::chat;
    bool gemini_stream = false;  // :streamGenerateContent
    lifeline::translate::GeminiFraming gemini_framing = lifeline::translate::GeminiFraming::sse;
    std::string path_model;  // the {m} of /v1beta/models/{m}:..., URL-decoded
};

// Routes `method` + `target` (path and query). OpenAI paths are accepted with and without the
// /v1 prefix (clients configured with a base URL ending in /v1 and without); Anthropic's
// `?beta=true` and Gemini's `?alt=sse` / `?key=` are understood.
Endpoint route_endpoint(std::string_view method, std::string_view target);

// The value of query parameter `name` in `target` (URL-decoded); "" when absent.
std::string query_parameter(std::string_view target, std::string_view name);

}  // namespace failover_proxy
