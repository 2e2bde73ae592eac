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

}  // namespace

AttemptReport RequestExecutor::run_attempt(const AttemptRequest& attempt) {
    const lifeline::routing::RouteCandidate& candidate = m_chain.at(attempt.candidate);
    auto credential = m_credentials.resolve(candidate.provider);
    if (!credential)
        return failed_attempt(FailureClass::auth, credential.error().to_string());
    const lifeline::secret::Secret* secret = credential->has_value() ? &**credential : nullptr;
    if (secret)
        m_redactor.add_secret(*secret);

    const std::string model_id = candidate.model.upstream_id();
    const bool stream = m_settings.body.stream;
    lifeline::http::HttpRequest request;
    request.method = "POST";
    request.url = provider::generate_url(candidate.provider, m_settings.api, model_id, stream);
    request.headers = provider::request_headers(candidate.provider, secret);
    request.headers.push_back({"Content-Type", "application/json"});
    if (stream)
        request.headers.push_back({"Accept", "text/event-stream"});
    request.body = body_for_model(m_settings.body.text, model_id);
    request.timeouts.total = m_settings.attempt_timeout > Duration{0} ? m_settings.attempt_timeout
                                                                      : Duration{10 * 60'000};
    request.timeouts.idle = m_settings.idle_timeout;

    lifeline::secret::StreamRedactor out(m_redactor,
                                         [this](std::string_view bytes) { m_stdout.write(bytes); });
    const lifeline::SystemTime now = m_context.clock.now();
    StreamRelay relay(m_settings.api, out, now);
    if (stream)
        request.on_body_chunk = [&](std::string_view chunk) {
            // Nobody reads the answer any more: the transfer is abandoned.
            return relay.feed(chunk) && !m_stdout.lost();
        };

    lifeline::http::HttpResult result = m_context.http.perform(request);
    // The answer went (partly) to a stdout nobody reads any more: the run stops here.
    auto lost_output = [&](int status) {
        AttemptReport report = failed_attempt(FailureClass::task_failed, m_stdout.why_lost(), true);
        report.http_status = status;
        mark_lost_output(m_stdout, report);
        return report;
    };
    if (m_stdout.lost())
        return lost_output(result ? result->status : result.error().status);
    if (!result) {
        const lifeline::http::TransportError& error = result.error();
        out.flush();
        if (relay.error()) {  // we aborted on an in-stream error before committing
            AttemptReport report = failed_attempt(*relay.error()->failure_class,
                                                  "in-stream error: " + relay.error()->reason);
            report.outcome.wait_hint = relay.error()->wait_hint;
            report.http_status = error.status;
            return report;
        }
        if (relay.malformed()) {
            AttemptReport report =
                failed_attempt(FailureClass::stream_broken,
                               "the stream carried an event that is not JSON", relay.committed());
            report.http_status = error.status;
            return report;
        }
        if (relay.committed()) {
            // Committed either way; the class is the transport's (a stall is a timeout).
            const bool stalled = error.kind == lifeline::http::TransportError::Kind::timeout;
            AttemptReport report =
                failed_attempt(stalled ? FailureClass::timeout : FailureClass::stream_broken,
                               std::string(stalled ? "stream stalled" : "stream cut") +
                                   " after output was written: " + error.message,
                               true);
            report.http_status = error.status;
            return report;
        }
        AttemptReport report = failed_attempt(error.failure_class(), error.message);
        report.http_status = error.status;
        return report;
    }
    const lifeline::http::HttpResponse& response = *result;
    if (response.status < 200 || response.status >= 300 || !stream) {
        const lifeline::Classification classification = lifeline::classify_http_response(
            {response.status, response.headers, response.body}, now);
        if (!classification.is_success()) {
            AttemptReport report = failed_attempt(
                *classification.failure_class,
                classification.reason +
                    (classification.message.empty() ? "" : ": " + classification.message));
            report.outcome.wait_hint = classification.wait_hint;
            report.http_status = response.status;
            return report;
        }
        // A 200 whose body is not JSON is a broken answer, never a success to pass on.
        if (!nlohmann::json::accept(response.body)) {
            AttemptReport report =
                failed_attempt(FailureClass::stream_broken, "the answer is not valid JSON");
            report.http_status = response.status;
            return report;
        }
        // A complete (non-streamed) answer: written in one go, then read for usage.
        out.write(response.body);
        out.flush();
        if (m_stdout.lost())
            return lost_output(response.status);
        AttemptReport report;
        report.outcome = lifeline::policy::AttemptOutcome::succeeded();
        report.http_status = response.status;
        if (auto generation = provider::read_generation(m_settings.api, response.body))
            report.usage = generation->usage;
        return report;
    }
    relay.finish();
    out.flush();
    if (m_stdout.lost())
        return lost_output(response.status);
    AttemptReport report;
    report.http_status = response.status;
    if (relay.error()) {
        report = failed_attempt(*relay.error()->failure_class,
                                "in-stream error: " + relay.error()->reason, relay.committed());
        report.outcome.wait_hint = relay.error()->wait_hint;
        report.http_status = response.status;
        return report;
    }
    if (!relay.reader().complete()) {
        report = failed_attempt(FailureClass::stream_broken,
                                relay.committed() ? "stream ended before its terminal event, after "
                                                    "output was written"
                                                  : "stream ended before any output",
                                relay.committed());
        report.http_status = response.status;
        return report;
    }
    report.outcome = lifeline::policy::AttemptOutcome::succeeded();
    report.usage = relay.reader().generation().usage;
    return report;
}

}  // namespace run_with_failover
