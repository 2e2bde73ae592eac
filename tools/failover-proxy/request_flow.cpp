// RequestFlow, the run through the chain: planning it, starting each attempt, what follows a
// failed one (retry, next candidate or the client's error), finishing, and the client leaving
// or the proxy stopping. The upstream side of one attempt is in request_flow_upstream.cpp.
#include "request_flow.hpp"

#include <lifeline/translate/errors.hpp>
#include <lifeline/util/duration.hpp>
#include <lifeline/util/strings.hpp>

#include "attempt_end.hpp"
#include "chain_plan.hpp"

namespace failover_proxy {

using lifeline::FailureClass;
using lifeline::policy::NextStep;
using Steady = std::chrono::steady_clock;

RequestFlow::RequestFlow(boost::asio::any_io_executor executor, Services& services,
                         lifeline::http::AsyncTransport& upstream,
                         std::shared_ptr<const Snapshot> snapshot, ClientRequest request,
                         LaneChoice lane, std::string session, Responder& responder,
                         RequestRecord record)
    : m_services(services),
      m_upstream(upstream),
      m_snapshot(std::move(snapshot)),
      m_request(std::move(request)),
      m_lane(std::move(lane)),
      m_session(std::move(session)),
      m_reply(responder, services.settings.hold_limit_bytes),
      m_record(std::move(record)),
      m_random(services.seed ^ services.next_request.load()),
      m_started(Steady::now()),
      m_timer(executor) {}

const lifeline::routing::RouteCandidate& RequestFlow::current() const {
    return m_chain[m_attempt.candidate];
}

void RequestFlow::start() {
    plan();
    if (m_chain.empty()) {
        finish_error(m_unavailable_class,
                     "no candidate of lane \"" + m_lane.lane + "\" is available now (" +
                         lifeline::join(m_record.notes, "; ") + ")",
                     std::nullopt);
        return;
    }
    run_attempt(0);
}

void RequestFlow::plan() {
    ChainRequest request;
    request.now = std::chrono::system_clock::now();
    request.estimated_tokens = m_request.estimated_tokens();
    request.pinned = m_services.sessions.pinned(m_session, m_lane.lane);
    request.max_in_flight_per_upstream = m_services.settings.max_in_flight_per_upstream;
    ChainPlan plan = plan_chain(*m_snapshot, m_lane, request, m_services.health);
    m_record.notes.insert(m_record.notes.end(), plan.notes.begin(), plan.notes.end());
    m_chain = std::move(plan.chain);
    m_unavailable_class = plan.unavailable_class;
    for (const auto& candidate : m_chain)
        m_state.candidates.push_back(candidate.candidate);
}

void RequestFlow::run_attempt(size_t index) {
    if (m_cancelled)
        return;
    begin_attempt(index);
    const auto& candidate = current();
    const Credential* credential = m_snapshot->credential(candidate.provider.name);
    if (credential != nullptr && !credential->error.empty()) {
        attempt_failed({FailureClass::auth, credential->error, std::nullopt});
        return;
    }
    const lifeline::secret::Secret* secret =
        credential != nullptr && credential->secret ? &*credential->secret : nullptr;
    auto call = build_upstream_call(m_request, candidate, secret);
    if (!call) {
        finish_error(FailureClass::bad_request, call.error().message, std::nullopt);
        return;
    }
    m_attempt.call = std::move(*call);
    for (const auto& dropped : m_attempt.call.dropped)
        m_record.notes.push_back(candidate.candidate.label() + ": " + dropped);
    start_transfer();
    arm_first_token_deadline();
}

void RequestFlow::begin_attempt(size_t index) {
    m_attempt = Attempt{};
    m_attempt.seq = m_next_seq++;
    m_reply.drop_held();  // what a failed attempt produced never reaches the client
    m_attempt.candidate = index;
    m_attempt.started = Steady::now();
}

void RequestFlow::attempt_succeeded(std::optional<lifeline::translate::Usage> usage) {
    record_attempt(std::nullopt, usage, std::nullopt, false);
    const bool first_choice = current().model.name == m_lane.chain.front();
    m_services.sessions.succeeded(m_session, m_lane.lane, current().model.name, first_choice);
    finish(200, "ok");
}

void RequestFlow::attempt_failed(const AttemptFailure& failure) {
    record_attempt(failure.failure_class, std::nullopt, failure.wait_hint, false);
    m_services.sessions.unpin(m_session, m_lane.lane);
    if (m_cancelled)
        return;
    const auto elapsed = std::chrono::duration_cast<lifeline::Duration>(Steady::now() - m_started);
    const NextStep step = decide_after_failure(m_state, m_attempt.candidate, failure, elapsed,
                                               m_snapshot->policy, m_random);
    switch (step.kind) {
        case NextStep::Kind::retry_same:
            retry_after_wait(step.candidate, step.wait);
            return;
        case NextStep::Kind::next_candidate:
            m_services.metrics.failover(current().candidate.label(),
                                        lifeline::to_string(failure.failure_class));
            run_attempt(step.candidate);
            return;
        case NextStep::Kind::compress_then_retry:
        case NextStep::Kind::stop:
            break;
    }
    finish_error(failure.failure_class, failure.message, failure.wait_hint);
}

void RequestFlow::retry_after_wait(size_t candidate, lifeline::Duration wait) {
    auto self = shared_from_this();
    m_attempt.seq = 0;
    m_timer.expires_after(wait);
    m_timer.async_wait([self, candidate](const boost::system::error_code& error) {
        if (!error && !self->m_cancelled && !self->m_finished)
            self->run_attempt(candidate);
    });
}

void RequestFlow::failed_after_output(FailureClass failure_class, std::string message) {
    std::string out;
    m_attempt.reader->fail(failure_class, message, out);
    m_reply.send(std::move(out));
    record_cut_stream(failure_class, true);
    m_services.sessions.unpin(m_session, m_lane.lane);
    finish(200, lifeline::to_string(failure_class));
    m_reply.end_stream();
}

void RequestFlow::finish_error(FailureClass failure_class, const std::string& message,
                               std::optional<lifeline::Duration> retry_after) {
    const auto rendered =
        lifeline::translate::render_error(m_request.api(), failure_class, message, retry_after);
    finish(rendered.status, lifeline::to_string(failure_class));
    m_reply.error(rendered.status, rendered.headers, rendered.body);
}

// Called before the answer's last byte is handed to the connection: a client that has its
// whole answer finds the request's access-log line already written.
void RequestFlow::finish(int status, const std::string& outcome) {
    if (m_finished)
        return;
    m_finished = true;
    m_timer.cancel();
    m_record.status = status;
    m_record.outcome = outcome;
    m_record.duration_ms = ms_since(m_started);
    m_services.metrics.request(lifeline::translate::to_string(m_request.api()), m_lane.lane,
                               outcome);
    if (m_services.access_log)
        m_services.access_log->write(m_record);
}

void RequestFlow::record_attempt(std::optional<FailureClass> failure,
                                 std::optional<lifeline::translate::Usage> usage,
                                 std::optional<lifeline::Duration> retry_after, bool after_output,
                                 bool estimated, bool counts_for_health) {
    AttemptEnd end;
    end.candidate = &current();
    end.upstream_api = m_attempt.call.api;
    end.failure = failure;
    end.usage = std::move(usage);
    end.usage_estimated = estimated;
    end.retry_after = retry_after;
    end.status = m_attempt.status;
    end.ttfb_ms = m_attempt.ttfb_ms;
    end.duration_ms = ms_since(m_attempt.started);
    end.after_output = after_output;
    end.counts_for_health = counts_for_health;
    end.time = std::chrono::system_clock::now();
    end.lane = m_lane.lane;
    end.session = m_session;
    end.attempt_number = m_state.attempts_used + 1;
    if (!m_state.history.empty())
        end.same_candidate_as_before = m_state.history.back().candidate == m_attempt.candidate;
    record_attempt_end(end, m_services, m_record);
}

void RequestFlow::record_cut_stream(std::optional<FailureClass> failure, bool counts_for_health) {
    const StreamReader* reader = m_attempt.reader ? &*m_attempt.reader : nullptr;
    const SpentTokens spent =
        usage_so_far(reader, m_request.estimated_tokens(), m_reply.streamed_bytes());
    record_attempt(failure, spent.usage, std::nullopt, true, spent.estimated, counts_for_health);
}

void RequestFlow::cancel() {
    if (m_cancelled)
        return;
    m_cancelled = true;
    m_reply.detach();
    const bool streaming = m_reply.committed() && m_attempt.transfer != 0;
    stop_transfer();
    // The tokens were spent even though the client left: into the ledger, not into health.
    if (streaming && !m_finished)
        record_cut_stream(std::nullopt, false);
    if (!m_finished)
        finish(499, "client_closed");
}

void RequestFlow::abort_for_shutdown() {
    if (m_finished)
        return;
    stop_transfer();
    const std::string message = "the lifeline proxy is shutting down; retry the request";
    if (m_reply.committed() && m_attempt.reader) {
        failed_after_output(FailureClass::overloaded, message);
        return;
    }
    finish_error(FailureClass::overloaded, message, std::nullopt);
}

}  // namespace failover_proxy
