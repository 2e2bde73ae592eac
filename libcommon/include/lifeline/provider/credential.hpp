#pragma once
// Resolving a provider's credential at the last moment: from an environment variable, from an
// auth command (cached for its refresh period), or none. The value only ever lives in a Secret.

#include <map>
#include <memory>
#include <optional>
#include <string>

#include <lifeline/config/model.hpp>
#include <lifeline/core/clock.hpp>
#include <lifeline/core/environment.hpp>
#include <lifeline/process/runner.hpp>
#include <lifeline/secret/secret.hpp>
#include <lifeline/secret/token_command.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::provider {

// Which credential source a provider reads, without its value: AuthConfig::source(), or "none"
// for no auth. Failover's credential identity (which also names the provider, because a key
// rejected at one endpoint may be valid at another) is policy::credential_id.
std::string credential_id(const config::ProviderConfig& provider);

class CredentialResolver {
  public:
    // All three must outlive the resolver. Auth commands get `env`'s variables.
    CredentialResolver(const Environment& env, process::ProcessRunner& runner, const Clock& clock);
    ~CredentialResolver();

    // The credential to send; nullopt for auth mode none. Errors: ErrorCode::not_found
    // "OPENAI_API_KEY is not set" when the variable is unset or empty; TokenCommand's errors for
    // command auth (they never contain the token).
    Result<std::optional<secret::Secret>> resolve(const config::ProviderConfig& provider);

    // Forgets a cached command token (after a 401), so the next resolve runs the command again.
    void invalidate(const config::ProviderConfig& provider);

  private:
    const Environment& m_env;
    process::ProcessRunner& m_runner;
    const Clock& m_clock;
    std::map<std::string, std::unique_ptr<secret::TokenCommand>> m_commands;  // by provider name
};

}  // namespace lifeline::provider
