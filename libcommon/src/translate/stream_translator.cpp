#include <algorithm>

#include <lifeline/translate/stream_translator.hpp>

#include "encode_support.hpp"

namespace lifeline::translate {

StreamTranslator::StreamTranslator(Api upstream, Api client, StreamTranslatorOptions options)
    : m_decoder(make_stream_decoder(upstream, options.upstream_framing)),
      m_encoder(make_stream_encoder(client, options.client_framing)),
      m_options(std::move(options)),
      m_adapt_custom(upstream != Api::responses && !m_options.custom_tool_names.empty()) {}

Status StreamTranslator::feed(std::string_view upstream_bytes, std::string& out) {
    m_events.clear();
    Status status = m_decoder->feed(upstream_bytes, m_events);
    forward(m_events, out);
    if (!status)
        fail(FailureClass::stream_broken, status.error().message, out);
    return status;
}

bool StreamTranslator::finish(std::string& out) {
    m_events.clear();
    bool complete = m_decoder->finish(m_events);
    forward(m_events, out);
    if (!complete)
        fail(FailureClass::stream_broken, "upstream stream ended before its end event", out);
    return complete;
}

void StreamTranslator::fail(FailureClass failure_class, std::string_view message,
                            std::string& out) {
    StreamEvent event = error_event(failure_class, std::string(message));
    if (!m_progress.ended)
        note_event(m_progress, event);
    m_encoder->encode(event, out);
}

void StreamTranslator::forward(std::vector<StreamEvent>& events, std::string& out) {
    for (StreamEvent& event : events) {
        note_event(m_progress, event);
        if (m_adapt_custom && adapt_custom(event, out))
            continue;
        m_encoder->encode(event, out);
    }
}

// A custom tool the upstream saw as a function streams {"input": "..."} pieces; the client
// wants the plain string. That one call's arguments are held until its block ends.
bool StreamTranslator::adapt_custom(StreamEvent& event, std::string& out) {
    const auto& names = m_options.custom_tool_names;
    if (event.type == StreamEventType::block_start && event.block == BlockKind::tool_call &&
        std::find(names.begin(), names.end(), event.name) != names.end()) {
        m_custom_block = event.index;
        m_custom_arguments.clear();
        event.tool_kind = ToolKind::custom;
        return false;
    }
    if (event.index != m_custom_block || m_custom_block < 0)
        return false;
    if (event.type == StreamEventType::arguments_delta) {
        m_custom_arguments += event.text;
        return true;
    }
    if (event.type == StreamEventType::block_stop) {
        std::string text = detail::custom_input(m_custom_arguments).value_or(m_custom_arguments);
        m_encoder->encode(delta_event(StreamEventType::arguments_delta, event.index, text), out);
        m_custom_block = -1;
    }
    return false;
}

}  // namespace lifeline::translate
