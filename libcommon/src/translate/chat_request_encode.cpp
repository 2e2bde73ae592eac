// Neutral requests as OpenAI Chat Completions requests. Chat has no place for text after a
// tool call inside one assistant message, so such a turn is split into consecutive assistant
// messages (order kept); reasoning has no field and is dropped (reported).

#include "codecs.hpp"
#include "encode_support.hpp"
#include "wire_maps.hpp"

namespace lifeline::translate::detail {

namespace {

Json content_json(const std::vector<const Part*>& parts) {
    if (parts.size() == 1 && parts[0]->type == PartType::text)
        return parts[0]->text;
    Json pieces = Json::array();
    for (const Part* part : parts) {
        if (part->type == PartType::image)
            pieces.push_back(
                {{"type", "image_url"}, {"image_url", {{"url", image_url(part->image)}}}});
        else
            pieces.push_back({{"type", "text"}, {"text", part->text}});
    }
    return pieces;
}

class MessageWriter {
  public:
    MessageWriter(Json& out, EncodeReport& report) : m_out(out), m_report(report) {}

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
                    m_calls.push_back(call_json(part.tool_call, part_path));
                    break;
                case PartType::tool_result:
                    flush(message.role);
                    m_out.push_back(result_json(part.tool_result, part_path));
                    break;
                case PartType::reasoning:
                    report_drop(m_report, part_path, "reasoning dropped: chat has no field for it");
                    break;
            }
        }
        flush(message.role);
    }

  private:
    void flush(Role role) {
        if (m_content.empty() && m_calls.empty())
            return;
        Json message = {{"role", role == Role::system ? "system"
                                 : role == Role::user ? "user"
                                                      : "assistant"}};
        message["content"] = m_content.empty() ? Json(nullptr) : content_json(m_content);
        if (!m_calls.empty())
            message["tool_calls"] = std::move(m_calls);
        m_out.push_back(std::move(message));
        m_content.clear();
        m_calls = Json::array();
    }

    Json call_json(const ToolCall& call, const std::string& path) {
        (void)path;
        return {{"id", call.id},
                {"type", "function"},
                {"function", {{"name", call.name}, {"arguments", arguments_text(call)}}}};
    }

    Json result_json(const ToolResult& result, const std::string& path) {
        if (result_has_image(result))
            report_drop(m_report, path, "image in tool result dropped: chat carries text only");
        return {
            {"role", "tool"}, {"tool_call_id", result.call_id}, {"content", result_text(result)}};
    }

    Json& m_out;
    EncodeReport& m_report;
    std::vector<const Part*> m_content;
    Json m_calls = Json::array();
};

Json tool_json(const Tool& tool) {
    Json function = {{"name", tool.name}};
    if (tool.type == ToolType::custom) {
        function["description"] = custom_tool_description(tool);
        function["parameters"] = custom_tool_schema(tool);
    } else {
        if (!tool.description.empty())
            function["description"] = tool.description;
        function["parameters"] = parameters_schema(tool);
        if (tool.strict)
            function["strict"] = true;
    }
    return {{"type", "function"}, {"function", std::move(function)}};
}

Json tool_choice_json(const ToolChoice& choice) {
    switch (choice.mode) {
        case ToolChoiceMode::auto_:
            return "auto";
        case ToolChoiceMode::none:
            return "none";
        case ToolChoiceMode::required:
            return "required";
        case ToolChoiceMode::tool:
            return {{"type", "function"}, {"function", {{"name", choice.name}}}};
        case ToolChoiceMode::unset:
            break;
    }
    return nullptr;
}

}  // namespace

std::string encode_chat_request(const Request& request, EncodeReport& report) {
    Json body = {{"model", request.model}};
    Json messages = Json::array();
    for (const std::string& text : request.system)
        messages.push_back({{"role", "system"}, {"content", text}});
    MessageWriter writer(messages, report);
    for (size_t m = 0; m < request.messages.size(); ++m)
        writer.write(request.messages[m], path_index("messages", m));
    body["messages"] = std::move(messages);
    Json tools = Json::array();
    for (size_t i = 0; i < request.tools.size(); ++i) {
        const Tool& tool = request.tools[i];
        if (tool.type == ToolType::hosted) {
            report_drop(report, path_index("tools", i),
                        "hosted tool \"" + tool.hosted_type + "\" dropped: chat cannot run it");
            continue;
        }
        tools.push_back(tool_json(tool));
    }
    bool has_tools = !tools.empty();
    if (has_tools)
        body["tools"] = std::move(tools);
    if (Json choice = tool_choice_json(request.tool_choice); !choice.is_null())
        body["tool_choice"] = std::move(choice);
    // OpenAI rejects parallel_tool_calls without tools.
    if (request.parallel_tool_calls && has_tools)
        body["parallel_tool_calls"] = *request.parallel_tool_calls;
    if (request.sampling.temperature)
        body["temperature"] = *request.sampling.temperature;
    if (request.sampling.top_p)
        body["top_p"] = *request.sampling.top_p;
    if (request.sampling.max_output_tokens)
        body["max_tokens"] = *request.sampling.max_output_tokens;
    if (!request.sampling.stop.empty())
        body["stop"] = request.sampling.stop;
    if (request.reasoning.enabled) {
        std::string effort = request.reasoning.effort;
        if (effort.empty())
            effort = effort_for_budget(request.reasoning.budget_tokens.value_or(8192));
        body["reasoning_effort"] = effort;
    }
    body["stream"] = request.stream;
    if (request.stream)
        body["stream_options"] = {{"include_usage", true}};
    if (!request.cache_key.empty())
        body["prompt_cache_key"] = request.cache_key;
    if (!request.user.empty())
        body["user"] = request.user;
    return dump_json(body);
}

}  // namespace lifeline::translate::detail
