// RequestFlow, one attempt's upstream side: the transfer and its callbacks, the stream held
// until its first content (or the first-token deadline), and what the end of a stream or of a
// whole answer means for the request. The run through the chain is in request_flow.cpp.
#include "attempt_end.hpp"
#include "request_flow.hpp"

namespace failover_proxy {

using lifeline::FailureClass;

namespace {

// How the answer of `call` is read for a client of `request`.
ReaderSetup reader_setup(const UpstreamCall& call, const ClientRequest& request) {
    ReaderSetup setup;
    setup.upstream = call.api;
    setup.client = request.api();
    setup.pass_through = call.pass_through;
    setup.client_framing = request.gemini_framing();
    setup.custom_tools = call.custom_tools;
    return setup;
}

// A stream has no total timeout (only the lane's idle one); a whole answer gets ten minutes.
void set_transfer_limits(lifeline::http::HttpRequest& upstream, bool stream, const LaneChoice& lane,
                         const ProxySettings& settings) {
    upstream.timeouts.connect = settings.connect_timeout;
    upstream.timeouts.total = stream ? lifeline::Duration{0} : lifeline::Duration{600'000};
    upstream.timeouts.idle =
        lane.idle_timeout.count() > 0 ? lane.idle_timeout : settings.default_idle_timeout;
    upstream.max_response_bytes = 64u << 20;
}

}  // namespace

void RequestFlow::start_transfer() {
    if (m_request.stream())
        m_attempt.reader.emplace(reader_setup(m_attempt.call, m_request));
    lifeline::http::HttpRequest upstream = std::move(m_attempt.call.request);
    set_transfer_limits(upstream, m_request.stream(), m_lane, m_services.settings);
    auto self = shared_from_this();
    const uint64_t seq = m_attempt.seq;
    lifeline::http::AsyncCallbacks callbacks;
    // The loop's transport calls back on this thread, never inside start() or cancel().
    callbacks.on_headers = [self, seq](int status, const lifeline::Headers& headers) {
        self->on_headers(seq, status, headers);
    };
    callbacks.on_chunk = [self, seq](std::string_view chunk) {
        self->on_chunk(seq, chunk);
        return true;
    };
    callbacks.on_done = [self, seq](lifeline::http::HttpResult result) {
        self->on_done(seq, std::move(result));
    };
    m_services.health.begin(current().candidate.label());
    m_attempt.transfer = m_upstream.start(std::move(upstream), std::move(callbacks));
}

void RequestFlow::arm_first_token_deadline() {
    if (!m_request.stream() || m_lane.first_token_timeout.count() <= 0 || m_reply.committed())
        return;
    auto self = shared_from_this();
    const uint64_t seq = m_attempt.seq;
    m_timer.expires_after(m_lane.first_token_timeout);
    m_timer.async_wait([self, seq](const boost::system::error_code& error) {
        if (!error)
            self->on_first_token_timeout(seq);
    });
}

void RequestFlow::on_headers(uint64_t seq, int status, const lifeline::Headers& headers) {
    if (seq != m_attempt.seq || m_finished)
        return;
    m_attempt.status = status;
    m_attempt.headers = headers;
    m_attempt.ttfb_ms = ms_since(m_attempt.started);
}

void RequestFlow::on_chunk(uint64_t seq, std::string_view chunk) {
    if (seq != m_attempt.seq || m_finished)
        return;
    if (!m_attempt.reader) {
        m_attempt.body += chunk;
        return;
    }
    std::string out;
    m_attempt.reader->feed(chunk, out);
    if (m_reply.committed()) {
        m_reply.send(std::move(out));
        return;
    }
    m_reply.hold(out);
    const auto& progress = m_attempt.reader->progress();
    if (progress.error) {
        AttemptFailure failure{*progress.error, progress.error_message, std::nullopt};
        stop_transfer();
        attempt_failed(failure);
        return;
    }
    if (progress.content_started || m_reply.hold_full())
        commit_stream();
}

void RequestFlow::on_first_token_timeout(uint64_t seq) {
    if (seq != m_attempt.seq || m_finished || m_reply.committed())
        return;
    stop_transfer();
    attempt_failed(first_token_timeout(m_lane.first_token_timeout));
}

void RequestFlow::on_done(uint64_t seq, lifeline::http::HttpResult result) {
    if (seq != m_attempt.seq || m_finished)
        return;
    m_timer.cancel();
    m_services.health.end(current().candidate.label());
    m_attempt.transfer = 0;
    if (!result) {
        const auto& error = result.error();
        if (error.status != 0)
            m_attempt.status = error.status;
        // After output nothing can fail over: the client's stream ends with an error event.
        const AttemptFailure failure = transfer_failure(error, m_reply.committed());
        if (m_reply.committed())
            failed_after_output(failure.failure_class, failure.message);
        else
            attempt_failed(failure);
        return;
    }
    const lifeline::http::HttpResponse& response = *result;
    m_attempt.status = response.status;
    if (!m_attempt.ttfb_ms)
        m_attempt.ttfb_ms = response.timing.ttfb_ms;
    if (auto failure = status_failure(response, std::chrono::system_clock::now())) {
        attempt_failed(*failure);
        return;
    }
    if (m_attempt.reader)
        stream_done(m_attempt);
    else
        whole_done(m_attempt, response);
}

void RequestFlow::stream_done(Attempt& attempt) {
    std::string out;
    const bool complete = attempt.reader->finish(out);
    const auto progress = attempt.reader->progress();
    if (m_reply.committed()) {
        stream_ended_after_output(std::move(out), complete, progress);
        return;
    }
    if (auto failure = stream_end_failure(complete, progress)) {
        attempt_failed(*failure);
        return;
    }
    m_reply.hold(out);
    commit_stream();
    attempt_succeeded(progress.usage);
    m_reply.end_stream();
}

void RequestFlow::stream_ended_after_output(std::string out, bool complete,
                                            const lifeline::translate::StreamProgress& progress) {
    m_reply.send(std::move(out));
    const auto failure = complete
                             ? std::nullopt
                             : std::optional(progress.error.value_or(FailureClass::stream_broken));
    record_attempt(failure, progress.usage, std::nullopt, failure.has_value());
    if (!failure) {
        m_services.sessions.succeeded(
            m_session, m_lane.lane, current().model.name,
            m_attempt.candidate == 0 && current().model.name == m_lane.chain.front());
    }
    finish(200, failure ? lifeline::to_string(*failure) : "ok");
    m_reply.end_stream();
}

void RequestFlow::whole_done(Attempt& attempt, const lifeline::http::HttpResponse& response) {
    if (auto failure =
            whole_answer_failure(response, attempt.body, std::chrono::system_clock::now())) {
        attempt_failed(*failure);
        return;
    }
    const ReaderSetup setup = reader_setup(attempt.call, m_request);
    auto answer = read_whole_answer(setup, std::move(attempt.body));
    if (!answer) {
        attempt_failed(unreadable_answer(setup.upstream, answer.error().message));
        return;
    }
    note_first_byte();
    attempt_succeeded(answer->usage);
    m_reply.answer(std::move(answer->body));
}

void RequestFlow::commit_stream() {
    if (m_reply.committed())
        return;
    m_timer.cancel();
    note_first_byte();
    m_reply.start_stream(stream_headers(m_request.api(), m_request.gemini_framing()));
}

void RequestFlow::note_first_byte() {
    m_record.ttfb_ms = ms_since(m_started);
    m_services.metrics.first_byte(m_record.ttfb_ms / 1000.0);
}

void RequestFlow::stop_transfer() {
    m_timer.cancel();
    if (m_attempt.transfer != 0) {
        m_upstream.cancel(m_attempt.transfer);
        m_services.health.end(current().candidate.label());
        m_attempt.transfer = 0;
    }
    m_attempt.seq = 0;  // whatever the cancelled transfer still reports is ignored
}

}  // namespace failover_proxy
