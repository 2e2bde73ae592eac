// Client Responses streams, the way Codex reads them: response.created first; every item
// announced by output_item.added before its deltas; output_item.done with the WHOLE item
// (Codex takes tool calls from there); response.completed with the response id and full usage
// (output_tokens_details.reasoning_tokens included). The completed response's `output` is
// left empty: the items were already sent, and keeping them would buffer the whole answer.

#include <lifeline/translate/errors.hpp>
#include <lifeline/translate/reasoning_envelope.hpp>

#include "json_writer.hpp"
#include "responses_items.hpp"
#include "stream_decoders.hpp"
#include "wire_maps.hpp"

namespace lifeline::translate::detail {

namespace {

class ResponsesStreamEncoder : public StreamEncoder {
  public:
    void encode(const StreamEvent& event, std::string& out) override {
        if (m_ended)
            return;
        switch (event.type) {
            case StreamEventType::message_start:
                m_id = event.id.empty() ? "resp_lifeline" : event.id;
                m_model = event.name;
                created(out);
                break;
            case StreamEventType::block_start:
                start_item(event, out);
                break;
            case StreamEventType::text_delta:
            case StreamEventType::arguments_delta:
            case StreamEventType::reasoning_delta:
                delta(event, out);
                break;
            case StreamEventType::reasoning_signature:
                m_reasoning.signature = event.text;
                m_reasoning.vendor = event.vendor;
                m_reasoning.redacted = event.redacted;
                break;
            case StreamEventType::block_stop:
                finish_item(out);
                break;
            case StreamEventType::message_end:
                completed(event, out);
                break;
            case StreamEventType::error:
                failed(event, out);
                break;
        }
    }

  private:
    void emit(std::string_view type, const Json& body, std::string& out) {
        Json event = body;
        event["type"] = type;
        event["sequence_number"] = m_sequence++;
        out.append("event: ").append(type).append("\ndata: ");
        out.append(dump_json(event)).append("\n\n");
    }

    Json response_shell(const char* status) const {
        return {{"id", m_id},       {"object", "response"}, {"created_at", 0},
                {"status", status}, {"model", m_model},     {"output", Json::array()}};
    }

    void created(std::string& out) {
        if (m_created)
            return;
        m_created = true;
        emit("response.created", {{"response", response_shell("in_progress")}}, out);
        emit("response.in_progress", {{"response", response_shell("in_progress")}}, out);
    }

    void start_item(const StreamEvent& event, std::string& out) {
        created(out);
        m_open = true;
        m_block = event.block;
        m_text.clear();
        m_reasoning = Reasoning{};
        m_call = {event.id, event.name, "", event.tool_kind};
        const char* prefix = m_block == BlockKind::tool_call   ? "fc"
                             : m_block == BlockKind::reasoning ? "rs"
                                                               : "msg";
        m_item_id = item_id(prefix, m_id, m_output_index);
        Json item = whole_item("in_progress");
        emit("response.output_item.added", {{"output_index", m_output_index}, {"item", item}}, out);
        if (m_block == BlockKind::text)
            emit(
                "response.content_part.added",
                {{"item_id", m_item_id},
                 {"output_index", m_output_index},
                 {"content_index", 0},
                 {"part", {{"type", "output_text"}, {"text", ""}, {"annotations", Json::array()}}}},
                out);
    }

    Json whole_item(const char* status) const {
        Part part;
        if (m_block == BlockKind::tool_call) {
            part = tool_call_part(m_call);
        } else if (m_block == BlockKind::reasoning) {
            Reasoning reasoning = m_reasoning;
            reasoning.text = m_text;
            part = reasoning_part(reasoning);
        } else {
            part = text_part(m_text);
        }
        Json item = encode_output_item(part, m_item_id);
        item["status"] = status;
        if (m_block == BlockKind::text && std::string_view(status) == "in_progress")
            item["content"] = Json::array();
        if (m_block == BlockKind::reasoning)
            item.erase("status");
        return item;
    }

