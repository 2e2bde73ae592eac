// Client Chat Completions streams: chat.completion.chunk objects with choices[0].delta
// (role, content, reasoning_content, tool_calls[index] pieces), a last chunk with the
// finish_reason and usage, then `data: [DONE]`. An error ends the stream with an error chunk
// and no [DONE], so the client never mistakes it for a clean end.

#include <lifeline/translate/errors.hpp>

#include "encode_support.hpp"
#include "json_writer.hpp"
#include "stream_decoders.hpp"
#include "wire_maps.hpp"

namespace lifeline::translate::detail {

namespace {

class ChatStreamEncoder : public StreamEncoder {
  public:
    void encode(const StreamEvent& event, std::string& out) override {
        if (m_ended)
            return;
        switch (event.type) {
            case StreamEventType::message_start:
                m_id = event.id.empty() ? "chatcmpl-lifeline" : event.id;
                m_model = event.name;
                begin(out);
                break;
            case StreamEventType::block_start:
                begin(out);
                m_block = event.block;
                if (event.block == BlockKind::tool_call)
                    tool_start(event, out);
                break;
            case StreamEventType::text_delta:
                delta("content", event.text, out);
                break;
            case StreamEventType::reasoning_delta:
                delta("reasoning_content", event.text, out);
                break;
            case StreamEventType::arguments_delta:
                arguments(event.text, out);
                break;
            case StreamEventType::reasoning_signature:  // Chat has no field for it
            case StreamEventType::block_stop:
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
    // `data: {"id":..,"object":"chat.completion.chunk","created":0,"model":..,"choices":[`
    void chunk_head(std::string& out) const {
        out.append("data: {\"id\":");
        append_quoted(out, m_id);
        out.append(",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":");
        append_quoted(out, m_model);
        out.append(",\"choices\":[");
    }

    void begin(std::string& out) {
        if (m_begun)
            return;
        m_begun = true;
        chunk_head(out);
        out.append(
            "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
            "\"finish_reason\":null}]}\n\n");
    }

    void delta(const char* key, std::string_view text, std::string& out) {
        if (text.empty())
            return;
        begin(out);
        m_output_started = true;
        chunk_head(out);
        out.append("{\"index\":0,\"delta\":{\"").append(key).append("\":");
        append_quoted(out, text);
        out.append("},\"finish_reason\":null}]}\n\n");
    }

    void tool_start(const StreamEvent& event, std::string& out) {
        ++m_tool_index;
        m_output_started = true;
        chunk_head(out);
        out.append("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":")
            .append(std::to_string(m_tool_index))
            .append(",\"id\":");
        append_quoted(out, event.id);
        out.append(",\"type\":\"function\",\"function\":{\"name\":");
        append_quoted(out, event.name);
        out.append(",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n");
    }

    void arguments(std::string_view text, std::string& out) {
        if (text.empty() || m_tool_index < 0 || m_block != BlockKind::tool_call)
            return;
        chunk_head(out);
        out.append("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":")
            .append(std::to_string(m_tool_index))
            .append(",\"function\":{\"arguments\":");
        append_quoted(out, text);
        out.append("}}]},\"finish_reason\":null}]}\n\n");
    }

    void end(const StreamEvent& event, std::string& out) {
        begin(out);
        chunk_head(out);
        out.append("{\"index\":0,\"delta\":{},\"finish_reason\":\"")
            .append(chat_stop_name(event.stop_reason))
            .append("\"}],\"usage\":")
            .append(dump_json(chat_usage_json(event.usage)))
            .append("}\n\ndata: [DONE]\n\n");
        m_ended = true;
    }

    void error(const StreamEvent& event, std::string& out) {
        ClientError error = client_error(Api::chat, event.error_class, event.text, true);
        Json body = {{"error",
                      {{"message", error.message},
                       {"type", error.type},
                       {"code", error.code.empty() ? Json(nullptr) : Json(error.code)}}}};
        out.append("data: ").append(dump_json(body)).append("\n\n");
        m_ended = true;
    }

    std::string m_id = "chatcmpl-lifeline";
    std::string m_model;
    bool m_begun = false;
    BlockKind m_block = BlockKind::text;
    int m_tool_index = -1;
};

}  // namespace

std::unique_ptr<StreamEncoder> make_chat_stream_encoder() {
    return std::make_unique<ChatStreamEncoder>();
}

}  // namespace lifeline::translate::detail
