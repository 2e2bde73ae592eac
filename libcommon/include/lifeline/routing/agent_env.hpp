#pragma once
// Environment assignments that hand a routing decision to the next pipeline step or to an agent
// CLI: lifeline's own LIFELINE_* / OPENAI_* variables, Claude Code's ANTHROPIC_*, Gemini CLI's
// GOOGLE_GEMINI_BASE_URL / GEMINI_MODEL. Key VALUES never appear: only the NAME of the
// variable that holds the key.

#include <string>
#include <string_view>
#include <vector>

#include <lifeline/routing/decision.hpp>

namespace lifeline::routing {

struct EnvAssignment {
    std::string name;
    std::string value;
};

// POSIX single-quoting: the text between ' ', each ' written as '\''. "" -> ''.
std::string shell_quote(std::string_view text);

// "NAME='value'\n" per assignment (values shell-quoted, so `eval` is safe).
std::string render_shell_assignments(const std::vector<EnvAssignment>& assignments);

// The name of the environment variable holding `provider`'s key; "" for no auth or command auth.
std::string key_env_name(const config::ProviderConfig& provider);

// LIFELINE_PROVIDER, LIFELINE_MODEL, LIFELINE_MODEL_ID, LIFELINE_PROVIDER_KIND,
// LIFELINE_BASE_URL, LIFELINE_ENV_KEY, LIFELINE_CONTEXT_WINDOW, LIFELINE_CHAIN (the model names
// of the chain, comma-separated), LIFELINE_LANE, OPENAI_BASE_URL, OPENAI_MODEL (the upstream
// id). `decision` must have a choice.
std::vector<EnvAssignment> lifeline_env(const Decision& decision, const std::string& lane);

// Claude Code: ANTHROPIC_BASE_URL, ANTHROPIC_MODEL (upstream id), LIFELINE_API_KEY_ENV (the
// variable whose value belongs in ANTHROPIC_API_KEY).
std::vector<EnvAssignment> claude_env(const RouteCandidate& route);

// Gemini CLI: GOOGLE_GEMINI_BASE_URL (the base URL without a trailing /v1beta, /v1alpha or
// /v1: the SDK adds the version), GEMINI_MODEL, LIFELINE_API_KEY_ENV (the variable whose
// value belongs in GEMINI_API_KEY).
std::vector<EnvAssignment> gemini_env(const RouteCandidate& route);

}  // namespace lifeline::routing
