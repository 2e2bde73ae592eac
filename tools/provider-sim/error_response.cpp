// Headers that accompany an error: request ids, Retry-After, and the rate-limit families that
// clients read to decide how long to wait.
#include <lifeline/util/time.hpp>

#include "error_bodies.hpp"

namespace provider_sim {

using lifeline::FailureClass;

namespace {

std::string whole_seconds(Duration duration) {
    return std::to_string((duration.count() + 999) / 1000);
}

std::string go_duration(Duration duration) {
    // OpenAI's x-ratelimit-reset-* values look like "6m0s", "1.5s", "120ms".
    return lifeline::format_duration(duration);
}

void add_openai_rate_headers(SimResponse& response, Duration retry, bool exhausted) {
    response.add_header("x-ratelimit-limit-requests", "500");
    response.add_header("x-ratelimit-remaining-requests", exhausted ? "0" : "499");
    response.add_header("x-ratelimit-reset-requests", go_duration(retry));
    response.add_header("x-ratelimit-limit-tokens", "30000");
    response.add_header("x-ratelimit-remaining-tokens", exhausted ? "0" : "28797");
    response.add_header("x-ratelimit-reset-tokens", go_duration(retry));
}

void add_anthropic_rate_headers(SimResponse& response, const ResponseMeta& meta, Duration retry,
                                bool exhausted) {
    const std::string reset = lifeline::format_rfc3339(meta.now + retry);
    response.add_header("anthropic-ratelimit-requests-limit", "50");
    response.add_header("anthropic-ratelimit-requests-remaining", exhausted ? "0" : "49");
    response.add_header("anthropic-ratelimit-requests-reset", reset);
    response.add_header("anthropic-ratelimit-tokens-limit", "90000");
    response.add_header("anthropic-ratelimit-tokens-remaining", exhausted ? "0" : "89000");
    response.add_header("anthropic-ratelimit-tokens-reset", reset);
    response.add_header("anthropic-ratelimit-input-tokens-limit", "50000");
    response.add_header("anthropic-ratelimit-input-tokens-remaining", exhausted ? "0" : "49000");
    response.add_header("anthropic-ratelimit-input-tokens-reset", reset);
}

}  // namespace

SimResponse error_response(Family family, const ErrorSpec& spec, const ResponseMeta& meta) {
    const int status = effective_status(family, spec);
    SimResponse response = json_response(status, error_body(family, spec, meta));
    response.note = lifeline::to_string(spec.failure_class);
    const bool rate_limited = spec.failure_class == FailureClass::rate_limited;
    const Duration retry = spec.retry_after.value_or(Duration(2000));
    switch (family) {
        case Family::openai:
        case Family::admin:
            response.add_header("x-request-id", meta.request_id);
            response.add_header("openai-organization", "org-providersim");
            if (rate_limited) {
                add_openai_rate_headers(response, retry, true);
            }
            break;
        case Family::azure:
            response.add_header("apim-request-id", meta.request_id);
            response.add_header("x-request-id", meta.request_id);
            response.add_header("x-ms-region", "Sweden Central");
            if (status == 429) {
                // Azure always tells how long to wait, in both units.
                response.add_header("retry-after", whole_seconds(retry));
                response.add_header("retry-after-ms", std::to_string(retry.count()));
                response.add_header("x-ratelimit-remaining-requests", "0");
                response.add_header("x-ratelimit-remaining-tokens", "0");
            }
            break;
        case Family::anthropic:
            response.add_header("request-id", meta.request_id);
            response.add_header("anthropic-organization-id",
                                "00000000-0000-4000-8000-000000000001");
            response.add_header("x-should-retry",
                                status == 429 || status >= 500 ? "true" : "false");
            if (rate_limited) {
                response.add_header("retry-after", whole_seconds(retry));
                add_anthropic_rate_headers(response, meta, retry, true);
            }
            break;
        case Family::gemini:
            response.content_type = "application/json; charset=UTF-8";
            break;
        case Family::openrouter:
        case Family::sim:
            break;
    }
    // An explicit retry_after in the scenario is always sent, in both common units (OpenAI's
    // SDKs read retry-after-ms first).
    if (spec.retry_after && family != Family::azure && family != Family::anthropic) {
        response.add_header("retry-after", whole_seconds(*spec.retry_after));
        response.add_header("retry-after-ms", std::to_string(spec.retry_after->count()));
    } else if (spec.retry_after && family == Family::anthropic && !rate_limited) {
        response.add_header("retry-after", whole_seconds(*spec.retry_after));
    }
    return response;
}

}  // namespace provider_sim
