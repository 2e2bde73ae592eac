#include "attempt_failure.hpp"

#include <lifeline/classify/http_classifier.hpp>

namespace failover_proxy {

using lifeline::FailureClass;

AttemptFailure transfer_failure(const lifeline::http::TransportError& error, bool after_output) {
    FailureClass failure_class = error.failure_class();
    if (after_output && failure_class == FailureClass::network)
        failure_class = FailureClass::stream_broken;
    return {failure_class, error.message, std::nullopt};
}

std::optional<AttemptFailure> status_failure(const lifeline::http::HttpResponse& response,
                                             lifeline::SystemTime now) {
    if (response.status >= 200 && response.status < 300)
        return std::nullopt;
    const auto verdict =
        lifeline::classify_http_response({response.status, response.headers, response.body}, now);
    return AttemptFailure{verdict.failure_class.value_or(FailureClass::server_error),
                          verdict.message.empty() ? verdict.reason : verdict.message,
                          verdict.wait_hint};
}

std::optional<AttemptFailure> whole_answer_failure(const lifeline::http::HttpResponse& response,
                                                   const std::string& body,
                                                   lifeline::SystemTime now) {
    const auto verdict =
        lifeline::classify_http_response({response.status, response.headers, body}, now);
    if (verdict.is_success())
        return std::nullopt;
    return AttemptFailure{*verdict.failure_class, verdict.message, verdict.wait_hint};
}

AttemptFailure unreadable_answer(lifeline::translate::Api upstream, const std::string& why) {
    return {FailureClass::stream_broken,
            std::string("the upstream's answer is not valid ") +
                lifeline::translate::to_string(upstream) + ": " + why,
            std::nullopt};
}

std::optional<AttemptFailure> stream_end_failure(
    bool complete, const lifeline::translate::StreamProgress& progress) {
    if (complete && !progress.error)
        return std::nullopt;
    return AttemptFailure{progress.error.value_or(FailureClass::stream_broken),
                          progress.error_message.empty()
                              ? "the upstream stream ended before its end event"
                              : progress.error_message,
                          std::nullopt};
}

AttemptFailure first_token_timeout(lifeline::Duration timeout) {
    return {FailureClass::timeout,
            "no first token within " + lifeline::format_duration(timeout) +
                " (lane first_token_timeout)",
            std::nullopt};
}

lifeline::policy::NextStep decide_after_failure(lifeline::policy::ChainState& state,
                                                size_t candidate, const AttemptFailure& failure,
                                                lifeline::Duration elapsed,
                                                const lifeline::policy::ChainPolicy& policy,
                                                lifeline::policy::RandomSource& random) {
    const auto outcome =
        lifeline::policy::AttemptOutcome::failed(failure.failure_class, failure.wait_hint);
    state.current = candidate;
    state.elapsed = elapsed;
    const auto step = lifeline::policy::decide_next(state, outcome, policy, random);
    lifeline::policy::advance(state, outcome, step);
    return step;
}

}  // namespace failover_proxy
