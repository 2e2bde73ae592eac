// Upstream OpenAI Responses streams: response.created, output_item.added/done around the
// deltas of each item, and response.completed (or incomplete/failed) at the end.

#include <map>

#include "stream_decoders.hpp"
#include "wire_maps.hpp"

namespace lifeline::translate::detail {

namespace {

class ResponsesStreamDecoder : public SseDecoder {
  public:
    bool finish(std::vector<StreamEvent>& out) override {
        (void)out;
        return m_sink.done();
    }

  protected:
    Status on_event(const http::SseEvent& event) override {
        if (http::is_done_marker(event.data))
            return {};
        JsonView data = parse_event_object(event.data);
        if (!data)
            return fail(stream_error(event.event, "data is not a JSON object"));
        std::string type = string_at(data, "type");
        if (type.empty())
            type = event.event;
        if (type == "response.created" || type == "response.in_progress") {
            if (JsonView response = member(data, "response"))
                m_sink.start(string_at(response, "id"), string_at(response, "model"));
            return {};
        }
        if (type == "response.output_item.added")
            return on_item_added(type, data);
        if (type == "response.output_text.delta" || type == "response.refusal.delta")
            return on_delta(type, data, BlockKind::text, StreamEventType::text_delta);
        if (type == "response.function_call_arguments.delta" ||
            type == "response.custom_tool_call_input.delta")
            return on_delta(type, data, BlockKind::tool_call, StreamEventType::arguments_delta);
        if (type == "response.reasoning_summary_text.delta" ||
            type == "response.reasoning_text.delta")
            return on_reasoning_delta(type, data);
        if (type == "response.output_item.done")
            return on_item_done(type, data);
        if (type == "response.completed" || type == "response.incomplete")
            return on_completed(type, data);
        if (type == "response.failed" || type == "error") {
            emit_upstream_error(m_sink, type, event.data);
            return {};
        }
        return {};  // content_part.*, *.done text events, web search progress, ...
    }

  private:
    Status on_item_added(const std::string& type, JsonView data) {
        JsonView item = member(data, "item");
        std::optional<int64_t> output_index = int_at(data, "output_index");
        if (!item || !output_index)
            return fail(stream_error(type, "item or output_index missing"));
        std::string item_type = string_at(item, "type");
        if (item_type == "message") {
            m_sink.open(BlockKind::text);
        } else if (item_type == "function_call" || item_type == "custom_tool_call") {
            m_sink.open(BlockKind::tool_call, string_at(item, "call_id"), string_at(item, "name"),
                        item_type == "custom_tool_call" ? ToolKind::custom : ToolKind::function);
        } else if (item_type == "reasoning") {
            m_sink.open(BlockKind::reasoning);
        } else {
            return {};  // hosted tool calls (web_search_call, ...) are not forwarded
        }
        m_open_item = *output_index;
        m_saw_delta = false;
        m_summary_index = 0;
        return {};
    }

    Status check_item(const std::string& type, JsonView data, BlockKind block) {
        std::optional<int64_t> output_index = int_at(data, "output_index");
        if (!output_index || *output_index != m_open_item || !m_sink.open_block(block))
            return fail(stream_error(type, "output_index " +
                                               std::to_string(output_index.value_or(-1)) +
                                               " has no open item of that kind"));
        return {};
    }

    Status on_delta(const std::string& type, JsonView data, BlockKind block,
                    StreamEventType delta) {
        LIFELINE_TRY_VOID(check_item(type, data, block));
        m_saw_delta = true;
        m_sink.delta(delta, string_at(data, "delta"));
        return {};
    }

    Status on_reasoning_delta(const std::string& type, JsonView data) {
        LIFELINE_TRY_VOID(check_item(type, data, BlockKind::reasoning));
        int64_t summary = int_at(data, "summary_index").value_or(0);
        if (summary != m_summary_index && m_saw_delta)
            m_sink.delta(StreamEventType::reasoning_delta, "\n\n");
        m_summary_index = summary;
        m_saw_delta = true;
        m_sink.delta(StreamEventType::reasoning_delta, string_at(data, "delta"));
        return {};
    }

    Status on_item_done(const std::string& type, JsonView data) {
        JsonView item = member(data, "item");
        if (!item)
            return fail(stream_error(type, "item missing"));
        if (int_at(data, "output_index").value_or(-1) != m_open_item)
            return {};  // the end of an item that was not forwarded
        std::string item_type = string_at(item, "type");
        if (item_type == "reasoning")
            m_sink.signature(string_at(item, "encrypted_content"), Vendor::openai);
        if (!m_saw_delta && item_type == "function_call")
            m_sink.delta(StreamEventType::arguments_delta, string_at(item, "arguments"));
        if (!m_saw_delta && item_type == "custom_tool_call")
            m_sink.delta(StreamEventType::arguments_delta, string_at(item, "input"));
        if (item_type == "function_call" || item_type == "custom_tool_call")
            m_had_calls = true;
        m_sink.close();
        m_open_item = -1;
        return {};
    }

    Status on_completed(const std::string& type, JsonView data) {
        JsonView response = member(data, "response");
        if (!response)
            return fail(stream_error(type, "response missing"));
        m_sink.start(string_at(response, "id"), string_at(response, "model"));
        Usage usage;
        if (JsonView found = member(response, "usage"))
            usage = responses_usage_from(found);
        StopReason reason = m_had_calls ? StopReason::tool_use : StopReason::end_turn;
        if (type == "response.incomplete") {
            std::string why = string_at(member(response, "incomplete_details"), "reason");
            reason = why == "content_filter" ? StopReason::content_filter : StopReason::max_tokens;
        }
        m_sink.end(reason, usage);
        return {};
    }

    int64_t m_open_item = -1;
    bool m_saw_delta = false;
    bool m_had_calls = false;
    int64_t m_summary_index = 0;
};

}  // namespace

std::unique_ptr<StreamDecoder> make_responses_stream_decoder() {
    return std::make_unique<ResponsesStreamDecoder>();
}

}  // namespace lifeline::translate::detail
