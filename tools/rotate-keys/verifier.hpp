#pragma once
// Verifying a new key with a real request, as probe-endpoint does: the provider's own auth
// header and a tiny generation (or, without a model, the models list).

#include <string>

#include <lifeline/app/context.hpp>
#include <lifeline/config/model.hpp>
#include <lifeline/secret/secret.hpp>
#include <lifeline/util/result.hpp>

#include "spec.hpp"

namespace lifeline::rotate {

struct VerifyOutcome {
    bool ok = false;
    std::string detail;  // "HTTP 200 chat_completions gpt-5.5" or the failure's class and reason
    int attempts = 0;
};

// Sends the request with `key` up to spec.attempts times, waiting spec.backoff (doubling) on
// context.clock between transient failures (429, 5xx, network, timeout). A 2xx whose body
// reads as a generation (or a models list) passes; anything else fails. Errors (not failures):
// config when spec.provider is not in `config`, invalid_input for a non-https URL.
Result<VerifyOutcome> verify_key(Context& context, const config::Config& config,
                                 const VerifySpec& spec, const secret::Secret& key,
                                 bool allow_insecure_loopback);

}  // namespace lifeline::rotate
