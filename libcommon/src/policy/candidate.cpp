#include <lifeline/policy/candidate.hpp>
#include <lifeline/util/strings.hpp>

namespace lifeline::policy {

std::string credential_id(const config::ProviderConfig& provider) {
    // The provider is part of the id: the same key may be valid at a proxy and rejected at the
    // vendor, so a 401 only condemns the key where it was sent.
    switch (provider.auth.mode) {
        case config::AuthConfig::Mode::none:
            return "";
        case config::AuthConfig::Mode::env:
            return provider.name + ":env:" + provider.auth.env;
        case config::AuthConfig::Mode::command:
            return provider.name + ":command:" + join(provider.auth.command, " ");
    }
    return "";
}

Candidate make_candidate(const config::ModelConfig& model, const config::ProviderConfig& provider) {
    Candidate candidate;
    candidate.model = model.name;
    candidate.provider = provider.name;
    candidate.credential = credential_id(provider);
    candidate.context_window = model.context_window;
    candidate.jurisdiction = provider.jurisdiction;
    return candidate;
}

}  // namespace lifeline::policy
