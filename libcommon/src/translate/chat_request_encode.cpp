// Neutral requests as OpenAI Chat Completions requests. Chat has no place for text after a
// tool call inside one assistant message, so such a turn is split into consecutive assistant
// messages (order kept); reasoning has no field and is dropped (reported).
//
// Written straight to text with JsonWriter while the messages are walked.

#include "codecs.hpp"
#include "encode_support.hpp"
#include "wire_maps.hpp"

namespace lifeline::translate::detail {

namespace {

// "content": the lone text as a string, else an array of text and image_url pieces.
void write_content(JsonWriter& out, const std::vector<const Part*>& parts) {
    out.key("content");
    if (parts.size() == 1 && parts[0]->type == PartType::text) {
        out.value(parts[0]->text);
        return;
    }
    out.begin_array();
    for (const Part* part : parts) {
        out.begin_object();
        if (part->type == PartType::image)
            out.field("type", "image_url")
                .key("image_url")
                .begin_object()
                .field("url", image_url(part->image))
                .end_object();
        else
            out.field("type", "text").field("text", part->text);
        out.end_object();
    }
    out.end_array();
}

// One tool_calls entry; the arguments go as a string (custom calls wrapped as {"input":...}).
void write_call(JsonWriter& out, const ToolCall& call) {
    out.begin_object()
        .field("id", call.id)
        .field("type", "function")
        .key("function")
        .begin_object()
        .field("name", call.name)
        .field("arguments", arguments_text(call))
        .end_object()
        .end_object();
}

// Writes the messages of one neutral message: text, images and calls gather into a chat
// message that is flushed before a tool result, before text after a call, and at the end.
class MessageWriter {
  public:
    MessageWriter(JsonWriter& out, EncodeReport& report) : m_out(out), m_report(report) {}

    void write(const Message& message, const std::string& path) {
        for (size_t p = 0; p < message.parts.size(); ++p) {
            const Part& part = message.parts[p];
            std::string part_path = path_index(path + ".parts", p);
            switch (part.type) {
                case PartType::text:
                case PartType::image:
                    if (message.role == Role::assistant && !m_calls.empty())
                        flush(message.role);  // text after a call: a new assistant message
                    m_content.push_back(&part);
                    break;
                case PartType::tool_call:
                    m_calls.push_back(&part.tool_call);
                    break;
                case PartType::tool_result:
                    flush(message.role);
                    write_result(part.tool_result, part_path);
                    break;
                case PartType::reasoning:
                    report_drop(m_report, part_path, "reasoning dropped: chat has no field for it");
                    break;
            }
        }
        flush(message.role);
    }

  private:
    // Writes the gathered content and calls as one message (nothing when none gathered).
    void flush(Role role) {
        if (m_content.empty() && m_calls.empty())
            return;
        m_out.begin_object().field("role", role == Role::system ? "system"
                                           : role == Role::user ? "user"
                                                                : "assistant");
        if (m_content.empty())
            m_out.key("content").null();
        else
            write_content(m_out, m_content);
        if (!m_calls.empty()) {
            m_out.key("tool_calls").begin_array();
            for (const ToolCall* call : m_calls)
                write_call(m_out, *call);
            m_out.end_array();
        }
        m_out.end_object();
        m_content.clear();
        m_calls.clear();
    }

    // A role "tool" message with the result's text (images dropped, reported).
    void write_result(const ToolResult& result, const std::string& path) {
        if (result_has_image(result))
            report_drop(m_report, path, "image in tool result dropped: chat carries text only");
        m_out.begin_object()
            .field("role", "tool")
            .field("tool_call_id", result.call_id)
            .field("content", result_text(result))
            .end_object();
    }