    // Deltas are the hot path: written by hand, without a JSON tree per event.
    void emit_delta(std::string_view type, const char* index_key, std::string_view text,
                    std::string& out) {
        out.append("event: ").append(type).append("\ndata: {\"type\":\"").append(type);
        out.append("\",\"sequence_number\":").append(std::to_string(m_sequence++));
        out.append(",\"item_id\":");
        append_quoted(out, m_item_id);
        out.append(",\"output_index\":").append(std::to_string(m_output_index));
        if (index_key != nullptr)
            out.append(",\"").append(index_key).append("\":0");
        out.append(",\"delta\":");
        append_quoted(out, text);
        out.append("}\n\n");
    }

    void delta(const StreamEvent& event, std::string& out) {
        if (!m_open || event.text.empty())
            return;
        m_output_started = true;
        if (m_block == BlockKind::text) {
            m_text += event.text;
            emit_delta("response.output_text.delta", "content_index", event.text, out);
        } else if (m_block == BlockKind::tool_call) {
            m_call.arguments += event.text;
            emit_delta(m_call.kind == ToolKind::custom ? "response.custom_tool_call_input.delta"
                                                       : "response.function_call_arguments.delta",
                       nullptr, event.text, out);
        } else {
            if (m_text.empty())
                emit("response.reasoning_summary_part.added",
                     {{"item_id", m_item_id},
                      {"output_index", m_output_index},
                      {"summary_index", 0},
                      {"part", {{"type", "summary_text"}, {"text", ""}}}},
                     out);
            m_text += event.text;
            emit_delta("response.reasoning_summary_text.delta", "summary_index", event.text, out);
        }
    }

    void finish_item(std::string& out) {
        if (!m_open)
            return;
        Json where = {{"item_id", m_item_id}, {"output_index", m_output_index}};
        if (m_block == BlockKind::text) {
            Json body = where;
            body["content_index"] = 0;
            body["text"] = m_text;
            emit("response.output_text.done", body, out);
            body.erase("text");
            body["part"] = {
                {"type", "output_text"}, {"text", m_text}, {"annotations", Json::array()}};
            emit("response.content_part.done", body, out);
        } else if (m_block == BlockKind::tool_call) {
            Json body = where;
            bool custom = m_call.kind == ToolKind::custom;
            body[custom ? "input" : "arguments"] = m_call.arguments;
            emit(custom ? "response.custom_tool_call_input.done"
                        : "response.function_call_arguments.done",
                 body, out);
        } else if (!m_text.empty()) {
            Json body = where;
            body["summary_index"] = 0;
            body["text"] = m_text;
            emit("response.reasoning_summary_text.done", body, out);
        }
        Json done = {{"output_index", m_output_index}, {"item", whole_item("completed")}};
        emit("response.output_item.done", done, out);
        m_output_started = true;
        m_open = false;
        ++m_output_index;
    }

    void completed(const StreamEvent& event, std::string& out) {
        created(out);
        finish_item(out);
        bool incomplete = event.stop_reason == StopReason::max_tokens ||
                          event.stop_reason == StopReason::content_filter;
        Json response = response_shell(incomplete ? "incomplete" : "completed");
        response["usage"] = responses_usage_json(event.usage);
        if (incomplete)
            response["incomplete_details"] = {{"reason", event.stop_reason == StopReason::max_tokens
                                                             ? "max_output_tokens"
                                                             : "content_filter"}};
        emit(incomplete ? "response.incomplete" : "response.completed", {{"response", response}},
             out);
        m_ended = true;
    }

    void failed(const StreamEvent& event, std::string& out) {
        created(out);
        ClientError error = client_error(Api::responses, event.error_class, event.text, true);
        Json response = response_shell("failed");
        response["error"] = {{"code", error.code.empty() ? error.type : error.code},
                             {"message", error.message}};
        emit("response.failed", {{"response", response}}, out);
        m_ended = true;
    }

    std::string m_id = "resp_lifeline";
    std::string m_model;
    bool m_created = false;
    int64_t m_sequence = 0;
    int64_t m_output_index = 0;
    bool m_open = false;
    BlockKind m_block = BlockKind::text;
    std::string m_item_id;
    std::string m_text;  // the open item's text so far (message text or reasoning summary)
    ToolCall m_call;
    Reasoning m_reasoning;
};

}  // namespace

std::unique_ptr<StreamEncoder> make_responses_stream_encoder() {
    return std::make_unique<ResponsesStreamEncoder>();
}

}  // namespace lifeline::translate::detail
