#pragma once
// Two candidates on a local endpoint, as routing would hand them to run-with-failover.

#include <lifeline/policy/candidate.hpp>
#include <lifeline/routing/route_candidate.hpp>

namespace run_with_failover::testing {

inline lifeline::routing::RouteCandidate route_candidate(
    std::string provider_name, std::string model_name, std::string key_env,
    lifeline::config::ProviderKind kind = lifeline::config::ProviderKind::openai_compatible) {
    lifeline::routing::RouteCandidate route;
    route.provider.name = std::move(provider_name);
    route.provider.kind = kind;
    route.provider.base_url = "http://127.0.0.1:8080/" + route.provider.name;
    route.provider.auth.mode = lifeline::config::AuthConfig::Mode::env;
    route.provider.auth.env = std::move(key_env);
    route.model.name = std::move(model_name);
    route.model.provider = route.provider.name;
    route.model.context_window = 128000;
    route.candidate = lifeline::policy::make_candidate(route.model, route.provider);
    return route;
}

inline std::vector<lifeline::routing::RouteCandidate> two_candidates() {
    return {route_candidate("primary", "m1", "PRIMARY_KEY"),
            route_candidate("secondary", "m2", "SECONDARY_KEY")};
}

}  // namespace run_with_failover::testing
