#include <lifeline/classify/stream_errors.hpp>
#include <lifeline/provider/stream_reader.hpp>
#include <lifeline/provider/usage_json.hpp>

#include "json_fields.hpp"

namespace lifeline::provider {

namespace detail {
void merge_gemini_chunk(const json& chunk, Generation& out);
}

using detail::json;

StreamReader::StreamReader(WireApi api) : m_api(api) {}

StreamStep StreamReader::consume(const http::SseEvent& event, SystemTime now) {
    StreamStep step;
    if (m_api == WireApi::chat_completions && http::is_done_marker(event.data)) {
        finish_tool_call();
        m_complete = true;
        return step;
    }
    step.error = classify_stream_event(event.event, event.data, now);
    if (step.error) {
        m_complete = true;
        return step;
    }
    const json parsed = detail::parse_json(event.data);
    if (parsed.is_discarded())
        return step;  // comments, keep-alives, non-JSON noise

    const bool had_output = m_saw_output;
    // Responses and Anthropic name the event in its data's "type" as well as in "event:".
    const std::string type =
        json_string(parsed, "type").empty() ? event.event : json_string(parsed, "type");
    switch (m_api) {
        case WireApi::chat_completions:
            consume_chat(parsed);
            break;
        case WireApi::responses:
            consume_responses(type, parsed);
            break;
        case WireApi::anthropic_messages:
            consume_anthropic(type, parsed);
            break;
        case WireApi::gemini:
            consume_gemini(parsed);
            break;
    }
    step.first_output = !had_output && m_saw_output;
    return step;
}

void StreamReader::consume_chat(const json& chunk) {
    if (m_generation.response_id.empty())
        m_generation.response_id = json_string(chunk, "id");
    if (const json* usage = json_member(chunk, "usage"); usage != nullptr && usage->is_object()) {
        m_generation.usage = chat_usage(*usage);
    }
    const json* choices = json_member(chunk, "choices");
    if (choices == nullptr || !choices->is_array() || choices->empty())
        return;
    const json& choice = (*choices)[0];
    const std::string finish = json_string(choice, "finish_reason");
    if (!finish.empty())
        m_generation.finish_reason = finish;
    const json* delta = json_member(choice, "delta");
    if (delta == nullptr)
        return;
    const std::string text = json_string(*delta, "content");
    if (!text.empty()) {
        m_generation.text += text;
        m_saw_output = true;
    }
    const json* calls = json_member(*delta, "tool_calls");
    if (calls != nullptr && calls->is_array() && !calls->empty()) {
        if (const json* function = json_member((*calls)[0], "function")) {
            m_has_tool = true;
            m_saw_output = true;
            m_tool_name += json_string(*function, "name");
            m_tool_arguments += json_string(*function, "arguments");
        }
    }
}

void StreamReader::consume_responses(const std::string& type, const json& event) {
    if (type == "response.created") {
        if (const json* response = json_member(event, "response")) {
            m_generation.response_id = json_string(*response, "id");
        }
    } else if (type == "response.output_text.delta") {
        m_generation.text += json_string(event, "delta");
        m_saw_output = true;
    } else if (type == "response.output_item.added") {
        const json* item = json_member(event, "item");
        if (item != nullptr && json_string(*item, "type") == "function_call" && !m_has_tool) {
            m_has_tool = true;
            m_saw_output = true;
            m_tool_name = json_string(*item, "name");
        }
    } else if (type == "response.function_call_arguments.delta") {
        m_tool_arguments += json_string(event, "delta");
    } else if (type == "response.completed" || type == "response.incomplete") {
        if (const json* response = json_member(event, "response")) {
            m_generation.finish_reason = json_string(*response, "status");
            if (const json* usage = json_member(*response, "usage")) {
                m_generation.usage = responses_usage(*usage);
            }
        }
        finish_tool_call();
        m_complete = true;
    }
}

void StreamReader::consume_anthropic(const std::string& type, const json& event) {
    if (type == "message_start") {
        if (const json* message = json_member(event, "message")) {
            m_generation.response_id = json_string(*message, "id");
            if (const json* usage = json_member(*message, "usage")) {
                m_generation.usage = anthropic_usage(*usage);
            }
        }
    } else if (type == "content_block_start") {
        const json* block = json_member(event, "content_block");
        if (block != nullptr && json_string(*block, "type") == "tool_use" && !m_has_tool) {
            m_has_tool = true;
            m_saw_output = true;
            m_tool_name = json_string(*block, "name");
        }
    } else if (type == "content_block_delta") {
        const json* delta = json_member(event, "delta");
        if (delta == nullptr)
            return;
        const std::string delta_type = json_string(*delta, "type");
        if (delta_type == "text_delta") {
            m_generation.text += json_string(*delta, "text");
            m_saw_output = true;
        } else if (delta_type == "input_json_delta") {
            m_tool_arguments += json_string(*delta, "partial_json");
        }
    } else if (type == "message_delta") {
        if (const json* delta = json_member(event, "delta")) {
            m_generation.finish_reason = json_string(*delta, "stop_reason");
        }
        // message_delta carries the final output count; input counts came with message_start.
        if (const json* usage = json_member(event, "usage")) {
            Usage merged = m_generation.usage.value_or(Usage{});
            merged.output_tokens = json_int(*usage, "output_tokens");
            m_generation.usage = merged;
        }
    } else if (type == "message_stop") {
        finish_tool_call();
        m_complete = true;
    }
}

void StreamReader::consume_gemini(const json& chunk) {
    const size_t text_before = m_generation.text.size();
    const bool had_tool = m_generation.tool_call.has_value();
    detail::merge_gemini_chunk(chunk, m_generation);
    if (m_generation.text.size() > text_before || (!had_tool && m_generation.tool_call)) {
        m_saw_output = true;
    }
    if (!m_generation.finish_reason.empty())
        m_complete = true;
}

void StreamReader::finish_tool_call() {
    if (!m_has_tool || m_generation.tool_call)
        return;
    // An Anthropic tool call with no input deltas has input {}.
    if (m_tool_arguments.empty() && m_api == WireApi::anthropic_messages)
        m_tool_arguments = "{}";
    ToolCall call{m_tool_name, m_tool_arguments, false};
    call.well_formed = !call.name.empty() && detail::is_json_object_text(call.arguments_json);
    m_generation.tool_call = std::move(call);
}

}  // namespace lifeline::provider
