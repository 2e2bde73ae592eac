#include <algorithm>

#include <lifeline/policy/class_policy.hpp>

namespace lifeline::policy {

const char* to_string(FallbackFilter filter) {
    switch (filter) {
        case FallbackFilter::any:
            return "any";
        case FallbackFilter::different_credential:
            return "different_credential";
        case FallbackFilter::other_jurisdiction:
            return "other_jurisdiction";
        case FallbackFilter::larger_context:
            return "larger_context";
    }
    return "any";
}

ClassAction default_class_action(FailureClass failure_class) {
    ClassAction action;
    action.failure_class = failure_class;
    action.max_wait = config::RetryConfig{}.max_wait;
    switch (failure_class) {
        case FailureClass::rate_limited:
            // Rate limits clear within seconds; two waits usually outlast them.
            action.retries = 2;
            break;
        case FailureClass::overloaded:
        case FailureClass::server_error:
        case FailureClass::network:
        case FailureClass::tls:
            action.retries = 1;
            break;
        case FailureClass::timeout:
            action.retries = 1;
            action.shorter_timeout = true;
            break;
        case FailureClass::stream_broken:
            action.retries = 1;
            action.needs_uncommitted = true;
            break;
        case FailureClass::auth:
            action.filter = FallbackFilter::different_credential;
            break;
        case FailureClass::region_blocked:
            action.filter = FallbackFilter::other_jurisdiction;
            break;
        case FailureClass::context_exceeded:
            action.filter = FallbackFilter::larger_context;
            action.may_compress = true;
            break;
        case FailureClass::permission:
        case FailureClass::quota_exhausted:
        case FailureClass::model_not_found:
        case FailureClass::content_filtered:
            break;
        case FailureClass::bad_request:
        case FailureClass::task_failed:
        case FailureClass::budget_exceeded:
            // The request or the task is at fault: another provider would fail the same way.
            action.then = Then::stop;
            break;
    }
    return action;
}

ClassAction resolve_class_action(FailureClass failure_class, const config::RetryConfig& retry) {
    ClassAction action = default_class_action(failure_class);
    action.max_wait = retry.max_wait;
    auto it = retry.classes.find(failure_class);
    if (it != retry.classes.end()) {
        const config::ClassRetryConfig& override_config = it->second;
        if (override_config.retries)
            action.retries = std::max(0, *override_config.retries);
        if (override_config.then)
            action.then = *override_config.then;
        if (override_config.max_wait)
            action.max_wait = *override_config.max_wait;
    }
    if (failure_class == FailureClass::auth)
        action.retries = 0;
    return action;
}

}  // namespace lifeline::policy
