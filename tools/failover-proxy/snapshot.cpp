#include "snapshot.hpp"

namespace failover_proxy {

const lifeline::routing::RouteCandidate* Snapshot::candidate(const std::string& model) const {
    auto it = candidates.find(model);
    return it == candidates.end() ? nullptr : &it->second;
}

const Credential* Snapshot::credential(const std::string& provider) const {
    auto it = credentials.find(provider);
    return it == credentials.end() ? nullptr : &it->second;
}

std::vector<lifeline::routing::RouteCandidate> Snapshot::all_candidates() const {
    std::vector<lifeline::routing::RouteCandidate> all;
    for (const auto& [name, candidate] : candidates)
        all.push_back(candidate);
    return all;
}

std::shared_ptr<const Snapshot> make_snapshot(lifeline::config::Config config,
                                              lifeline::provider::CredentialResolver& credentials,
                                              lifeline::Duration max_wait) {
    auto snapshot = std::make_shared<Snapshot>();
    snapshot->policy.retry = config.retry;
    auto& retry = snapshot->policy.retry;
    retry.max_wait = std::min(retry.max_wait, max_wait);
    for (auto& [failure_class, rules] : retry.classes) {
        if (rules.max_wait)
            rules.max_wait = std::min(*rules.max_wait, max_wait);
    }
    // A silent upstream is not asked again, and a certificate it failed does not change within
    // a request: both move to the next candidate at once.
    for (lifeline::FailureClass once :
         {lifeline::FailureClass::timeout, lifeline::FailureClass::tls}) {
        lifeline::config::ClassRetryConfig rules = snapshot->policy.retry.classes[once];
        rules.retries = 0;
        rules.then = lifeline::config::ClassRetryConfig::Then::fallback;
        snapshot->policy.retry.classes[once] = rules;
    }
    size_t position = 0;
    for (const auto& model : config.models)
        snapshot->candidates.emplace(
            model.name, lifeline::routing::make_route_candidate(config, model, position++));
    for (const auto& provider : config.providers) {
        Credential credential;
        auto resolved = credentials.resolve(provider);
        if (!resolved)
            credential.error = resolved.error().message;
        else
            credential.secret = std::move(*resolved);
        snapshot->credentials.emplace(provider.name, std::move(credential));
    }
    snapshot->config = std::move(config);
    return snapshot;
}

}  // namespace failover_proxy
