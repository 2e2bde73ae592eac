// Upstream Chat Completions streams: chunks with choices[0].delta (content, reasoning_content,
// tool_calls[i] pieces), a finish_reason, usage in the last chunk, then `data: [DONE]`.

#include "stream_decoders.hpp"
#include "wire_maps.hpp"

namespace lifeline::translate::detail {

namespace {

class ChatStreamDecoder : public SseDecoder {
  public:
    bool finish(std::vector<StreamEvent>& out) override {
        // Some compatible servers close after the finish_reason without [DONE].
        if (!m_sink.done() && m_finish_reason) {
            m_sink.bind(&out);
            m_sink.end(*m_finish_reason, m_usage);
            m_sink.bind(nullptr);
        }
        return m_sink.done();
    }

  protected:
    Status on_event(const http::SseEvent& event) override {
        if (http::is_done_marker(event.data)) {
            if (!m_finish_reason)
                return fail(stream_error("[DONE]", "arrived before any finish_reason"));
            m_sink.end(*m_finish_reason, m_usage);
            return {};
        }
        JsonView chunk = parse_event_object(event.data);
        if (!chunk)
            return fail(stream_error("chunk", "data is not a JSON object"));
        if (member(chunk, "error")) {
            emit_upstream_error(m_sink, event.event, event.data);
            return {};
        }
        m_sink.start(string_at(chunk, "id"), string_at(chunk, "model"));
        if (JsonView usage = member(chunk, "usage"); usage.is_object())
            m_usage = chat_usage_from(usage);
        JsonView choices = member(chunk, "choices");
        if (!choices.is_array() || choices.size() == 0)
            return {};  // the usage-only chunk
        JsonView choice = choices.at(0);
        if (JsonView delta = member(choice, "delta"))
            LIFELINE_TRY_VOID(on_delta(delta));
        if (std::string reason = string_at(choice, "finish_reason"); !reason.empty()) {
            m_sink.close();
            m_finish_reason = chat_stop_from(reason);
        }
        return {};
    }

  private:
    Status on_delta(JsonView delta) {
        std::string reasoning = string_at(delta, "reasoning_content");
        if (reasoning.empty())
            reasoning = string_at(delta, "reasoning");
        if (!reasoning.empty()) {
            if (!m_sink.open_block(BlockKind::reasoning))
                m_sink.open(BlockKind::reasoning);
            m_sink.delta(StreamEventType::reasoning_delta, std::move(reasoning));
        }
        if (std::string text = string_at(delta, "content"); !text.empty()) {
            if (!m_sink.open_block(BlockKind::text))
                m_sink.open(BlockKind::text);
            m_sink.delta(StreamEventType::text_delta, std::move(text));
        }
        size_t position = 0;
        for (JsonView call : member(delta, "tool_calls").elements())
            LIFELINE_TRY_VOID(on_tool_call(call, position++));
        return {};
    }

    Status on_tool_call(JsonView call, size_t position) {
        int64_t index = int_at(call, "index").value_or(static_cast<int64_t>(position));
        JsonView function = member(call, "function");
        std::string where = "choices[0].delta.tool_calls[" + std::to_string(position) + "]";
        if (index != m_tool_index) {
            if (index < m_tool_index)
                return fail(stream_error(where, "tool call " + std::to_string(index) +
                                                    " continued after tool call " +
                                                    std::to_string(m_tool_index) + " started"));
            std::string id = string_at(call, "id");
            std::string name = string_at(function, "name");
            if (name.empty())
                return fail(stream_error(where, "a new tool call without a function name"));
            m_sink.open(BlockKind::tool_call, std::move(id), std::move(name));
            m_tool_index = index;
        } else if (!m_sink.open_block(BlockKind::tool_call)) {
            return fail(stream_error(where, "arguments for a tool call that already ended"));
        }
        if (function)
            m_sink.delta(StreamEventType::arguments_delta, string_at(function, "arguments"));
        return {};
    }

    int64_t m_tool_index = -1;
    std::optional<StopReason> m_finish_reason;
    Usage m_usage;
};

}  // namespace

std::unique_ptr<StreamDecoder> make_chat_stream_decoder() {
    return std::make_unique<ChatStreamDecoder>();
}

}  // namespace lifeline::translate::detail
