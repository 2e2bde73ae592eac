#include <lifeline/policy/candidate.hpp>

namespace lifeline::policy {

std::string candidate_label(std::string_view provider, std::string_view model) {
    std::string label;
    label.reserve(provider.size() + 1 + model.size());
    label.append(provider).append("/").append(model);
    return label;
}

std::string credential_id(const config::ProviderConfig& provider) {
    // The provider is part of the id: the same key may be valid at a proxy and rejected at the
    // vendor, so a 401 only condemns the key where it was sent.
    const std::string source = provider.auth.source();
    return source.empty() ? "" : provider.name + ":" + source;
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
