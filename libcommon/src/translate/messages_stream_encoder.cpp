// Client Anthropic Messages streams, as Claude Code reads them: message_start,
// content_block_start / content_block_delta / content_block_stop per block, message_delta
// with the stop reason and usage, message_stop. Thinking of another vendor gets a lifeline
// envelope as its signature; errors are `event: error` (overloaded_error makes Claude Code
// retry the turn).

#include <lifeline/translate/errors.hpp>
#include <lifeline/translate/reasoning_envelope.hpp>

#include "json_writer.hpp"
#include "stream_decoders.hpp"
#include "wire_maps.hpp"

namespace lifeline::translate::detail {

namespace {

class MessagesStreamEncoder : public StreamEncoder {
  public:
    void encode(const StreamEvent& event, std::string& out) override {
        if (m_ended)
            return;
        switch (event.type) {
            case StreamEventType::message_start:
                m_id = event.id.empty() ? "msg_lifeline" : event.id;
                m_model = event.name;
                begin(out);
                break;
            case StreamEventType::block_start:
                block_start(event, out);
                break;
            case StreamEventType::text_delta:
                delta("text_delta", "text", event.text, out);
                break;
            case StreamEventType::arguments_delta:
                delta("input_json_delta", "partial_json", event.text, out);
                break;
            case StreamEventType::reasoning_delta:
                open_reasoning(false, out);
                m_thinking += event.text;
                delta("thinking_delta", "thinking", event.text, out);
                break;
            case StreamEventType::reasoning_signature:
                signature(event, out);
                break;
            case StreamEventType::block_stop:
                block_stop(out);
                break;
            case StreamEventType::message_end:
                end(event, out);
                break;
            case StreamEventType::error:
                error(event, out);
                break;
        }
    }

  private:
    void emit(std::string_view name, const Json& body, std::string& out) {
        out.append("event: ").append(name).append("\ndata: ");
        out.append(dump_json(body)).append("\n\n");
    }

    void begin(std::string& out) {
        if (m_begun)
            return;
        m_begun = true;
        Json message = {{"id", m_id},
                        {"type", "message"},
                        {"role", "assistant"},
                        {"model", m_model},
                        {"content", Json::array()},
                        {"stop_reason", nullptr},
                        {"stop_sequence", nullptr},
                        {"usage", {{"input_tokens", 0}, {"output_tokens", 0}}}};
        emit("message_start", {{"type", "message_start"}, {"message", message}}, out);
    }

    void block_start(const StreamEvent& event, std::string& out) {
        begin(out);
        m_open = true;
        m_block = event.block;
        if (event.block == BlockKind::reasoning) {
            m_reasoning_started = false;  // deferred: it may turn out redacted
            m_thinking.clear();
            return;
        }
        Json block = event.block == BlockKind::text ? Json{{"type", "text"}, {"text", ""}}
                                                    : Json{{"type", "tool_use"},
                                                           {"id", event.id},
                                                           {"name", event.name},
                                                           {"input", Json::object()}};
        emit("content_block_start",
             {{"type", "content_block_start"}, {"index", m_index}, {"content_block", block}}, out);
    }

    void open_reasoning(bool redacted, std::string& out, const std::string& data = {}) {
        if (!m_open || m_block != BlockKind::reasoning || m_reasoning_started)
            return;
        m_reasoning_started = true;
        Json block = redacted ? Json{{"type", "redacted_thinking"}, {"data", data}}
                              : Json{{"type", "thinking"}, {"thinking", ""}, {"signature", ""}};
        emit("content_block_start",
             {{"type", "content_block_start"}, {"index", m_index}, {"content_block", block}}, out);
    }

    void delta(const char* type, const char* key, std::string_view text, std::string& out) {
        if (!m_open || text.empty())
            return;
        m_output_started = true;
        out.append(
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":");
        out.append(std::to_string(m_index)).append(",\"delta\":{\"type\":\"").append(type);
        out.append("\",\"").append(key).append("\":");
        append_quoted(out, text);
        out.append("}}\n\n");
    }

    void signature(const StreamEvent& event, std::string& out) {
        if (!m_open || m_block != BlockKind::reasoning)
            return;
        if (event.redacted && event.vendor == Vendor::anthropic && !m_reasoning_started) {
            open_reasoning(true, out, event.text);
            return;
        }
        open_reasoning(false, out);
        Reasoning reasoning{m_thinking, event.vendor, event.text, event.redacted, ""};
        delta("signature_delta", "signature", opaque_for_client(Api::messages, reasoning), out);
    }

    void block_stop(std::string& out) {
        if (!m_open)
            return;
        open_reasoning(false, out);
        emit("content_block_stop", {{"type", "content_block_stop"}, {"index", m_index}}, out);
        m_open = false;
        ++m_index;
    }

    void end(const StreamEvent& event, std::string& out) {
        begin(out);
        block_stop(out);
        emit(
            "message_delta",
            {{"type", "message_delta"},
             {"delta",
              {{"stop_reason", messages_stop_name(event.stop_reason)}, {"stop_sequence", nullptr}}},
             {"usage", messages_usage_json(event.usage)}},
            out);
        emit("message_stop", {{"type", "message_stop"}}, out);
        m_ended = true;
    }

    void error(const StreamEvent& event, std::string& out) {
        ClientError error = client_error(Api::messages, event.error_class, event.text, true);
        emit("error",
             {{"type", "error"}, {"error", {{"type", error.type}, {"message", error.message}}}},
             out);
        m_ended = true;
    }

    std::string m_id = "msg_lifeline";
    std::string m_model;
    bool m_begun = false;
    bool m_open = false;
    bool m_reasoning_started = false;
    BlockKind m_block = BlockKind::text;
    int m_index = 0;
    std::string m_thinking;  // the open thinking block's text, for a foreign envelope
};

}  // namespace

std::unique_ptr<StreamEncoder> make_messages_stream_encoder() {
    return std::make_unique<MessagesStreamEncoder>();
}

}  // namespace lifeline::translate::detail
