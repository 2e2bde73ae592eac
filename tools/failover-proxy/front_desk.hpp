#pragma once
// The answers the proxy gives without an upstream: the client's token check, the models list
// in each API's shape, token counts, and the error for a name that is no lane, alias or model.

#include <string>
#include <string_view>

#include <lifeline/config/model.hpp>
#include <lifeline/translate/api.hpp>
#include <lifeline/util/headers.hpp>

#include "endpoint.hpp"

namespace failover_proxy {

// True when the request carries `token` in any header an agent sends its key in
// (Authorization: Bearer, x-api-key, x-goog-api-key) or in Gemini's ?key=. Constant-time in
// the token's length.
bool has_token(const lifeline::Headers& headers, std::string_view target, std::string_view token);

// Which API's shape a GET /v1/models wants: Anthropic when the client sent anthropic-version,
// Gemini for /v1beta/models, else OpenAI.
lifeline::translate::Api models_shape(const Endpoint& endpoint, const lifeline::Headers& headers);

// The models list: the lanes, exact aliases and models a client may name.
std::string models_body(lifeline::translate::Api shape, const lifeline::config::Config& config);

// count_tokens answers (Anthropic {"input_tokens": N}, Gemini {"totalTokens": N}) from the
// proxy's estimate.
std::string count_tokens_body(lifeline::translate::Api api, int64_t tokens);

}  // namespace failover_proxy
