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
        Json data = Json::parse(event.data, nullptr, /*allow_exceptions=*/false);
        if (data.is_discarded() || !data.is_object())
            return fail(stream_error(event.event, "data is not a JSON object"));
        std::string type = string_at(data, "type");
        if (type.empty())
            type = event.event;
        if (type == "message_start") {
            const Json* message = member(data, "message");
            if (message == nullptr)
                return fail(stream_error(type, "message missing"));
            if (const Json* usage = member(*message, "usage"); usage != nullptr)
                m_usage_json = *usage;
            m_sink.start(string_at(*message, "id"), string_at(*message, "model"));
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
            if (const Json* delta = member(data, "delta"); delta != nullptr)
                m_stop = messages_stop_from(string_at(*delta, "stop_reason"));
            if (const Json* usage = member(data, "usage"); usage != nullptr && usage->is_object())
                for (const auto& [key, value] : usage->items())
                    if (!value.is_null())
                        m_usage_json[key] = value;  // later counts replace earlier ones
        } else if (type == "message_stop") {
            m_sink.end(m_stop, messages_usage_from(m_usage_json));
        } else if (type == "error") {
            emit_upstream_error(m_sink, "error", event.data);
        }
        return {};  // ping and unknown future events
    }

  private:
    Status on_block_start(const std::string& type, const Json& data) {
        const Json* block = member(data, "content_block");
        std::optional<int64_t> index = int_at(data, "index");
        if (block == nullptr || !index)
            return fail(stream_error(type, "content_block or index missing"));
        std::string kind = string_at(*block, "type");
        m_block = *index;
        if (kind == "text") {
            m_sink.open(BlockKind::text);
            m_sink.delta(StreamEventType::text_delta, string_at(*block, "text"));
        } else if (kind == "tool_use") {
            m_sink.open(BlockKind::tool_call, string_at(*block, "id"), string_at(*block, "name"));
        } else if (kind == "thinking") {
            m_sink.open(BlockKind::reasoning);
        } else if (kind == "redacted_thinking") {
            m_sink.open(BlockKind::reasoning);
            m_sink.signature(string_at(*block, "data"), Vendor::anthropic, /*redacted=*/true);
        } else {
            m_block = -2;  // server tool blocks: not forwarded, their deltas skipped
        }
        return {};
    }

    Status on_block_delta(const std::string& type, const Json& data) {
        if (m_block == -2)
            return {};
        const Json* delta = member(data, "delta");
        if (delta == nullptr || int_at(data, "index").value_or(-1) != m_block || m_block < 0)
            return fail(stream_error(type, "delta for index " +
                                               std::to_string(int_at(data, "index").value_or(-1)) +
                                               " without an open content block"));
        std::string kind = string_at(*delta, "type");
        if (kind == "text_delta")
            m_sink.delta(StreamEventType::text_delta, string_at(*delta, "text"));
        else if (kind == "input_json_delta")
            m_sink.delta(StreamEventType::arguments_delta, string_at(*delta, "partial_json"));
        else if (kind == "thinking_delta")
            m_sink.delta(StreamEventType::reasoning_delta, string_at(*delta, "thinking"));
        else if (kind == "signature_delta")
            m_sink.signature(string_at(*delta, "signature"), Vendor::anthropic);
        return {};
    }

    int64_t m_block = -1;
    StopReason m_stop = StopReason::end_turn;
    Json m_usage_json = Json::object();
};

}  // namespace

std::unique_ptr<StreamDecoder> make_messages_stream_decoder() {
    return std::make_unique<MessagesStreamDecoder>();
}

}  // namespace lifeline::translate::detail
