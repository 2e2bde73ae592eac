// Client Gemini streams: GenerateContentResponse chunks, as SSE (`alt=sse`) or as one JSON
// array. Text and thoughts go out as they arrive; a function call goes out whole when its
// block ends (Gemini never streams arguments); a thought signature (Gemini's own, or another
// vendor's state in an envelope) rides, as Gemini places it, on the next function call or
// else on the last part; the last chunk has finishReason and usageMetadata. An error is a chunk
// {"error": {code, message, status}}.

#include <lifeline/translate/errors.hpp>
#include <lifeline/translate/reasoning_envelope.hpp>

#include "json_writer.hpp"
#include "stream_decoders.hpp"
#include "wire_maps.hpp"

namespace lifeline::translate::detail {

namespace {

class GeminiStreamEncoder : public StreamEncoder {
  public:
    explicit GeminiStreamEncoder(GeminiFraming framing) : m_framing(framing) {}

    void encode(const StreamEvent& event, std::string& out) override {
        if (m_ended)
            return;
        switch (event.type) {
            case StreamEventType::message_start:
                m_id = event.id;
                m_model = event.name;
                break;
            case StreamEventType::block_start:
                m_block = event.block;
                m_call = {event.id, event.name, "", event.tool_kind};
                m_thinking.clear();
                break;
            case StreamEventType::text_delta:
                text_part(event.text, false, out);
                break;
            case StreamEventType::reasoning_delta:
                m_thinking += event.text;
                text_part(event.text, true, out);
                break;
            case StreamEventType::arguments_delta:
                m_call.arguments += event.text;
                break;
            case StreamEventType::reasoning_signature: {
                Reasoning reasoning{m_thinking, event.vendor, event.text, event.redacted, ""};
                m_pending = opaque_for_client(Api::gemini, reasoning);
                break;
            }
            case StreamEventType::block_stop:
                if (m_block == BlockKind::tool_call)
                    call_part(out);
                m_block = BlockKind::text;
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
    void open_chunk(std::string& out) {
        if (m_framing == GeminiFraming::sse)
            out.append("data: ");
        else
            out.append(m_first ? "[" : ",\r\n");
        m_first = false;
        out.append("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[");
    }

    void close_chunk(std::string_view candidate_tail, std::string_view tail, std::string& out) {
        out.append("]},").append(candidate_tail).append("\"index\":0}]");
        out.append(tail).append(",\"modelVersion\":");
        append_quoted(out, m_model);
        out.append(",\"responseId\":");
        append_quoted(out, m_id);
        out.append("}");
        if (m_framing == GeminiFraming::sse)
            out.append("\r\n\r\n");
    }

    void append_signature(std::string& out) {
        if (m_pending.empty())
            return;
        out.append(",\"thoughtSignature\":");
        append_quoted(out, m_pending);
        m_pending.clear();
    }

    void text_part(std::string_view text, bool thought, std::string& out) {
        if (text.empty())
            return;
        m_output_started = true;
        open_chunk(out);
        out.append("{\"text\":");
        append_quoted(out, text);
        if (thought)
            out.append(",\"thought\":true");
        out.append("}");
        close_chunk("", "", out);
    }

    void call_part(std::string& out) {
        m_output_started = true;
        bool ok = false;
        Json args = object_from_text(m_call.arguments, &ok);
        if (m_call.kind == ToolKind::custom)
            args = {{"input", m_call.arguments}};
        Json function = {{"name", m_call.name}, {"args", std::move(args)}};
        if (!m_call.id.empty())
            function["id"] = m_call.id;
        open_chunk(out);
        out.append("{\"functionCall\":").append(dump_json(function));
        append_signature(out);
        out.append("}");
        close_chunk("", "", out);
    }

    void end(const StreamEvent& event, std::string& out) {
        open_chunk(out);
        out.append("{\"text\":\"\"");
        append_signature(out);
        out.append("}");
        std::string finish = "\"finishReason\":\"";
        finish.append(gemini_stop_name(event.stop_reason)).append("\",");
        close_chunk(finish, ",\"usageMetadata\":" + dump_json(gemini_usage_json(event.usage)), out);
        if (m_framing == GeminiFraming::json_array)
            out.append("]");
        m_ended = true;
    }

    void error(const StreamEvent& event, std::string& out) {
        ClientError error = client_error(Api::gemini, event.error_class, event.text, true);
        Json body = {
            {"error",
             {{"code", error.status}, {"message", error.message}, {"status", error.type}}}};
        if (m_framing == GeminiFraming::sse)
            out.append("data: ").append(dump_json(body)).append("\r\n\r\n");
        else
            out.append(m_first ? "[" : ",\r\n").append(dump_json(body)).append("]");
        m_ended = true;
    }

    GeminiFraming m_framing;
    bool m_first = true;
    std::string m_id;
    std::string m_model;
    BlockKind m_block = BlockKind::text;
    ToolCall m_call;
    std::string m_thinking;
    std::string m_pending;  // a signature waiting for the next part
};

}  // namespace

std::unique_ptr<StreamEncoder> make_gemini_stream_encoder(GeminiFraming framing) {
    return std::make_unique<GeminiStreamEncoder>(framing);
}

}  // namespace lifeline::translate::detail
