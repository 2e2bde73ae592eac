#include "request_mode.hpp"

#include <ostream>

#include <nlohmann/json.hpp>

#include <lifeline/classify/http_classifier.hpp>
#include <lifeline/classify/stream_errors.hpp>
#include <lifeline/http/sse_parser.hpp>
#include <lifeline/http/transport.hpp>
#include <lifeline/provider/generation.hpp>
#include <lifeline/provider/request_builder.hpp>
#include <lifeline/provider/stream_reader.hpp>

#include "agent.hpp"
#include "attempt_key.hpp"
#include "jsonl.hpp"

namespace run_with_failover {

namespace provider = lifeline::provider;
namespace config = lifeline::config;
using lifeline::FailureClass;

std::optional<provider::WireApi> parse_request_api(std::string_view name) {
    if (name == "chat")
        return provider::WireApi::chat_completions;
    if (name == "responses")
        return provider::WireApi::responses;
    if (name == "messages")
        return provider::WireApi::anthropic_messages;
    return std::nullopt;
}

bool provider_speaks(const config::ProviderConfig& provider, provider::WireApi api) {
    switch (api) {
        case provider::WireApi::anthropic_messages:
            return provider.kind == config::ProviderKind::anthropic;
        case provider::WireApi::responses:
            return provider.kind == config::ProviderKind::openai ||
                   provider.kind == config::ProviderKind::openai_compatible ||
                   provider.kind == config::ProviderKind::azure;
        case provider::WireApi::chat_completions:
            return provider.kind != config::ProviderKind::anthropic &&
                   provider.kind != config::ProviderKind::gemini;
        case provider::WireApi::gemini:
            return provider.kind == config::ProviderKind::gemini;
    }
    return false;
}

lifeline::Result<RequestBody> parse_request_body(std::string_view text) {
    auto json = try_parse_json(text);
    if (!json || !json->is_object())
        return lifeline::fail(lifeline::ErrorCode::invalid_input,
                              "the request body is not a JSON object");
    RequestBody body;
    body.text = std::string(text);
    body.stream = json->value("stream", false);
    return body;
}

std::string body_for_model(std::string_view body, const std::string& model_id) {
    auto json = try_parse_json(body);
    if (!json || !json->is_object())
        return std::string(body);
    (*json)["model"] = model_id;
    return json->dump();
}

RequestExecutor::RequestExecutor(lifeline::Context& context,
                                 const std::vector<lifeline::routing::RouteCandidate>& chain,
                                 RequestSettings settings,
                                 provider::CredentialResolver& credentials,
                                 lifeline::secret::Redactor& redactor)
    : m_context(context),
      m_chain(chain),
      m_settings(std::move(settings)),
      m_credentials(credentials),
      m_redactor(redactor),
      m_stdout(context.out) {}

namespace {

// Follows one streamed answer: holds bytes back until the first healthy event, then passes
// everything through as it arrives.
class StreamRelay {
  public:
    StreamRelay(provider::WireApi api, lifeline::secret::StreamRedactor& out,
                lifeline::SystemTime now)
        : m_reader(api),
          m_out(out),
          m_now(now),
          m_parser([this](const lifeline::http::SseEvent& event) { on_event(event); }) {}

    // The transport's chunk callback: false aborts the transfer (an error before commit, or
    // bytes that are not a well-formed stream).
    bool feed(std::string_view chunk) {
        if (m_committed)
            m_out.write(chunk);
        else
            m_pending.append(chunk);
        if (!m_parser.feed(chunk))
            m_malformed = true;
        return !m_malformed && !(m_error && !m_committed);
    }

    bool committed() const { return m_committed; }
    bool malformed() const { return m_malformed; }
    const std::optional<lifeline::Classification>& error() const { return m_error; }
    const provider::StreamReader& reader() const { return m_reader; }

    // A stream that ended cleanly before anything was committed (no events at all) still
    // belongs to the caller once complete.
    void finish() {
        if (!m_committed && !m_error && m_reader.complete())
            commit();
    }

  private:
    void on_event(const lifeline::http::SseEvent& event) {
        if (m_error || m_malformed)
            return;
        // Every API streams JSON events; StreamReader would skip anything else and the answer
        // would silently miss a part, so such an event breaks the stream.
        if (!lifeline::http::is_done_marker(event.data) && !nlohmann::json::accept(event.data)) {
            m_malformed = true;
            return;
        }
        const provider::StreamStep step = m_reader.consume(event, m_now);
        if (step.error) {
            m_error = step.error;
            return;
        }
        if (!m_committed)
            commit();
    }
    void commit() {
        m_committed = true;
        m_out.write(m_pending);
        m_pending.clear();
    }

