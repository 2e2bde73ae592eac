#include "request_flow.hpp"

#include <lifeline/classify/http_classifier.hpp>
#include <lifeline/config/vendor.hpp>
#include <lifeline/provider/generation.hpp>
#include <lifeline/provider/pricing.hpp>
#include <lifeline/routing/review_filter.hpp>
#include <lifeline/translate/errors.hpp>
#include <lifeline/util/duration.hpp>
#include <lifeline/util/strings.hpp>

namespace failover_proxy {

using lifeline::FailureClass;
using lifeline::policy::NextStep;
using lifeline::translate::Api;
using lifeline::translate::GeminiFraming;
using Steady = std::chrono::steady_clock;

namespace {

double ms_since(Steady::time_point start) {
    return std::chrono::duration<double, std::milli>(Steady::now() - start).count();
}

bool is_success_status(int status) {
    return status >= 200 && status < 300;
}

std::optional<double> cost_of(const lifeline::routing::RouteCandidate& candidate,
                              const lifeline::translate::Usage& usage) {
    if (!candidate.model.price)
        return std::nullopt;
    lifeline::provider::Usage billed;
    billed.input_tokens = usage.input_tokens;
    billed.output_tokens = usage.output_tokens;
    billed.cached_input_tokens = usage.cached_input_tokens;
    billed.cache_creation_tokens = usage.cache_creation_tokens;
    billed.reasoning_tokens = usage.reasoning_tokens;
    return lifeline::provider::cost_usd(
        billed, lifeline::provider::token_prices(*candidate.model.price, candidate.provider.kind));
}

}  // namespace

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
      m_responder(&responder),
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
    const auto now = std::chrono::system_clock::now();
    const int64_t tokens = m_request.estimated_tokens();
    const auto pinned = m_services.sessions.pinned(m_session, m_lane.lane);
    std::vector<lifeline::routing::RouteCandidate> healthy;
    std::vector<lifeline::routing::RouteCandidate> later;
    std::vector<FailureClass> skipped_classes;
    std::vector<lifeline::routing::RouteCandidate> whole_lane;  // for the vendor rule
    for (const std::string& name : m_lane.chain) {
        const auto* candidate = m_snapshot->candidate(name);
        if (candidate == nullptr)
            continue;
        if (m_lane.review.active())
            whole_lane.push_back(*candidate);
        const std::string label = candidate->candidate.label();
        const int64_t window = candidate->model.context_window;
        if (window > 0 && (window < tokens || window < m_lane.min_context)) {
            m_record.notes.push_back(label + " skipped: context window " + std::to_string(window) +
                                     " < ~" + std::to_string(std::max(tokens, m_lane.min_context)) +
                                     " tokens");
            continue;
        }
        if (auto why = m_services.health.skip_reason(label, now)) {
            m_record.notes.push_back(label + " skipped: " + *why);
            skipped_classes.push_back(m_services.health.skip_class(label));
            continue;
        }
        const int cap = m_services.settings.max_in_flight_per_upstream;
        const bool full = cap > 0 && m_services.health.in_flight(label) >= cap;
        if (full)
            m_record.notes.push_back(label + " last: " + std::to_string(cap) +
                                     " requests in flight");
        const bool demoted = m_services.health.demoted(label, now);
        if (demoted)
            m_record.notes.push_back(label + " last: recently rate-limited or overloaded");
        (full || demoted ? later : healthy).push_back(*candidate);
    }
    if (pinned) {
        auto it = std::find_if(healthy.begin(), healthy.end(),
                               [&](const auto& c) { return c.model.name == *pinned; });
        if (it != healthy.end())
            std::rotate(healthy.begin(), it, it + 1);
    }
    m_chain = std::move(healthy);
    m_chain.insert(m_chain.end(), later.begin(), later.end());
    // Nothing left: the client hears why, e.g. a 401 when every key was refused (so an agent
    // does not retry what cannot work), else a retryable overloaded.
    m_unavailable_class = FailureClass::overloaded;
    const auto review = lifeline::routing::filter_reviewers(
        m_chain, m_lane.review,
        lifeline::routing::lane_has_another_vendor(whole_lane, m_lane.review));
    for (const auto& [route, why] : review.rejected)
        m_record.notes.push_back(route.candidate.label() + " skipped: " + why);
    if (!review.warning.empty())
        m_record.notes.push_back(review.warning);
    if (review.all_same_vendor && !review.same_vendor_fallback) {
        // Retrying cannot help: the lane has no other vendor for this author.
        m_unavailable_class = FailureClass::bad_request;
        return;
    }
    if (!skipped_classes.empty() &&
        std::all_of(skipped_classes.begin(), skipped_classes.end(),
                    [&](FailureClass c) { return c == skipped_classes.front(); }))
        m_unavailable_class = skipped_classes.front();
    for (const auto& candidate : m_chain)
        m_state.candidates.push_back(candidate.candidate);
}

