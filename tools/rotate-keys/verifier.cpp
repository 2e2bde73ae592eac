#include "verifier.hpp"

#include <lifeline/classify/http_classifier.hpp>
#include <lifeline/provider/generation.hpp>
#include <lifeline/provider/request_builder.hpp>
#include <lifeline/provider/wire_api.hpp>

#include "api_client.hpp"

namespace lifeline::rotate {

namespace {

struct Attempt {
    bool ok = false;
    bool transient = false;
    std::string detail;
};

Attempt judge(const http::HttpResult& result, bool generation, provider::WireApi api,
              SystemTime now) {
    if (!result) {
        const FailureClass failure = result.error().failure_class();
        return {false, is_transient(failure),
                std::string(to_string(failure)) + ": " + result.error().message};
    }
    HttpSignal signal;
    signal.status = result->status;
    for (const http::Header& header : result->headers)
        signal.headers.push_back({header.name, header.value});
    signal.body = result->body;
    const Classification verdict = classify_http_response(signal, now);
    if (!verdict.is_success()) {
        return {false, is_transient(*verdict.failure_class),
                std::string(to_string(*verdict.failure_class)) + ": " + verdict.reason +
                    (verdict.message.empty() ? "" : ": " + verdict.message)};
    }
    if (generation) {
        auto read = provider::read_generation(api, result->body);
        if (!read)
            return {false, false,
                    "HTTP " + std::to_string(result->status) +
                        " but not a generation: " + read.error().message};
        return {true, false,
                "HTTP " + std::to_string(result->status) + " " + provider::to_string(api)};
    }
    return {true, false, "HTTP " + std::to_string(result->status) + " models list"};
}

}  // namespace

Result<VerifyOutcome> verify_key(Context& context, const config::Config& config,
                                 const VerifySpec& spec, const secret::Secret& key,
                                 bool allow_insecure_loopback) {
    const config::ProviderConfig* found = config.find_provider(spec.provider);
    if (found == nullptr)
        return fail(ErrorCode::config, "verify.provider \"" + spec.provider +
                                           "\" is not a provider of " + config.source);
    config::ProviderConfig provider = *found;
    if (!spec.base_url.empty())
        provider.base_url = spec.base_url;
    LIFELINE_TRY_VOID(check_url(provider.base_url, allow_insecure_loopback, "verify provider"));

    const config::ModelConfig* model = nullptr;
    for (const config::ModelConfig& candidate : config.models) {
        if (candidate.provider == provider.name &&
            (candidate.id == spec.model || candidate.name == spec.model))
            model = &candidate;
    }
    const provider::WireApi api = provider::native_wire_api(provider, model);
    const bool generation = !spec.model.empty();
    http::HttpRequest request =
        generation ? provider::build_generate_request(provider, api, spec.model,
                                                      provider::GenerateOptions{}, &key)
                   : provider::build_models_request(provider, &key);
    request.timeouts.total = Duration{30'000};

    VerifyOutcome outcome;
    Duration wait = spec.backoff;
    for (int attempt = 1; attempt <= spec.attempts; ++attempt) {
        outcome.attempts = attempt;
        const Attempt verdict =
            judge(context.http.perform(request), generation, api, context.clock.now());
        outcome.ok = verdict.ok;
        outcome.detail = verdict.detail;
        if (verdict.ok || !verdict.transient || attempt == spec.attempts)
            break;
        context.clock.sleep_for(wait);
        wait *= 2;
    }
    return outcome;
}

}  // namespace lifeline::rotate
