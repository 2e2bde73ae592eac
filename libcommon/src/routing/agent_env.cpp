#include <lifeline/routing/agent_env.hpp>

namespace lifeline::routing {

std::string shell_quote(std::string_view text) {
    std::string quoted = "'";
    for (char c : text) {
        if (c == '\'')
            quoted += "'\\''";
        else
            quoted += c;
    }
    quoted += '\'';
    return quoted;
}

std::string render_shell_assignments(const std::vector<EnvAssignment>& assignments) {
    std::string text;
    for (const EnvAssignment& assignment : assignments)
        text += assignment.name + "=" + shell_quote(assignment.value) + "\n";
    return text;
}

std::string key_env_name(const config::ProviderConfig& provider) {
    return provider.auth.mode == config::AuthConfig::Mode::env ? provider.auth.env : "";
}

std::vector<EnvAssignment> lifeline_env(const Decision& decision, const std::string& lane) {
    const RouteCandidate& chosen = decision.chosen();
    std::string chain;
    for (const RouteCandidate& route : decision.chain) {
        if (!chain.empty())
            chain += ',';
        chain += route.candidate.model;
    }
    const std::string& model_id = chosen.model.upstream_id();
    const std::string context =
        chosen.model.context_window > 0 ? std::to_string(chosen.model.context_window) : "";
    return {
        {"LIFELINE_PROVIDER", chosen.provider.name},
        {"LIFELINE_MODEL", chosen.model.name},
        {"LIFELINE_MODEL_ID", model_id},
        {"LIFELINE_PROVIDER_KIND", config::to_string(chosen.provider.kind)},
        {"LIFELINE_BASE_URL", chosen.provider.base_url},
        {"LIFELINE_ENV_KEY", key_env_name(chosen.provider)},
        {"LIFELINE_CONTEXT_WINDOW", context},
        {"LIFELINE_CHAIN", chain},
        {"LIFELINE_LANE", lane},
        // Most OpenAI-compatible tools (and the generic adapter) read these two.
        {"OPENAI_BASE_URL", chosen.provider.base_url},
        {"OPENAI_MODEL", model_id},
    };
}

std::vector<EnvAssignment> claude_env(const RouteCandidate& route) {
    const std::string& model_id = route.model.upstream_id();
    return {
        {"ANTHROPIC_BASE_URL", route.provider.base_url},
        {"ANTHROPIC_MODEL", model_id},
        {"LIFELINE_API_KEY_ENV", key_env_name(route.provider)},
    };
}

std::vector<EnvAssignment> gemini_env(const RouteCandidate& route) {
    const std::string& model_id = route.model.upstream_id();
    // The Gemini SDK appends the API version itself; a base ending in one would double it.
    std::string base = route.provider.base_url;
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    for (const char* version : {"/v1beta", "/v1alpha", "/v1"}) {
        const std::string suffix = version;
        if (base.size() > suffix.size() &&
            base.compare(base.size() - suffix.size(), suffix.size(), suffix) == 0) {
            base.resize(base.size() - suffix.size());
            break;
        }
    }
    return {
        {"GOOGLE_GEMINI_BASE_URL", base},
        {"GEMINI_MODEL", model_id},
        {"LIFELINE_API_KEY_ENV", key_env_name(route.provider)},
    };
}

}  // namespace lifeline::routing
