#include "answer_reader.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include <lifeline/translate/codec.hpp>
#include <lifeline/translate/stream_encoder.hpp>

namespace failover_proxy {

using lifeline::translate::Api;
using lifeline::translate::GeminiFraming;

namespace {

// Raw forwarding keeps the upstream's framing; a Gemini client reading a JSON array cannot
// take the SSE the proxy always asks Gemini upstreams for.
bool forwards_raw(const ReaderSetup& setup) {
    return setup.pass_through &&
           !(setup.client == Api::gemini && setup.client_framing == GeminiFraming::json_array);
}

// True when raw bytes ending in `tail` end an SSE event (or nothing was forwarded yet).
bool ends_an_event(std::string_view tail) {
    return tail.empty() || tail.ends_with("\n\n") || tail.ends_with("\r\r") ||
           tail.ends_with("\r\n\r\n");
}

bool has_usage(const lifeline::translate::Usage& usage) {
    return usage != lifeline::translate::Usage{};
}

}  // namespace

StreamReader::StreamReader(ReaderSetup setup)
    : m_setup(std::move(setup)), m_raw(forwards_raw(m_setup)) {
    if (m_raw) {
        m_decoder = lifeline::translate::make_stream_decoder(m_setup.upstream, GeminiFraming::sse);
    } else {
        lifeline::translate::StreamTranslatorOptions options;
        options.custom_tool_names = m_setup.custom_tools;
        options.upstream_framing = GeminiFraming::sse;
        options.client_framing = m_setup.client_framing;
        m_translator = std::make_unique<lifeline::translate::StreamTranslator>(
            m_setup.upstream, m_setup.client, std::move(options));
    }
}

const lifeline::translate::StreamProgress& StreamReader::progress() const {
    return m_raw ? m_progress : m_translator->progress();
}

void StreamReader::feed(std::string_view chunk, std::string& out) {
    if (!m_raw) {
        (void)m_translator->feed(chunk, out);
        return;
    }
    if (m_progress.ended && m_progress.error)
        return;  // an error ended it; nothing more goes out
    m_events.clear();
    lifeline::Status status = m_decoder->feed(chunk, m_events);
    for (const auto& event : m_events)
        lifeline::translate::note_event(m_progress, event);
    out.append(chunk);
    m_raw_tail.append(chunk.substr(chunk.size() - std::min<size_t>(chunk.size(), 4)));
    m_raw_tail.erase(0, m_raw_tail.size() - std::min<size_t>(m_raw_tail.size(), 4));
    if (!status)
        fail(lifeline::FailureClass::stream_broken, status.error().message, out);
}

bool StreamReader::finish(std::string& out) {
    // The translator calls an upstream error event an end; for the request it is a failure.
    if (!m_raw)
        return m_translator->finish(out) && !m_translator->progress().error;
    m_events.clear();
    const bool complete = m_decoder->finish(m_events);
    for (const auto& event : m_events)
        lifeline::translate::note_event(m_progress, event);
    if (!complete)
        fail(lifeline::FailureClass::stream_broken, "upstream stream ended before its end event",
             out);
    return complete && !m_progress.error;
}

void StreamReader::fail(lifeline::FailureClass failure_class, std::string_view message,
                        std::string& out) {
    if (!m_raw) {
        m_translator->fail(failure_class, message, out);
        return;
    }
    // The client already has the stream's end event, or the upstream's own error event (or
    // ours): nothing may follow it, as in translated mode.
    if (m_progress.ended)
        return;
    const auto event = lifeline::translate::error_event(failure_class, std::string(message));
    lifeline::translate::note_event(m_progress, event);
    // The client's own in-stream error, from a fresh encoder: it carries no state of the
    // forwarded events, which the error event does not need.
    auto encoder = lifeline::translate::make_stream_encoder(m_setup.client, m_setup.client_framing);
    // The raw bytes forwarded so far may end inside an event (one cut, or one over the SSE
    // event limit): a blank line ends it, so the error event is read as an event of its own.
    if (!ends_an_event(m_raw_tail))
        out.append("\n\n");
    encoder->encode(event, out);
}

lifeline::Result<WholeAnswer> read_whole_answer(const ReaderSetup& setup, std::string body) {
    auto decoded = lifeline::translate::decode_response(setup.upstream, body);
    WholeAnswer answer;
    if (setup.pass_through) {
        // Passed through as is, but never a 200 that is not JSON (a gateway's truncated or
        // garbled answer): that fails the attempt like any other broken answer.
        if (!decoded && !nlohmann::json::accept(body))
            return lifeline::fail(lifeline::ErrorCode::parse, "the answer is not JSON");
        if (decoded && has_usage(decoded->usage))
            answer.usage = decoded->usage;
        answer.body = std::move(body);
        return answer;
    }
    if (!decoded)
        return lifeline::fail(decoded.error());
    if (!setup.custom_tools.empty())
        lifeline::translate::restore_custom_tool_calls(*decoded, setup.custom_tools);
    if (has_usage(decoded->usage))
        answer.usage = decoded->usage;
    answer.body = lifeline::translate::encode_response(setup.client, *decoded);
    return answer;
}

}  // namespace failover_proxy