    provider::StreamReader m_reader;
    lifeline::secret::StreamRedactor& m_out;
    lifeline::SystemTime m_now;
    lifeline::http::SseParser m_parser;
    std::string m_pending;
    bool m_committed = false;
    bool m_malformed = false;
    std::optional<lifeline::Classification> m_error;
};

// `report` with the HTTP status it came with.
AttemptReport with_status(AttemptReport report, int status) {
    report.http_status = status;
    return report;
}

// The request for `candidate`: its URL, headers and key, the body with its model id.
lifeline::http::HttpRequest upstream_request(const RequestSettings& settings,
                                             const lifeline::routing::RouteCandidate& candidate,
                                             const lifeline::secret::Secret* secret) {
    const std::string model_id = candidate.model.upstream_id();
    const bool stream = settings.body.stream;
    lifeline::http::HttpRequest request;
    request.method = "POST";
    request.url = provider::generate_url(candidate.provider, settings.api, model_id, stream);
    request.headers = provider::request_headers(candidate.provider, secret);
    request.headers.push_back({"Content-Type", "application/json"});
    if (stream)
        request.headers.push_back({"Accept", "text/event-stream"});
    request.body = body_for_model(settings.body.text, model_id);
    request.timeouts.total =
        settings.attempt_timeout > Duration{0} ? settings.attempt_timeout : Duration{10 * 60'000};
    request.timeouts.idle = settings.idle_timeout;
    return request;
}

// A transfer that ended without a whole response: an in-stream error we aborted on, a
// malformed event, a cut or stall after output was written (committed), or the transport's
// own failure before any.
AttemptReport transport_failure(const lifeline::http::TransportError& error,
                                const StreamRelay& relay) {
    if (relay.error()) {
        AttemptReport report = failed_attempt(*relay.error()->failure_class,
                                              "in-stream error: " + relay.error()->reason);
        report.outcome.wait_hint = relay.error()->wait_hint;
        return with_status(std::move(report), error.status);
    }
    if (relay.malformed()) {
        return with_status(
            failed_attempt(FailureClass::stream_broken,
                           "the stream carried an event that is not JSON", relay.committed()),
            error.status);
    }
    if (relay.committed()) {
        // Committed either way; the class is the transport's (a stall is a timeout).
        const bool stalled = error.kind == lifeline::http::TransportError::Kind::timeout;
        return with_status(
            failed_attempt(stalled ? FailureClass::timeout : FailureClass::stream_broken,
                           std::string(stalled ? "stream stalled" : "stream cut") +
                               " after output was written: " + error.message,
                           true),
            error.status);
    }
    return with_status(failed_attempt(error.failure_class(), error.message), error.status);
}

// A whole response that is no answer to pass on: an error status, or a 200 whose body is not
// JSON; nullopt for a good one.
std::optional<AttemptReport> refused_answer(const lifeline::http::HttpResponse& response,
                                            lifeline::SystemTime now) {
    const lifeline::Classification classification =
        lifeline::classify_http_response({response.status, response.headers, response.body}, now);
    if (!classification.is_success()) {
        AttemptReport report = failed_attempt(
            *classification.failure_class,
            classification.reason +
                (classification.message.empty() ? "" : ": " + classification.message));
        report.outcome.wait_hint = classification.wait_hint;
        return with_status(std::move(report), response.status);
    }
    if (!nlohmann::json::accept(response.body)) {
        return with_status(
            failed_attempt(FailureClass::stream_broken, "the answer is not valid JSON"),
            response.status);
    }
    return std::nullopt;
}

// The end of a stream that arrived whole: its in-stream error, a missing terminal event, or
// success with the stream's usage.
AttemptReport stream_outcome(const StreamRelay& relay, int status) {
    if (relay.error()) {
        AttemptReport report =
            failed_attempt(*relay.error()->failure_class,
                           "in-stream error: " + relay.error()->reason, relay.committed());
        report.outcome.wait_hint = relay.error()->wait_hint;
        return with_status(std::move(report), status);
    }
    if (!relay.reader().complete()) {
        return with_status(
            failed_attempt(FailureClass::stream_broken,
                           relay.committed() ? "stream ended before its terminal event, after "
                                               "output was written"
                                             : "stream ended before any output",
                           relay.committed()),
            status);
    }
    AttemptReport report;
    report.outcome = lifeline::policy::AttemptOutcome::succeeded();
    report.usage = relay.reader().generation().usage;
    return with_status(std::move(report), status);
}

}  // namespace

AttemptReport RequestExecutor::run_attempt(const AttemptRequest& attempt) {
    const lifeline::routing::RouteCandidate& candidate = m_chain.at(attempt.candidate);
    auto key = attempt_key(m_credentials, m_redactor, candidate.provider);
    if (!key)
        return failed_attempt(FailureClass::auth, key.error().to_string());
    lifeline::http::HttpRequest request =
        upstream_request(m_settings, candidate, *key ? &**key : nullptr);

    lifeline::secret::StreamRedactor out(m_redactor,
                                         [this](std::string_view bytes) { m_stdout.write(bytes); });
    const lifeline::SystemTime now = m_context.clock.now();
    StreamRelay relay(m_settings.api, out, now);
    const bool stream = m_settings.body.stream;
    if (stream)
        request.on_body_chunk = [&](std::string_view chunk) {
            // Nobody reads the answer any more: the transfer is abandoned.
            return relay.feed(chunk) && !m_stdout.lost();
        };

    lifeline::http::HttpResult result = m_context.http.perform(request);
    // The answer went (partly) to a stdout nobody reads any more: the run stops here.
    auto lost_output = [&](int status) {
        AttemptReport report = failed_attempt(FailureClass::task_failed, m_stdout.why_lost(), true);
        mark_lost_output(m_stdout, report);
        return with_status(std::move(report), status);
    };
    if (m_stdout.lost())
        return lost_output(result ? result->status : result.error().status);
    if (!result) {
        out.flush();
        return transport_failure(result.error(), relay);
    }
    const lifeline::http::HttpResponse& response = *result;
    if (response.status < 200 || response.status >= 300 || !stream) {
        if (auto refused = refused_answer(response, now))
            return *refused;
        // A complete (non-streamed) answer: written in one go, then read for usage.
        out.write(response.body);
        out.flush();
        if (m_stdout.lost())
            return lost_output(response.status);
        AttemptReport report;
        report.outcome = lifeline::policy::AttemptOutcome::succeeded();
        if (auto generation = provider::read_generation(m_settings.api, response.body))
            report.usage = generation->usage;
        return with_status(std::move(report), response.status);
    }
    relay.finish();
    out.flush();
    if (m_stdout.lost())
        return lost_output(response.status);
    return stream_outcome(relay, response.status);
}

}  // namespace run_with_failover
