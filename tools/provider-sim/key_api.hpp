#pragma once
// The key-management endpoints: OpenRouter's GET /api/v1/key and /api/v1/keys[/{hash}], and
// OpenAI's /v1/organization/admin_api_keys[/{id}]. One handler per endpoint, shared by both
// APIs; the family's KeyFormat (key_formats.hpp) writes the bodies.

#include <cstdint>

#include "error_bodies.hpp"
#include "key_store.hpp"
#include "routing.hpp"
#include "scenario.hpp"
#include "sim_http.hpp"

namespace provider_sim {

// One request to a key-management endpoint and the instance state its handler reads and changes.
struct KeyCall {
    const SimRequest& request;
    const Route& route;
    const Scenario& scenario;  // credit_limit / credit_usage for the key info
    KeyStore& keys;
    uint64_t& serial;  // advanced for each key minted
    const ResponseMeta& meta;
    int64_t now_unix = 0;  // meta.now in unix seconds
};

// Answers the call's route.endpoint: the key info (the calling key's credit), the list, a
// create (400 without a string "name"), and get, update or delete of one key (404 "Key not
// found" when no live key has the id). Any other endpoint gets that 404 too.
SimResponse answer_key_api(KeyCall& call);

// OpenRouter's GET /api/v1/key: the credit of the key the request carries (a minted key's own
// limit and usage, else the scenario's), with a masked label, never the key itself.
SimResponse answer_key_info(KeyCall& call);

}  // namespace provider_sim
