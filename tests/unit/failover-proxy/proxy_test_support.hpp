#pragma once
// Shared by the failover-proxy unit tests: configs loaded from YAML text with the real loader,
// route candidates made from them, and the upstream stream samples of the translate tests.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <lifeline/config/loader.hpp>
#include <lifeline/routing/route_candidate.hpp>

namespace failover_proxy::testing {

// A fleet with one provider of every kind, a third-party Anthropic-compatible server among
// them, and lanes, aliases and a default lane for the lane tests.
inline constexpr std::string_view k_fleet_yaml = R"yaml(version: 1
providers:
  openai:     {kind: openai, auth: {env: OPENAI_API_KEY}}
  anthropic:  {kind: anthropic, auth: {env: ANTHROPIC_API_KEY}}
  zai:        {kind: anthropic, base_url: https://api.z.ai/api/anthropic, auth: {env: ZAI_API_KEY}}
  gemini:     {kind: gemini, auth: {env: GEMINI_API_KEY}}
  local:      {kind: openai-compatible, base_url: http://127.0.0.1:8000/v1, auth: none}
  azure:      {kind: azure, base_url: https://acme.openai.azure.com/openai,
               api_version: "2025-04-01-preview", auth: {env: AZURE_OPENAI_API_KEY}}
  openrouter: {kind: openrouter, auth: {env: OPENROUTER_API_KEY}}
models:
  gpt-5.5:     {provider: openai, capabilities: [tools, responses, streaming]}
  gpt-4.1:     {provider: openai, capabilities: [tools, streaming]}
  claude:      {provider: anthropic, id: claude-sonnet-4-6, context_window: 200000}
  glm:         {provider: zai, id: glm-4.6}
  gem:         {provider: gemini, id: gemini-3-pro}
  qwen:        {provider: local, id: qwen3-coder}
  qwen-resp:   {provider: local, id: qwen3-coder, capabilities: [responses]}
  azure-gpt:   {provider: azure, id: gpt-5-5-prod, capabilities: [responses]}
  or-sonnet:   {provider: openrouter, id: anthropic/claude-sonnet-4.6}
lanes:
  code:        {chain: [claude, gpt-5.5, qwen], min_context: 100000, first_token_timeout: 20s,
                idle_timeout: 60s}
  small-edit:  [qwen, gem]
)yaml";

// Parses `yaml` with the real loader; fails the test (and returns an empty config) when it
// does not load.
inline lifeline::config::Config load_config(std::string_view yaml) {
    auto parsed = lifeline::config::parse_config(yaml, "lifeline.yaml");
    if (!parsed) {
        ADD_FAILURE() << parsed.error().to_string();
        return {};
    }
    return std::move(parsed).value();
}

// The candidate for model `name` of `config`, as routing makes it.
inline lifeline::routing::RouteCandidate candidate_for(const lifeline::config::Config& config,
                                                       std::string_view name) {
    const lifeline::config::ModelConfig* model = config.find_model(name);
    if (model == nullptr) {
        ADD_FAILURE() << "no model " << name;
        return {};
    }
    return lifeline::routing::make_route_candidate(config, *model, 0);
}

// The text of tests/unit/translate/fixtures/<name> (real agents' requests, upstream streams).
inline std::string translate_fixture(const std::string& name) {
    const std::filesystem::path path =
        std::filesystem::path(__FILE__).parent_path() / ".." / "translate" / "fixtures" / name;
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in.good()) << "missing fixture " << path;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

inline nlohmann::json json_of(const std::string& text) {
    return nlohmann::json::parse(text, nullptr, false);
}

}  // namespace failover_proxy::testing
