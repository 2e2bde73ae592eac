// Upstream Anthropic Messages streams: message_start, content_block_start/delta/stop per
// block, message_delta (stop reason, usage), message_stop; ping ignored; error events.

#include "stream_decoders.hpp"
#include "wire_maps.hpp"

namespace lifeline::translate::detail {

namespace {

class MessagesStreamDecoder : public SseDecoder {
  public:
    bool finish(std::vector<StreamEvent>& out) override {
        (void)out;
        return m_sink.done();
    }

  protected:
    Status on_event(const http::SseEvent& event) override {
        JsonView data = parse_event_object(event.data);
        if (!data)
            return fail(stream_error(event.event, "data is not a JSON object"));
        std::string type = string_at(data, "type");
        if (type.empty())
            type = event.event;
        if (type == "message_start") {
            JsonView message = member(data, "message");
            if (!message)
                return fail(stream_error(type, "message missing"));
            if (JsonView usage = member(message, "usage")) {
                m_usage = {};
                merge_messages_usage(m_usage, usage);
            }
            m_sink.start(string_at(message, "id"), string_at(message, "model"));
        } else if (type == "content_block_start") {
            return on_block_start(type, data);
        } else if (type == "content_block_delta") {
            return on_block_delta(type, data);
        } else if (type == "content_block_stop") {
            if (int_at(data, "index").value_or(-1) != m_block)
                return fail(stream_error(type, "index does not match the open block"));
            m_sink.close();
            m_block = -1;
        } else if (type == "message_delta") {
            if (JsonView delta = member(data, "delta"))
                m_stop = messages_stop_from(string_at(delta, "stop_reason"));
            merge_messages_usage(m_usage, member(data, "usage"));  // later counts replace earlier
        } else if (type == "message_stop") {
            m_sink.end(m_stop, messages_usage(m_usage));
        } else if (type == "error") {
            emit_upstream_error(m_sink, "error", event.data);
        }
        return {};  // ping and unknown future events
    }

  private:
    Status on_block_start(const std::string& type, JsonView data) {
        JsonView block = member(data, "content_block");
        std::optional<int64_t> index = int_at(data, "index");
        if (!block || !index)
            return fail(stream_error(type, "content_block or index missing"));
        std::string kind = string_at(block, "type");
        m_block = *index;
        if (kind == "text") {
            m_sink.open(BlockKind::text);
            m_sink.delta(StreamEventType::text_delta, string_at(block, "text"));
        } else if (kind == "tool_use") {
            m_sink.open(BlockKind::tool_call, string_at(block, "id"), string_at(block, "name"));
        } else if (kind == "thinking") {
            m_sink.open(BlockKind::reasoning);
        } else if (kind == "redacted_thinking") {
            m_sink.open(BlockKind::reasoning);
            m_sink.signature(string_at(block, "data"), Vendor::anthropic, /*redacted=*/true);
        } else {
            m_block = -2;  // server tool blocks: not forwarded, their deltas skipped
        }
        return {};
    }

    Status on_block_delta(const std::string& type, JsonView data) {
        if (m_block == -2)
            return {};
        JsonView delta = member(data, "delta");
        if (!delta || int_at(data, "index").value_or(-1) != m_block || m_block < 0)
            return fail(stream_error(type, "delta for index " +
                                               std::to_string(int_at(data, "index").value_or(-1)) +
                                               " without an open content block"));
        std::string kind = string_at(delta, "type");
        if (kind == "text_delta")
            m_sink.delta(StreamEventType::text_delta, string_at(delta, "text"));
        else if (kind == "input_json_delta")
            m_sink.delta(StreamEventType::arguments_delta, string_at(delta, "partial_json"));
        else if (kind == "thinking_delta")
            m_sink.delta(StreamEventType::reasoning_delta, string_at(delta, "thinking"));
        else if (kind == "signature_delta")
            m_sink.signature(string_at(delta, "signature"), Vendor::anthropic);
        return {};
    }

    int64_t m_block = -1;
    StopReason m_stop = StopReason::end_turn;
    MessagesUsageCounts m_usage;  // copied out of the events: views do not outlive one
};

}  // namespace

std::unique_ptr<StreamDecoder> make_messages_stream_decoder() {
    return std::make_unique<MessagesStreamDecoder>();
}

}  // namespace lifeline::translate::detail
