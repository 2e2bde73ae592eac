#include <lifeline/classify/failure_class.hpp>

namespace lifeline {

const char* to_string(FailureClass failure_class) {
    switch (failure_class) {
        case FailureClass::auth:
            return "auth";
        case FailureClass::region_blocked:
            return "region_blocked";
        case FailureClass::permission:
            return "permission";
        case FailureClass::rate_limited:
            return "rate_limited";
        case FailureClass::quota_exhausted:
            return "quota_exhausted";
        case FailureClass::overloaded:
            return "overloaded";
        case FailureClass::server_error:
            return "server_error";
        case FailureClass::timeout:
            return "timeout";
        case FailureClass::network:
            return "network";
        case FailureClass::tls:
            return "tls";
        case FailureClass::stream_broken:
            return "stream_broken";
        case FailureClass::context_exceeded:
            return "context_exceeded";
        case FailureClass::model_not_found:
            return "model_not_found";
        case FailureClass::content_filtered:
            return "content_filtered";
        case FailureClass::bad_request:
            return "bad_request";
        case FailureClass::task_failed:
            return "task_failed";
        case FailureClass::budget_exceeded:
            return "budget_exceeded";
    }
    return "bad_request";
}

const std::vector<FailureClass>& all_failure_classes() {
    static const std::vector<FailureClass> k_all = {
        FailureClass::auth,
        FailureClass::region_blocked,
        FailureClass::permission,
        FailureClass::rate_limited,
        FailureClass::quota_exhausted,
        FailureClass::overloaded,
        FailureClass::server_error,
        FailureClass::timeout,
        FailureClass::network,
        FailureClass::tls,
        FailureClass::stream_broken,
        FailureClass::context_exceeded,
        FailureClass::model_not_found,
        FailureClass::content_filtered,
        FailureClass::bad_request,
        FailureClass::task_failed,
        FailureClass::budget_exceeded,
    };
    return k_all;
}

std::vector<std::string> all_failure_class_ids() {
    std::vector<std::string> ids;
    for (FailureClass c : all_failure_classes())
        ids.emplace_back(to_string(c));
    return ids;
}

std::optional<FailureClass> parse_failure_class(std::string_view id) {
    for (FailureClass c : all_failure_classes()) {
        if (id == to_string(c))
            return c;
    }
    return std::nullopt;
}

bool is_transient(FailureClass failure_class) {
    switch (failure_class) {
        case FailureClass::rate_limited:
        case FailureClass::overloaded:
        case FailureClass::server_error:
        case FailureClass::timeout:
        case FailureClass::network:
        case FailureClass::tls:
        case FailureClass::stream_broken:
            return true;
        default:
            return false;
    }
}

bool is_caller_side(FailureClass failure_class) {
    switch (failure_class) {
        case FailureClass::bad_request:
        case FailureClass::context_exceeded:
        case FailureClass::content_filtered:
        case FailureClass::task_failed:
        case FailureClass::budget_exceeded:
            return true;
        default:
            return false;
    }
}

}  // namespace lifeline
