#pragma once
// The models API of each family: GET /v1/models[/{id}] (OpenAI, Anthropic), /v1beta/models
// (Gemini) and /api/v1/models (OpenRouter), each in its family's shape.

#include "error_bodies.hpp"
#include "routing.hpp"
#include "scenario.hpp"
#include "sim_http.hpp"

namespace provider_sim {

// Answers Endpoint::models_list or Endpoint::model_get for `route.family`. The scenario's
// `models` are listed (a default set per family when it names none); a model_get for a model
// not listed gets the family's model_not_found error.
SimResponse answer_models_api(const Route& route, const Scenario& scenario,
                              const ResponseMeta& meta);

}  // namespace provider_sim
