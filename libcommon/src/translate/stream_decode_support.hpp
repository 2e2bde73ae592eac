#pragma once
// What every upstream stream decoder shares: an event sink that keeps one block open at a
// time and numbers blocks, a base that runs the SSE parser and turns a handler's failure
// into the decoder's sticky error, and the parse of one event's JSON.
//
// Every decoder on a thread parses its events into that thread's one JsonDocument, so parser
// buffers are allocated once per thread, not once per open stream (a proxy holding a
// thousand streams would otherwise keep a thousand parsers). A view of an event is therefore
// invalid once the next event is parsed, by this decoder or another one on the same thread:
// what a decoder keeps across events it copies out (strings, numbers), and no decoder feeds
// another while it holds a view.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <lifeline/http/sse_parser.hpp>
#include <lifeline/translate/stream_decoder.hpp>

#include "json_border.hpp"
#include "json_reader.hpp"

namespace lifeline::translate::detail {

// Emits neutral events in a valid order: a block is closed before the next opens, the
// message is started before any block, and nothing follows message_end or error.
class EventSink {
  public:
    void bind(std::vector<StreamEvent>* out) { m_out = out; }

    void start(std::string id, std::string model);
    // Opens a new block (closing the open one) and returns its index.
    int open(BlockKind block, std::string id = {}, std::string name = {},
             ToolKind kind = ToolKind::function);
    void close();
    void delta(StreamEventType type, std::string text);
    void signature(std::string signature, Vendor vendor, bool redacted = false);
    void end(StopReason reason, const Usage& usage);
    void error(FailureClass error_class, std::string message);

    bool open_block(BlockKind block) const { return m_open >= 0 && m_open_kind == block; }
    bool started() const { return m_started; }
    bool done() const { return m_done; }

  private:
    void emit(StreamEvent event);

    std::vector<StreamEvent>* m_out = nullptr;
    int m_next = 0;
    int m_open = -1;
    BlockKind m_open_kind = BlockKind::text;
    bool m_started = false;
    bool m_done = false;
};

// A decoder of an SSE stream: subclasses handle one complete event at a time.
class SseDecoder : public StreamDecoder {
  public:
    SseDecoder();
    Status feed(std::string_view bytes, std::vector<StreamEvent>& out) override;

  protected:
    // Handles one event; an Error fails the stream (ErrorCode::parse).
    virtual Status on_event(const http::SseEvent& event) = 0;

    EventSink m_sink;

  private:
    http::SseParser m_parser;
    std::optional<Error> m_error;
};

// An error event for an upstream error object (Responses error/response.failed, Anthropic
// error, Chat/Gemini {"error":...}) using classify's reading of it.
void emit_upstream_error(EventSink& sink, std::string_view event_name, std::string_view data);

// The root of `data`, parsed into this thread's event document, when it is a JSON object
// (valid UTF-8); missing otherwise. Views of the previous event parsed on this thread become
// invalid.
JsonView parse_event_object(std::string_view data);

// ErrorCode::parse "<event>: <what>".
Error stream_error(std::string_view event, const std::string& what);

}  // namespace lifeline::translate::detail
