#include "stream_decode_support.hpp"

#include <lifeline/classify/stream_errors.hpp>

namespace lifeline::translate::detail {

void EventSink::emit(StreamEvent event) {
    if (m_out != nullptr && !m_done)
        m_out->push_back(std::move(event));
}

void EventSink::start(std::string id, std::string model) {
    if (m_started)
        return;
    m_started = true;
    emit(message_start_event(std::move(id), std::move(model)));
}

int EventSink::open(BlockKind block, std::string id, std::string name, ToolKind kind) {
    if (!m_started)
        start("", "");
    close();
    m_open = m_next++;
    m_open_kind = block;
    emit(block_start_event(m_open, block, std::move(id), std::move(name), kind));
    return m_open;
}

void EventSink::close() {
    if (m_open < 0)
        return;
    emit(block_stop_event(m_open));
    m_open = -1;
}

void EventSink::delta(StreamEventType type, std::string text) {
    if (m_open < 0 || text.empty())
        return;
    emit(delta_event(type, m_open, std::move(text)));
}

void EventSink::signature(std::string signature, Vendor vendor, bool redacted) {
    if (m_open < 0 || signature.empty())
        return;
    emit(signature_event(m_open, std::move(signature), vendor, redacted));
}

void EventSink::end(StopReason reason, const Usage& usage) {
    if (m_done)
        return;
    if (!m_started)
        start("", "");
    close();
    emit(message_end_event(reason, usage));
    m_done = true;
}

void EventSink::error(FailureClass error_class, std::string message) {
    if (m_done)
        return;
    emit(error_event(error_class, std::move(message)));
    m_done = true;
}

SseDecoder::SseDecoder()
    : m_parser([this](const http::SseEvent& event) {
          if (m_error)
              return;
          Status status = on_event(event);
          if (!status)
              m_error = status.error();
      }) {}

Status SseDecoder::feed(std::string_view bytes, std::vector<StreamEvent>& out) {
    if (m_error)
        return fail(*m_error);
    m_sink.bind(&out);
    Status status = m_parser.feed(bytes);
    m_sink.bind(nullptr);
    if (!status && !m_error)
        m_error = status.error();
    if (m_error)
        return fail(*m_error);
    return {};
}

void emit_upstream_error(EventSink& sink, std::string_view event_name, std::string_view data) {
    std::optional<Classification> verdict = classify_stream_event(event_name, data, SystemTime{});
    if (verdict && verdict->failure_class)
        sink.error(*verdict->failure_class, verdict->message);
    else
        sink.error(FailureClass::server_error, std::string(event_name) + " from upstream");
}

JsonView parse_event_object(std::string_view data) {
    thread_local JsonDocument document;
    Result<JsonView> root = document.parse(data, "event");
    return root && root->is_object() ? *root : JsonView();
}

Error stream_error(std::string_view event, const std::string& what) {
    return make_error(ErrorCode::parse, std::string(event) + ": " + what);
}

}  // namespace lifeline::translate::detail
