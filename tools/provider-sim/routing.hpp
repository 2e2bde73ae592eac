#pragma once
// Which endpoint of which provider family a request addresses, and where that family carries
// its key. Pure string work on method, path, headers and query.

#include <string>

#include "inference.hpp"
#include "sim_http.hpp"

namespace provider_sim {

enum class Endpoint {
    inference,    // chat/completions, responses, messages, generateContent (see Route::api)
    models_list,  // GET /v1/models, /v1beta/models, /api/v1/models
    model_get,    // GET /v1/models/{id}
    key_info,     // OpenRouter GET /api/v1/key (and the older /api/v1/auth/key)
    keys_list,    // OpenRouter GET /api/v1/keys, OpenAI GET admin_api_keys
    key_create,   // POST
    key_get,      // GET .../{hash}
    key_update,   // PATCH .../{hash} (OpenRouter)
    key_delete,   // DELETE .../{hash}
    not_found,    // no such route
};

struct Route {
    Endpoint endpoint = Endpoint::not_found;
    Family family = Family::openai;
    Api api = Api::chat;
    std::string model;    // named by the path (Gemini model, Azure deployment, /v1/models/{id})
    std::string id;       // key hash / key id from the path
    bool stream = false;  // Gemini :streamGenerateContent
};

// Routes by method and path; an `anthropic-version` header turns GET /v1/models into the
// Anthropic listing. Unknown paths give Endpoint::not_found with the family the prefix suggests.
Route route_request(const SimRequest& request);

// The credential the family's clients send: Bearer token (OpenAI, OpenRouter, admin), api-key
// or Bearer (Azure), x-api-key or Bearer (Anthropic), x-goog-api-key or ?key= (Gemini).
// Empty when none is present.
std::string extract_key(Family family, const SimRequest& request);

}  // namespace provider_sim
