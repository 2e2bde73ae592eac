#include "admission.hpp"

#include <initializer_list>
#include <optional>

#include <lifeline/translate/api.hpp>
#include <lifeline/util/time.hpp>

#include "review_rule.hpp"

namespace failover_proxy {

using lifeline::fail;
using lifeline::FailureClass;

namespace {

// The first of `names` the client sent with a value; "" when none.
std::string first_header(const lifeline::Headers& headers,
                         std::initializer_list<const char*> names) {
    for (const char* name : names) {
        if (auto value = lifeline::find_header(headers, name); value && !value->empty())
            return std::string(*value);
    }
    return {};
}

// The budgets of `config`, checked before any upstream is asked; empty when within them.
std::optional<Refusal> over_budget(const lifeline::config::Config& config, int64_t tokens,
                                   const std::string& session, const SessionUsage& session_tokens) {
    const auto& budget = config.budget;
    if (budget.request_tokens && tokens > *budget.request_tokens) {
        return Refusal{FailureClass::budget_exceeded,
                       "this request (~" + std::to_string(tokens) +
                           " tokens) is over budget.request_tokens (" +
                           std::to_string(*budget.request_tokens) + ") of " + config.source +
                           "; raise budget.request_tokens or compact the conversation"};
    }
    if (budget.session_tokens && !session.empty() &&
        session_tokens(session) >= *budget.session_tokens) {
        return Refusal{FailureClass::budget_exceeded,
                       "session " + session + " has used its budget.session_tokens (" +
                           std::to_string(*budget.session_tokens) + ") of " + config.source +
                           "; raise budget.session_tokens or start a new session"};
    }
    return std::nullopt;
}

}  // namespace

lifeline::Result<ClientRequest, Refusal> parse_model_call(const Endpoint& endpoint,
                                                          std::string body,
                                                          const lifeline::Headers& headers) {
    auto parsed = ClientRequest::parse(endpoint, std::move(body), headers);
    if (!parsed)
        return fail(Refusal{FailureClass::bad_request, parsed.error().message});
    return std::move(*parsed);
}

lifeline::Result<Admission, Refusal> admit_model_call(
    ClientRequest request, const lifeline::Headers& headers, const lifeline::config::Config& config,
    const lifeline::routing::VendorRule& proxy_review_rule, const std::string& proxy_review_of,
    const SessionUsage& session_tokens) {
    const std::string header_lane = first_header(headers, {"x-lifeline-lane", "x-route-task"});
    auto lane = choose_lane(config, request.model(), header_lane);
    if (!lane)
        return fail(Refusal{FailureClass::model_not_found, lane.error().message});
    auto review = request_review_rule(proxy_review_rule, proxy_review_of, headers, *lane);
    if (!review)
        return fail(Refusal{FailureClass::bad_request, review.error().message});
    lane->review = std::move(*review);
    std::string session = first_header(
        headers, {"x-lifeline-session", "x-claude-code-session-id", "session-id", "session_id"});
    if (auto refusal = over_budget(config, request.estimated_tokens(), session, session_tokens))
        return fail(std::move(*refusal));
    return Admission{std::move(request), std::move(*lane), std::move(session)};
}

RequestRecord admitted_record(const Admission& admission, std::string id,
                              std::chrono::system_clock::time_point now) {
    RequestRecord record;
    record.id = std::move(id);
    record.time = lifeline::format_rfc3339(now, true);
    record.client_api = lifeline::translate::to_string(admission.request.api());
    record.model = admission.request.model();
    record.lane = admission.lane.lane;
    record.session = admission.session;
    record.stream = admission.request.stream();
    return record;
}

}  // namespace failover_proxy
