#pragma once
// The key an attempt sends, read when the attempt starts (an auth command's token may have been
// refreshed since the run began) and taught to the redactor before anything can print it.

#include <optional>

#include <lifeline/config/model.hpp>
#include <lifeline/provider/credential.hpp>
#include <lifeline/secret/redactor.hpp>
#include <lifeline/secret/secret.hpp>
#include <lifeline/util/result.hpp>

namespace run_with_failover {

// `provider`'s key, added to `redactor`; nullopt for a provider without auth. Errors: the
// resolver's (a missing variable, a failing command): the attempt fails as auth.
lifeline::Result<std::optional<lifeline::secret::Secret>> attempt_key(
    lifeline::provider::CredentialResolver& credentials, lifeline::secret::Redactor& redactor,
    const lifeline::config::ProviderConfig& provider);

}  // namespace run_with_failover
