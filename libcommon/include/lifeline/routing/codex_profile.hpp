#pragma once
// Codex CLI configuration for a routing decision: a profile file (CODEX_HOME/<name>.config.toml,
// layered over config.toml by `codex --profile <name>`, Codex >= 0.134) or the same settings as
// `-c key=value` overrides.
//
// Retries: lifeline owns retry and fallback across the chain (run-with-failover), so Codex must
// not multiply them. Codex keeps at most one retry of its own per request and per stream:
//   request_max_retries = min(1, budget.max_retries_per_request (default 1),
//                             the largest retry count lifeline gives a transient class)
//   stream_max_retries  = min(1, budget.max_retries_per_request, retries of stream_broken)
// so with the defaults Codex retries once and lifeline decides the rest.

#include <optional>
#include <string>
#include <vector>

#include <lifeline/config/model.hpp>
#include <lifeline/routing/route_candidate.hpp>
#include <lifeline/util/duration.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::routing {

// Codex's stream idle timeout default (5 minutes).
inline constexpr Duration k_codex_default_stream_idle{300'000};

struct CodexRetrySettings {
    int request_max_retries = 1;
    int stream_max_retries = 1;
    Duration stream_idle_timeout = k_codex_default_stream_idle;
};

// The settings derived from `config`'s retry and budget sections (see above).
CodexRetrySettings codex_retry_settings(const config::Config& config,
                                        Duration stream_idle_timeout = k_codex_default_stream_idle);

// True when Codex can talk to the candidate's provider: it speaks only the OpenAI Responses
// API (openai, azure, openrouter, openai-compatible kinds).
bool codex_can_serve(const config::ProviderConfig& provider);
// Why Codex cannot talk to `provider` ("" when it can), for errors and skipped candidates.
std::string codex_unusable_reason(const config::ProviderConfig& provider);

// The model_providers id used for a provider: "lifeline-<name>" with characters outside
// [A-Za-z0-9_-] turned into '-' (Codex reserves its built-in ids such as "openai").
std::string codex_provider_id(const config::ProviderConfig& provider);

// A TOML basic string: "..." with \" \\ \b \t \n \f \r and \uXXXX for other control characters.
std::string toml_quote(std::string_view text);

// The profile file's text: a comment naming the lane and chain, model, model_provider, and the
// [model_providers.<id>] table (name, base_url, env_key when the key comes from a variable,
// wire_api = "responses", query_params.api-version for azure, the retry settings).
// ErrorCode::unsupported (with codex_unusable_reason) when !codex_can_serve(route.provider).
Result<std::string> render_codex_profile(const RouteCandidate& route,
                                         const CodexRetrySettings& retries, const std::string& lane,
                                         const std::vector<std::string>& fallbacks);

// The same as `-c` overrides for `model` on `provider`: model="...", model_provider="...",
// model_providers.<id>={name = "...", ...} — each "key=value" with a TOML value. `env_key`
// names the variable Codex reads the key from (default: key_env_name(provider); a caller that
// hands over a command-auth token in a variable of its own passes that).
Result<std::vector<std::string>> codex_overrides(
    const config::ProviderConfig& provider, const config::ModelConfig& model,
    const CodexRetrySettings& retries, const std::optional<std::string>& env_key = std::nullopt);

// Profile names Codex accepts: letters, digits, '-' and '_'. ErrorCode::invalid_input otherwise.
Status validate_codex_profile_name(std::string_view name);

}  // namespace lifeline::routing
