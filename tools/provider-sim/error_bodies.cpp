// The family-independent part of the error responses: statuses per family and class, and the
// dispatch of error_body to each family's builder (error_bodies_<family>.cpp).
#include "error_bodies.hpp"

#include "error_bodies_detail.hpp"

namespace provider_sim {

using lifeline::FailureClass;

namespace detail {

std::string retry_after_seconds(Duration duration) {
    return std::to_string((duration.count() + 999) / 1000);
}

}  // namespace detail

ErrorSpec make_spec(FailureClass failure_class, int status, std::string message) {
    ErrorSpec spec;
    spec.failure_class = failure_class;
    spec.status = status;
    spec.message = std::move(message);
    return spec;
}

int default_status(Family family, FailureClass failure_class) {
    switch (failure_class) {
        case FailureClass::auth:
            return (family == Family::gemini) ? 400 : 401;
        case FailureClass::region_blocked:
            return family == Family::gemini ? 400 : 403;
        case FailureClass::permission:
            return 403;
        case FailureClass::rate_limited:
            return 429;
        case FailureClass::quota_exhausted:
            return family == Family::openrouter ? 402 : family == Family::anthropic ? 400 : 429;
        case FailureClass::overloaded:
            return family == Family::anthropic ? 529 : 503;
        case FailureClass::timeout:
            return 504;
        case FailureClass::context_exceeded:
        case FailureClass::bad_request:
            return 400;
        case FailureClass::content_filtered:
            return family == Family::gemini ? 400 : family == Family::openrouter ? 403 : 400;
        case FailureClass::model_not_found:
            return family == Family::openrouter ? 400 : 404;
        default:
            return 500;
    }
}

int effective_status(Family family, const ErrorSpec& spec) {
    if (spec.status != 0) {
        return spec.status;
    }
    if (family == Family::gemini && spec.failure_class == FailureClass::auth && spec.key_missing) {
        return 403;
    }
    return default_status(family, spec.failure_class);
}

std::string error_body(Family family, const ErrorSpec& spec, const ResponseMeta& meta) {
    int status = effective_status(family, spec);
    Duration retry = spec.retry_after.value_or(Duration(2000));
    switch (family) {
        case Family::azure:
            return detail::azure_error(spec, status, retry).dump();
        case Family::anthropic:
            return detail::anthropic_error(spec, status, meta).dump();
        case Family::gemini:
            return detail::gemini_error(spec, status, retry).dump();
        case Family::openrouter:
            return detail::openrouter_error(spec, status, retry, meta).dump();
        default:
            return detail::openai_error(spec, retry).dump();
    }
}

}  // namespace provider_sim
