#pragma once
// One entry of a failover chain: a model on a provider, with what the failover rules need to
// know about it (whose key it uses, how much it can read, where it is operated).

#include <cstdint>
#include <string>
#include <string_view>

#include <lifeline/config/model.hpp>

namespace lifeline::policy {

// "provider/model": the one name of a candidate in status trails and in the state store's keys
// (probe-endpoint records observations under it; pick-provider and run-with-failover read them).
std::string candidate_label(std::string_view provider, std::string_view model);

struct Candidate {
    std::string model;     // the model's name in lifeline.yaml
    std::string provider;  // the provider's name in lifeline.yaml
    // Identity of the credential (never its value), e.g. "openai:env:OPENAI_API_KEY". Two
    // candidates with the same id send the same key; empty = no credential.
    std::string credential;
    int64_t context_window = 0;  // tokens; 0 = unknown
    std::string jurisdiction;    // e.g. "US", "EU"; empty = unknown

    // "provider/model", as shown in status trails.
    std::string label() const { return candidate_label(provider, model); }
};

// The credential id of a provider: "<provider>:env:<VAR>", "<provider>:command:<argv...>", or
// "" when the provider needs no auth.
std::string credential_id(const config::ProviderConfig& provider);

// The candidate for `model` served by `provider` (the provider the model names).
Candidate make_candidate(const config::ModelConfig& model, const config::ProviderConfig& provider);

}  // namespace lifeline::policy
