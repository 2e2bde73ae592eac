#include <lifeline/classify/error_rules.hpp>
#include <lifeline/classify/http_classifier.hpp>
#include <lifeline/classify/wait_hint.hpp>

#include "error_json.hpp"

namespace lifeline {
namespace {

Classification failure(FailureClass failure_class, std::string reason) {
    Classification out;
    out.failure_class = failure_class;
    out.reason = std::move(reason);
    return out;
}

Classification blocked_prompt(int status, const std::string& block_reason) {
    Classification out = failure(FailureClass::content_filtered,
                                 "HTTP " + std::to_string(status) + " promptFeedback.blockReason " +
                                     block_reason + ": prompt blocked by the safety filter");
    out.provider_code = block_reason;
    return out;
}

}  // namespace

Classification classify_http_response(const HttpSignal& signal, SystemTime now) {
    const int status = signal.status;
    if (status <= 0) {
        return failure(FailureClass::network, "no HTTP status (the transport failed first)");
    }
    Classification out;
    if (status < 400) {
        const detail::BodyReading reading = detail::read_body(signal.body);
        if (status < 200 || status >= 300) {
            out =
                failure(FailureClass::bad_request,
                        "HTTP " + std::to_string(status) +
                            ": unexpected non-2xx answer (redirect not followed? check base_url)");
        } else if (reading.error) {
            // OpenRouter (and some gateways) report failures that happen after the status line
            // was sent inside a 200 body.
            out = classify_provider_error(status, *reading.error);
        } else if (!reading.block_reason.empty()) {
            return blocked_prompt(status, reading.block_reason);
        } else {
            out.reason = "HTTP " + std::to_string(status);
            return out;
        }
    } else {
        const detail::BodyReading reading = detail::read_body(signal.body);
        if (reading.error) {
            out = classify_provider_error(status, *reading.error);
        } else {
            out = *classify_status(status, signal.body);
        }
    }
    if (out.failure_class && is_transient(*out.failure_class)) {
        // Headers outrank the body (wait_hint.hpp); the body hint stays when headers say nothing.
        if (const auto from_headers = wait_hint_from_headers(signal.headers, now)) {
            out.wait_hint = from_headers;
        }
    }
    return out;
}

}  // namespace lifeline
