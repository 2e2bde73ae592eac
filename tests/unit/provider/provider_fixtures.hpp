#pragma once
// Provider configs of every kind, as lifeline.yaml would produce them.

#include <lifeline/config/model.hpp>

namespace lifeline::testing {

inline config::ProviderConfig make_provider(config::ProviderKind kind, std::string base_url,
                                            std::string env_key = "TEST_KEY") {
    config::ProviderConfig provider;
    provider.name = config::to_string(kind);
    provider.kind = kind;
    provider.base_url = std::move(base_url);
    provider.auth.mode = config::AuthConfig::Mode::env;
    provider.auth.env = std::move(env_key);
    return provider;
}

}  // namespace lifeline::testing
