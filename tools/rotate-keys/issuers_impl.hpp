#pragma once
// The concrete issuers behind make_issuer() (issuer.hpp); internal to rotate-keys.

#include <memory>

#include <lifeline/app/context.hpp>
#include <lifeline/http/transport.hpp>
#include <lifeline/secret/secret.hpp>

#include "issuer.hpp"
#include "spec.hpp"

namespace lifeline::rotate {

std::unique_ptr<Issuer> make_openrouter_issuer(const IssuerSpec& spec, Context& context,
                                               bool allow_insecure_loopback);
std::unique_ptr<Issuer> make_openai_issuer(const IssuerSpec& spec, Context& context,
                                           bool allow_insecure_loopback);
std::unique_ptr<Issuer> make_anthropic_issuer(const IssuerSpec& spec, Context& context,
                                              bool allow_insecure_loopback);
std::unique_ptr<Issuer> make_command_issuer(const IssuerSpec& spec, Context& context);

// The credential in variable `env_name`, read at the last moment. not_found when unset.
Result<secret::Secret> credential_from_env(const Context& context, const std::string& env_name);

}  // namespace lifeline::rotate
