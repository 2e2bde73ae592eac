#pragma once
// Admission of a model call: the checks a request passes before its RequestFlow starts — a
// body that parses, a lane its model (or a header) names, a valid review rule, and the request
// and session token budgets. Pure: the request, the config and the session's usage in; the
// admitted call, or the error to send back, out. No socket and no shared state, so each check
// is testable alone.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include <lifeline/classify/failure_class.hpp>
#include <lifeline/config/model.hpp>
#include <lifeline/routing/vendor_rule.hpp>
#include <lifeline/util/headers.hpp>
#include <lifeline/util/result.hpp>

#include "access_log.hpp"
#include "client_request.hpp"
#include "endpoint.hpp"
#include "lane_choice.hpp"

namespace failover_proxy {

// Why a call is not admitted: the class and message the client's error answer carries.
struct Refusal {
    lifeline::FailureClass failure_class = lifeline::FailureClass::bad_request;
    std::string message;
};

// A call that passed every check: what its RequestFlow runs.
struct Admission {
    ClientRequest request;
    LaneChoice lane;      // its review rule set
    std::string session;  // the client's session id; "" when it sent none
};

// The tokens `session` has used so far (Sessions::tokens). Asked only when a session budget
// applies and the client named a session.
using SessionUsage = std::function<int64_t(const std::string& session)>;

// Parses the body of a generate or count_tokens request. Refusal: bad_request with the
// parser's message (not a JSON object, no model).
lifeline::Result<ClientRequest, Refusal> parse_model_call(const Endpoint& endpoint,
                                                          std::string body,
                                                          const lifeline::Headers& headers);

// Admits `request` under `config`, in this order (the first failure is the refusal):
// model_not_found when no lane fits (the lane_choice.hpp message); bad_request when the review
// rule is invalid (review_rule.hpp); budget_exceeded when the request's estimate is over
// budget.request_tokens, or its session has used budget.session_tokens.
lifeline::Result<Admission, Refusal> admit_model_call(
    ClientRequest request, const lifeline::Headers& headers, const lifeline::config::Config& config,
    const lifeline::routing::VendorRule& proxy_review_rule, const std::string& proxy_review_of,
    const SessionUsage& session_tokens);

// The access-log record an admitted call starts with: `id`, `now`, the client's API, model,
// lane, session and whether it streams.
RequestRecord admitted_record(const Admission& admission, std::string id,
                              std::chrono::system_clock::time_point now);

}  // namespace failover_proxy
