#pragma once
// A lifeline.yaml shaped like a real team's: three jurisdictions, priced and unpriced models,
// a long-context lane, and a lane whose providers all sit in one jurisdiction.

#include <gtest/gtest.h>

#include <lifeline/config/loader.hpp>
#include <lifeline/routing/decision.hpp>

namespace lifeline::routing::testing {

inline constexpr const char* k_routing_yaml = R"yaml(version: 1
providers:
  openai:     {kind: openai, auth: {env: OPENAI_API_KEY}, jurisdiction: US, regions: [us, eu-west]}
  anthropic:  {kind: anthropic, auth: {env: ANTHROPIC_API_KEY}, jurisdiction: US, regions: [us]}
  gemini:     {kind: gemini, auth: {env: GEMINI_API_KEY}, jurisdiction: US}
  mistral:    {kind: openai-compatible, base_url: https://api.mistral.ai/v1,
               auth: {env: MISTRAL_API_KEY}, jurisdiction: EU, regions: [eu]}
  azure:      {kind: azure, base_url: https://acme.openai.azure.com/openai, api_version: "2025-04-01-preview",
               auth: {env: AZURE_OPENAI_API_KEY}, jurisdiction: EU, regions: [eu-west]}
  local:      {kind: openai-compatible, base_url: http://127.0.0.1:8000/v1, auth: none}
models:
  gpt-5.5:           {provider: openai, context_window: 400000, price: {input: 1.25, output: 10},
                      capabilities: [tools, responses, streaming]}
  gpt-5.5-mini:      {provider: openai, context_window: 400000, price: {input: 0.25, output: 2},
                      capabilities: [tools, responses, streaming]}
  claude-sonnet-4-6: {provider: anthropic, context_window: 200000, price: {input: 3, output: 15},
                      capabilities: [tools, streaming]}
  gemini-3-1-pro:    {provider: gemini, context_window: 1048576, price: {input: 2, output: 12},
                      capabilities: [tools, streaming]}
  mistral-large:     {provider: mistral, id: mistral-large-latest, context_window: 128000,
                      capabilities: [tools, streaming]}
  gpt-5.5-azure:     {provider: azure, id: gpt-5-5-prod, context_window: 400000,
                      price: {input: 1.25, output: 10}, capabilities: [tools, responses]}
  local-coder:       {provider: local, id: qwen2.5-coder}
lanes:
  code:         [claude-sonnet-4-6, gpt-5.5, mistral-large]
  us-only:      [claude-sonnet-4-6, gpt-5.5, gemini-3-1-pro]
  long-context: {chain: [gemini-3-1-pro, gpt-5.5, claude-sonnet-4-6, mistral-large], min_context: 400000}
  cheap:        [gpt-5.5, gpt-5.5-mini, mistral-large, local-coder]
)yaml";

inline config::Config routing_config() {
    auto config = config::parse_config(k_routing_yaml, "lifeline.yaml");
    if (!config)
        ADD_FAILURE() << config.error().to_string();
    return std::move(config).value();
}

inline RoutingRequest lane_request(const config::Config& config, const std::string& lane) {
    RoutingRequest request;
    auto candidates = build_candidates(config, CandidateSource{lane, {}});
    if (!candidates)
        ADD_FAILURE() << candidates.error().to_string();
    else
        request.candidates = std::move(candidates).value();
    return request;
}

inline std::vector<std::string> chain_models(const Decision& decision) {
    std::vector<std::string> models;
    for (const RouteCandidate& route : decision.chain)
        models.push_back(route.candidate.model);
    return models;
}

inline std::string reason_for(const Decision& decision, const std::string& model) {
    for (const Rejection& rejection : decision.rejected) {
        if (rejection.model == model)
            return rejection.reason;
    }
    return "<not rejected>";
}

}  // namespace lifeline::routing::testing