void RequestFlow::run_attempt(size_t index) {
    if (m_cancelled)
        return;
    m_attempt = Attempt{};
    m_attempt.seq = m_next_seq++;
    m_held.clear();  // what a failed attempt produced never reaches the client
    m_attempt.candidate = index;
    m_attempt.started = Steady::now();
    const auto& candidate = current();
    const Credential* credential = m_snapshot->credential(candidate.provider.name);
    if (credential != nullptr && !credential->error.empty()) {
        attempt_failed(FailureClass::auth, credential->error, std::nullopt);
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
    if (m_request.stream()) {
        ReaderSetup setup;
        setup.upstream = m_attempt.call.api;
        setup.client = m_request.api();
        setup.pass_through = m_attempt.call.pass_through;
        setup.client_framing = m_request.gemini_framing();
        setup.custom_tools = m_attempt.call.custom_tools;
        m_attempt.reader.emplace(std::move(setup));
    }

    lifeline::http::HttpRequest upstream = std::move(m_attempt.call.request);
    upstream.timeouts.connect = m_services.settings.connect_timeout;
    upstream.timeouts.total =
        m_request.stream() ? lifeline::Duration{0} : lifeline::Duration{600'000};
    upstream.timeouts.idle = m_lane.idle_timeout.count() > 0
                                 ? m_lane.idle_timeout
                                 : m_services.settings.default_idle_timeout;
    upstream.max_response_bytes = 64u << 20;

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
    m_services.health.begin(candidate.candidate.label());
    m_attempt.transfer = m_upstream.start(std::move(upstream), std::move(callbacks));

    if (m_request.stream() && m_lane.first_token_timeout.count() > 0 && !m_committed) {
        m_timer.expires_after(m_lane.first_token_timeout);
        m_timer.async_wait([self, seq](const boost::system::error_code& error) {
            if (!error)
                self->on_first_token_timeout(seq);
        });
    }
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
    if (m_committed) {
        send_stream(std::move(out));
        return;
    }
    m_held += out;
    const auto& progress = m_attempt.reader->progress();
    if (progress.error) {
        const FailureClass failure_class = *progress.error;
        const std::string message = progress.error_message;
        stop_transfer();
        attempt_failed(failure_class, message, std::nullopt);
        return;
    }
    if (progress.content_started || m_held.size() > m_services.settings.hold_limit_bytes)
        commit_stream();
}

void RequestFlow::on_first_token_timeout(uint64_t seq) {
    if (seq != m_attempt.seq || m_finished || m_committed)
        return;
    stop_transfer();
    attempt_failed(FailureClass::timeout,
                   "no first token within " +
                       lifeline::format_duration(m_lane.first_token_timeout) +
                       " (lane first_token_timeout)",
                   std::nullopt);
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
        if (m_committed) {
            // Output has started: a connection that breaks now cut the stream mid-answer.
            const FailureClass failure = error.failure_class() == FailureClass::network
                                             ? FailureClass::stream_broken
                                             : error.failure_class();
            failed_after_output(failure, error.message);
            return;
        }
        attempt_failed(error.failure_class(), error.message, std::nullopt);
        return;
    }
    const lifeline::http::HttpResponse& response = *result;
    m_attempt.status = response.status;
    if (!m_attempt.ttfb_ms)
        m_attempt.ttfb_ms = response.timing.ttfb_ms;
    if (!is_success_status(response.status)) {
        const auto verdict = lifeline::classify_http_response(
            {response.status, response.headers, response.body}, std::chrono::system_clock::now());
        attempt_failed(verdict.failure_class.value_or(FailureClass::server_error),
                       verdict.message.empty() ? verdict.reason : verdict.message,
                       verdict.wait_hint);
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
    if (m_committed) {
        send_stream(std::move(out));
        const auto failure =
            complete ? std::nullopt
                     : std::optional(progress.error.value_or(FailureClass::stream_broken));
        record_attempt(failure, progress.usage, std::nullopt, failure.has_value());
        if (!failure) {
            m_services.sessions.succeeded(
                m_session, m_lane.lane, current().model.name,
                attempt.candidate == 0 && current().model.name == m_lane.chain.front());
        }
        finish(200, failure ? lifeline::to_string(*failure) : "ok");
        if (m_responder)
            m_responder->end_stream();
        return;
    }
    if (!complete || progress.error) {
        attempt_failed(progress.error.value_or(FailureClass::stream_broken),
                       progress.error_message.empty()
                           ? "the upstream stream ended before its end event"
                           : progress.error_message,
                       std::nullopt);
        return;
    }
    m_held += out;
    commit_stream();
    attempt_succeeded(progress.usage);
    if (m_responder)
        m_responder->end_stream();
}

void RequestFlow::whole_done(Attempt& attempt, const lifeline::http::HttpResponse& response) {
    const auto verdict = lifeline::classify_http_response(
        {response.status, response.headers, attempt.body}, std::chrono::system_clock::now());
    if (!verdict.is_success()) {
        attempt_failed(*verdict.failure_class, verdict.message, verdict.wait_hint);
        return;
    }
    ReaderSetup setup;
    setup.upstream = attempt.call.api;
    setup.client = m_request.api();
    setup.pass_through = attempt.call.pass_through;
    setup.custom_tools = attempt.call.custom_tools;
    auto answer = read_whole_answer(setup, std::move(attempt.body));
    if (!answer) {
        attempt_failed(FailureClass::stream_broken,
                       std::string("the upstream's answer is not valid ") +
                           lifeline::translate::to_string(setup.upstream) + ": " +
                           answer.error().message,
                       std::nullopt);
        return;
    }
    m_committed = true;
    m_record.ttfb_ms = ms_since(m_started);
    m_services.metrics.first_byte(m_record.ttfb_ms / 1000.0);
    attempt_succeeded(answer->usage);
    if (m_responder)
        m_responder->respond(200, {{"content-type", "application/json"}}, std::move(answer->body));
}

void RequestFlow::attempt_succeeded(std::optional<lifeline::translate::Usage> usage) {
    record_attempt(std::nullopt, usage, std::nullopt, false);
    const bool first_choice = current().model.name == m_lane.chain.front();
    m_services.sessions.succeeded(m_session, m_lane.lane, current().model.name, first_choice);
    finish(200, "ok");
}

void RequestFlow::attempt_failed(FailureClass failure_class, std::string message,
                                 std::optional<lifeline::Duration> wait_hint) {
    record_attempt(failure_class, std::nullopt, wait_hint, false);
    m_services.sessions.unpin(m_session, m_lane.lane);
    if (m_cancelled)
        return;
    auto outcome = lifeline::policy::AttemptOutcome::failed(failure_class, wait_hint);
    m_state.current = m_attempt.candidate;
    m_state.elapsed = std::chrono::duration_cast<lifeline::Duration>(Steady::now() - m_started);
    const NextStep step =
        lifeline::policy::decide_next(m_state, outcome, m_snapshot->policy, m_random);
    lifeline::policy::advance(m_state, outcome, step);
    switch (step.kind) {
        case NextStep::Kind::retry_same: {
            const size_t next = step.candidate;
            auto self = shared_from_this();
            m_attempt.seq = 0;
            m_timer.expires_after(step.wait);
            m_timer.async_wait([self, next](const boost::system::error_code& error) {
                if (!error && !self->m_cancelled)
                    self->run_attempt(next);
            });
            return;
        }
        case NextStep::Kind::next_candidate:
            m_services.metrics.failover(current().candidate.label(),
                                        lifeline::to_string(failure_class));
            run_attempt(step.candidate);
            return;
        case NextStep::Kind::compress_then_retry:
        case NextStep::Kind::stop:
            break;
    }
    finish_error(failure_class, message, wait_hint);
}

void RequestFlow::failed_after_output(FailureClass failure_class, std::string message) {
    std::string out;
    m_attempt.reader->fail(failure_class, message, out);
    send_stream(std::move(out));
    bool estimated = false;
    const auto usage = usage_so_far(estimated);
    record_attempt(failure_class, usage, std::nullopt, true, estimated);
    m_services.sessions.unpin(m_session, m_lane.lane);
    finish(200, lifeline::to_string(failure_class));
    if (m_responder)
        m_responder->end_stream();
}

void RequestFlow::commit_stream() {
    if (m_committed)
        return;
    m_committed = true;
    m_timer.cancel();
    m_record.ttfb_ms = ms_since(m_started);
    m_services.metrics.first_byte(m_record.ttfb_ms / 1000.0);
    const bool json_array =
        m_request.api() == Api::gemini && m_request.gemini_framing() == GeminiFraming::json_array;
    if (m_responder) {
        m_responder->start_stream(
            200, {{"content-type", json_array ? "application/json" : "text/event-stream"},
                  {"cache-control", "no-cache"}});
    }
    send_stream(std::move(m_held));
    m_held.clear();
}

void RequestFlow::send_stream(std::string bytes) {
    m_streamed_bytes += bytes.size();
    if (m_responder && !bytes.empty())
        m_responder->stream_bytes(std::move(bytes));
}

lifeline::translate::Usage RequestFlow::usage_so_far(bool& estimated) const {
    if (m_attempt.reader && m_attempt.reader->progress().usage) {
        estimated = false;
        return *m_attempt.reader->progress().usage;
    }
    estimated = true;
    lifeline::translate::Usage usage;
    usage.input_tokens = m_request.estimated_tokens();
    usage.output_tokens = static_cast<int64_t>(m_streamed_bytes / 4);
    return usage;
}

void RequestFlow::finish_error(FailureClass failure_class, const std::string& message,
                               std::optional<lifeline::Duration> retry_after) {
    const auto rendered =
        lifeline::translate::render_error(m_request.api(), failure_class, message, retry_after);
    finish(rendered.status, lifeline::to_string(failure_class));
    if (m_responder)
        m_responder->respond(rendered.status, rendered.headers, rendered.body);
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
    const auto& candidate = current();
    const std::string label = candidate.candidate.label();
    const double duration_ms = ms_since(m_attempt.started);
    const auto now = std::chrono::system_clock::now();

    AttemptRecord record;
    record.candidate = label;
    record.upstream_api = lifeline::translate::to_string(m_attempt.call.api);
    record.failure = failure;
    record.status = m_attempt.status;
    record.ttfb_ms = m_attempt.ttfb_ms.value_or(0);
    record.duration_ms = duration_ms;
    record.after_output = after_output;
    record.tokens_estimated = usage.has_value() && estimated;
    if (usage) {
        record.input_tokens = usage->input_tokens;
        record.output_tokens = usage->output_tokens;
        m_services.metrics.tokens(label, usage->input_tokens, usage->output_tokens);
        m_services.sessions.add_tokens(m_session, usage->total_tokens());
    }
    m_record.attempts.push_back(record);
    m_services.metrics.attempt(label, failure ? lifeline::to_string(*failure) : "ok",
                               duration_ms / 1000.0);
    if (counts_for_health)
        m_services.health.record(label, failure, retry_after, now);

    if (m_services.state == nullptr)
        return;
    lifeline::state::Observation observation;
    observation.candidate = label;
    observation.failure = failure;
    observation.latency = lifeline::Duration(static_cast<int64_t>(duration_ms));
    observation.http_status = m_attempt.status;
    observation.time = now;
    observation.retry_after = retry_after;
    if (counts_for_health)
        m_services.state->observe(std::move(observation));

    lifeline::state::LedgerEntry entry;
    entry.time = now;
    entry.run_id = m_services.run_id;
    entry.session = m_services.ledger_session.empty() ? m_session : m_services.ledger_session;
    entry.lane = m_lane.lane;
    entry.provider = candidate.provider.name;
    entry.model = candidate.model.name;
    entry.vendor = lifeline::config::vendor_of(candidate.model, candidate.provider);
    entry.attempt = m_state.attempts_used + 1;
    entry.failure = failure;
    if (usage) {
        entry.input_tokens = usage->input_tokens;
        entry.output_tokens = usage->output_tokens;
        entry.cached_tokens = usage->cached_input_tokens;
        entry.cost_usd = cost_of(candidate, *usage);
    }
    entry.duration_ms = static_cast<int64_t>(duration_ms);
    if (!m_state.history.empty()) {
        entry.is_retry = m_state.history.back().candidate == m_attempt.candidate;
        entry.is_fallback = !entry.is_retry;
    }
    m_services.state->append(std::move(entry));
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

void RequestFlow::cancel() {
    if (m_cancelled)
        return;
    m_cancelled = true;
    m_responder = nullptr;
    const bool streaming = m_committed && m_attempt.transfer != 0;
    stop_transfer();
    if (streaming && !m_finished) {
        // The tokens were spent even though the client left: into the ledger, not into health.
        bool estimated = false;
        const auto usage = usage_so_far(estimated);
        record_attempt(std::nullopt, usage, std::nullopt, true, estimated, false);
    }
    if (!m_finished)
        finish(499, "client_closed");
}

void RequestFlow::abort_for_shutdown() {
    if (m_finished)
        return;
    stop_transfer();
    const std::string message = "the lifeline proxy is shutting down; retry the request";
    if (m_committed && m_attempt.reader) {
        failed_after_output(FailureClass::overloaded, message);
        return;
    }
    finish_error(FailureClass::overloaded, message, std::nullopt);
}

}  // namespace failover_proxy