    JsonWriter& m_out;
    EncodeReport& m_report;
    std::vector<const Part*> m_content;
    std::vector<const ToolCall*> m_calls;
};

// "messages": the system texts first, then every message.
void write_messages(JsonWriter& out, const Request& request, EncodeReport& report) {
    out.key("messages").begin_array();
    for (const std::string& text : request.system)
        out.begin_object().field("role", "system").field("content", text).end_object();
    MessageWriter writer(out, report);
    for (size_t m = 0; m < request.messages.size(); ++m)
        writer.write(request.messages[m], path_index("messages", m));
    out.end_array();
}

// One function tool; a custom tool becomes a function taking one string `input`.
void write_tool(JsonWriter& out, const Tool& tool) {
    out.begin_object().field("type", "function").key("function").begin_object();
    out.field("name", tool.name);
    if (tool.type == ToolType::custom) {
        out.field("description", custom_tool_description(tool))
            .raw_field("parameters", custom_tool_schema_text());
    } else {
        if (!tool.description.empty())
            out.field("description", tool.description);
        out.raw_field("parameters", parameters_schema_text(tool));
        if (tool.strict)
            out.field("strict", true);
    }
    out.end_object().end_object();
}

// "tools" (hosted tools dropped, reported); true when any tool was written.
bool write_tools(JsonWriter& out, const Request& request, EncodeReport& report) {
    bool any = false;
    for (size_t i = 0; i < request.tools.size(); ++i) {
        const Tool& tool = request.tools[i];
        if (tool.type == ToolType::hosted) {
            report_drop(report, path_index("tools", i),
                        "hosted tool \"" + tool.hosted_type + "\" dropped: chat cannot run it");
            continue;
        }
        if (!any)
            out.key("tools").begin_array();
        any = true;
        write_tool(out, tool);
    }
    if (any)
        out.end_array();
    return any;
}

// "tool_choice" unless the mode is unset.
void write_tool_choice(JsonWriter& out, const ToolChoice& choice) {
    switch (choice.mode) {
        case ToolChoiceMode::auto_:
            out.field("tool_choice", "auto");
            break;
        case ToolChoiceMode::none:
            out.field("tool_choice", "none");
            break;
        case ToolChoiceMode::required:
            out.field("tool_choice", "required");
            break;
        case ToolChoiceMode::tool:
            out.key("tool_choice").begin_object().field("type", "function").key("function");
            out.begin_object().field("name", choice.name).end_object().end_object();
            break;
        case ToolChoiceMode::unset:
            break;
    }
}

// Sampling, stop and reasoning effort (from the budget when no effort is given).
void write_generation(JsonWriter& out, const Request& request) {
    if (request.sampling.temperature)
        out.field("temperature", *request.sampling.temperature);
    if (request.sampling.top_p)
        out.field("top_p", *request.sampling.top_p);
    if (request.sampling.max_output_tokens)
        out.field("max_tokens", *request.sampling.max_output_tokens);
    if (!request.sampling.stop.empty())
        out.field("stop", request.sampling.stop);
    if (request.reasoning.enabled) {
        std::string effort = request.reasoning.effort;
        if (effort.empty())
            effort = effort_for_budget(request.reasoning.budget_tokens.value_or(8192));
        out.field("reasoning_effort", effort);
    }
}

}  // namespace

std::string encode_chat_request(const Request& request, EncodeReport& report) {
    std::string body;
    body.reserve(64 * 1024);
    JsonWriter out(body);
    out.begin_object().field("model", request.model);
    write_messages(out, request, report);
    bool has_tools = write_tools(out, request, report);
    write_tool_choice(out, request.tool_choice);
    // OpenAI rejects parallel_tool_calls without tools.
    if (request.parallel_tool_calls && has_tools)
        out.field("parallel_tool_calls", bool(*request.parallel_tool_calls));
    write_generation(out, request);
    out.field("stream", bool(request.stream));
    if (request.stream)
        out.key("stream_options").begin_object().field("include_usage", true).end_object();
    if (!request.cache_key.empty())
        out.field("prompt_cache_key", request.cache_key);
    if (!request.user.empty())
        out.field("user", request.user);
    out.end_object();
    return body;
}

}  // namespace lifeline::translate::detail
