#include <lifeline/provider/credential.hpp>

namespace lifeline::provider {

using Mode = config::AuthConfig::Mode;

std::string credential_id(const config::ProviderConfig& provider) {
    const std::string source = provider.auth.source();
    return source.empty() ? "none" : source;
}

CredentialResolver::CredentialResolver(const Environment& env, process::ProcessRunner& runner,
                                       const Clock& clock)
    : m_env(env), m_runner(runner), m_clock(clock) {}

CredentialResolver::~CredentialResolver() = default;

Result<std::optional<secret::Secret>> CredentialResolver::resolve(
    const config::ProviderConfig& provider) {
    switch (provider.auth.mode) {
        case Mode::none:
            return std::optional<secret::Secret>{};
        case Mode::env: {
            auto value = m_env.get_non_empty(provider.auth.env);
            if (!value) {
                return fail(ErrorCode::not_found, provider.auth.env + " is not set (provider " +
                                                      provider.name + " reads its key from it)");
            }
            return std::optional<secret::Secret>{secret::Secret(std::move(*value))};
        }
        case Mode::command: {
            auto& command = m_commands[provider.name];
            if (!command) {
                secret::TokenCommandSpec spec;
                spec.argv = provider.auth.command;
                spec.env = m_env.all();
                spec.timeout = provider.auth.timeout;
                spec.refresh = provider.auth.refresh;
                command =
                    std::make_unique<secret::TokenCommand>(m_runner, m_clock, std::move(spec));
            }
            secret::Secret token = LIFELINE_TRY(command->token());
            return std::optional<secret::Secret>{std::move(token)};
        }
    }
    return std::optional<secret::Secret>{};
}

void CredentialResolver::invalidate(const config::ProviderConfig& provider) {
    const auto it = m_commands.find(provider.name);
    if (it != m_commands.end())
        it->second->invalidate();
}

}  // namespace lifeline::provider
