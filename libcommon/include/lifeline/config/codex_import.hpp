#pragma once
// Importing an existing Codex config.toml as candidates, so a team can adopt lifeline without
// rewriting its config: every [model_providers.<id>] becomes a provider, the top-level model and
// every legacy [profiles.<name>] (model + model_provider) become models, and the lane "codex"
// lists them (top level first, then profiles in file order). The one TOML reader of lifeline.

#include <string>
#include <string_view>
#include <vector>

#include <lifeline/config/model.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::config {

inline constexpr const char* k_codex_lane = "codex";

struct CodexImport {
    std::vector<config::ProviderConfig> providers;
    std::vector<config::ModelConfig> models;
    config::LaneConfig lane;            // "codex"
    std::vector<std::string> warnings;  // settings that were ignored, e.g. a bearer token
};

// Parses `toml_text`. Provider kinds are inferred from base_url (api.openai.com -> openai,
// *.openai.azure.com or a query_params.api-version -> azure, openrouter.ai -> openrouter, else
// openai-compatible); Codex's built-in ids openai, ollama, oss and lmstudio need no table.
// experimental_bearer_token is never imported (a key in a file; use env_key). Errors
// (ErrorCode::config, with file:line:column): malformed TOML, a value of the wrong type, a
// provider without base_url, a model_provider naming no known provider.
Result<CodexImport> parse_codex_config(std::string_view toml_text, const std::string& source_name);

// Adds the import to `config`: providers and models whose names are taken get the suffix
// "@codex"; the "codex" lane is added (or replaced, with a warning). Returns the warnings.
std::vector<std::string> merge_codex_import(config::Config& config, const CodexImport& imported);

}  // namespace lifeline::config
