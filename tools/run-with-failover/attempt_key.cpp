#include "attempt_key.hpp"

namespace run_with_failover {

lifeline::Result<std::optional<lifeline::secret::Secret>> attempt_key(
    lifeline::provider::CredentialResolver& credentials, lifeline::secret::Redactor& redactor,
    const lifeline::config::ProviderConfig& provider) {
    std::optional<lifeline::secret::Secret> key = LIFELINE_TRY(credentials.resolve(provider));
    if (key)
        redactor.add_secret(*key);
    return key;
}

}  // namespace run_with_failover
