#pragma once
// Why an attempt failed, in the failover policy's terms, and what the request does next.
// Each classifier turns one way an attempt can end into an AttemptFailure (or nullopt when
// that end is no failure); decide_after_failure asks the shared policy (policy/attempt_plan.hpp)
// whether to wait and retry, move to another candidate or stop. Pure: time and randomness come
// in as arguments.

#include <optional>
#include <string>

#include <lifeline/classify/failure_class.hpp>
#include <lifeline/http/transport.hpp>
#include <lifeline/policy/attempt_plan.hpp>
#include <lifeline/policy/chain_state.hpp>
#include <lifeline/policy/random_source.hpp>
#include <lifeline/translate/api.hpp>
#include <lifeline/translate/stream_event.hpp>
#include <lifeline/util/duration.hpp>
#include <lifeline/util/time.hpp>

namespace failover_proxy {

struct AttemptFailure {
    lifeline::FailureClass failure_class = lifeline::FailureClass::server_error;
    std::string message;                          // what the client is told if the chain stops
    std::optional<lifeline::Duration> wait_hint;  // Retry-After and friends; nullopt = none
};

// The transfer ended without a response (refused, reset, timed out, cut). After output a
// connection that breaks cut the stream mid-answer: network becomes stream_broken.
AttemptFailure transfer_failure(const lifeline::http::TransportError& error, bool after_output);

// The upstream answered with a status other than 2xx: classified from status, headers and
// body (server_error when the classifier names no class). nullopt for a 2xx.
std::optional<AttemptFailure> status_failure(const lifeline::http::HttpResponse& response,
                                             lifeline::SystemTime now);

// A whole 2xx answer whose `body` still says it failed (an error object behind a 200).
// nullopt: a success.
std::optional<AttemptFailure> whole_answer_failure(const lifeline::http::HttpResponse& response,
                                                   const std::string& body,
                                                   lifeline::SystemTime now);

// A whole 2xx answer that does not decode in `upstream`'s API: stream_broken.
AttemptFailure unreadable_answer(lifeline::translate::Api upstream, const std::string& why);

// A 2xx stream that ended before the client saw output: a failure when it was cut short
// (`complete` false) or carried an error event; nullopt when it ended properly.
std::optional<AttemptFailure> stream_end_failure(
    bool complete, const lifeline::translate::StreamProgress& progress);

// A stream whose first content did not arrive within the lane's first_token_timeout.
AttemptFailure first_token_timeout(lifeline::Duration timeout);

// Records the failed attempt on `candidate` (taken `elapsed` after the chain started) in
// `state` and returns what the policy says follows: retry_same after step.wait,
// next_candidate at once, or stop (compress_then_retry, which the proxy cannot do, as well).
lifeline::policy::NextStep decide_after_failure(lifeline::policy::ChainState& state,
                                                size_t candidate, const AttemptFailure& failure,
                                                lifeline::Duration elapsed,
                                                const lifeline::policy::ChainPolicy& policy,
                                                lifeline::policy::RandomSource& random);

}  // namespace failover_proxy
