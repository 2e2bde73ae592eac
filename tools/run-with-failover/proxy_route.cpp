#include "proxy_route.hpp"

#include <lifeline/policy/candidate.hpp>
#include <lifeline/state/ledger.hpp>

#include "sidecar_process.hpp"

namespace run_with_failover {

lifeline::routing::RouteCandidate proxy_candidate(AgentKind agent, const std::string& url,
                                                  const std::string& lane) {
    using lifeline::config::ProviderKind;
    lifeline::routing::RouteCandidate route;
    route.provider.name = std::string(lifeline::state::k_proxy_provider);
    route.provider.auth.mode = lifeline::config::AuthConfig::Mode::env;
    route.provider.auth.env = std::string(k_proxy_token_variable);
    switch (agent) {
        case AgentKind::codex:
            route.provider.kind = ProviderKind::openai;
            route.provider.base_url = url + "/v1";
            route.model.capabilities = {"tools", "streaming", "responses"};
            break;
        case AgentKind::claude:
            route.provider.kind = ProviderKind::anthropic;
            route.provider.base_url = url;
            break;
        case AgentKind::gemini:
            route.provider.kind = ProviderKind::gemini;
            route.provider.base_url = url;
            break;
        case AgentKind::generic:
            route.provider.kind = ProviderKind::openai_compatible;
            route.provider.base_url = url + "/v1";
            break;
    }
    route.model.name = lane;
    route.model.provider = route.provider.name;
    route.candidate = lifeline::policy::make_candidate(route.model, route.provider);
    return route;
}

std::vector<std::string> provider_key_variables(const lifeline::config::Config& config) {
    std::vector<std::string> names;
    for (const auto& provider : config.providers) {
        if (provider.auth.mode == lifeline::config::AuthConfig::Mode::env &&
            !provider.auth.env.empty())
            names.push_back(provider.auth.env);
    }
    return names;
}

}  // namespace run_with_failover
