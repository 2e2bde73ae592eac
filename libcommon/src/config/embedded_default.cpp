#include <lifeline/config/loader.hpp>

namespace lifeline::config {

// The config used when no file is found: every common provider under its usual key variable,
// so `probe-endpoint` with no config probes whatever keys happen to be set. Prices are the
// list prices of the providers' pricing pages; models without a known price stay unpriced (never
// $0). A model name that is no lane or model goes to the code lane (default_lane). Kept as YAML
// (not C++ structs) so it goes through the same validation as a user's file.
std::string_view embedded_default_config() {
    return R"yaml(version: 1
providers:
  openai:     {kind: openai, auth: {env: OPENAI_API_KEY}, jurisdiction: US}
  anthropic:  {kind: anthropic, auth: {env: ANTHROPIC_API_KEY}, jurisdiction: US}
  gemini:     {kind: gemini, auth: {env: GEMINI_API_KEY}, jurisdiction: US}
  openrouter: {kind: openrouter, auth: {env: OPENROUTER_API_KEY}, jurisdiction: US}
  mistral:    {kind: openai-compatible, base_url: https://api.mistral.ai/v1,
               auth: {env: MISTRAL_API_KEY}, jurisdiction: EU}
  deepseek:   {kind: openai-compatible, base_url: https://api.deepseek.com/v1,
               auth: {env: DEEPSEEK_API_KEY}, jurisdiction: CN}
  local:      {kind: openai-compatible, base_url: http://127.0.0.1:8000/v1, auth: none}
models:
  gpt-5.5:           {provider: openai, context_window: 400000, price: {input: 1.25, output: 10},
                      capabilities: [tools, responses, streaming, reasoning]}
  gpt-5.5-mini:      {provider: openai, context_window: 400000,
                      capabilities: [tools, responses, streaming]}
  claude-sonnet-4-6: {provider: anthropic, context_window: 200000, price: {input: 3, output: 15},
                      capabilities: [tools, streaming, vision, reasoning]}
  gemini-3-1-pro:    {provider: gemini, context_window: 1048576,
                      capabilities: [tools, streaming, vision, reasoning]}
  deepseek-v4:       {provider: openrouter, id: deepseek/deepseek-v4, context_window: 128000,
                      capabilities: [tools, streaming]}
  mistral-large:     {provider: mistral, id: mistral-large-latest, context_window: 128000,
                      capabilities: [tools, streaming]}
  local-coder:       {provider: local, id: qwen2.5-coder, context_window: 32768,
                      price: {input: 0, output: 0}, capabilities: [tools, streaming]}
lanes:
  small-edit:   [gpt-5.5-mini, claude-sonnet-4-6]
  code:         [claude-sonnet-4-6, gpt-5.5, gemini-3-1-pro]
  long-context: {chain: [gemini-3-1-pro, gpt-5.5], min_context: 400000}
  architecture: [gpt-5.5, claude-sonnet-4-6, gemini-3-1-pro]
  cheap:        [deepseek-v4, gpt-5.5-mini, mistral-large, local-coder]
default_lane: code
state: sqlite://.lifeline/state.db
)yaml";
}

}  // namespace lifeline::config
