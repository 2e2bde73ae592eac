// Neutral requests as Gemini generateContent requests. Function schemas go in
// `parametersJsonSchema` (full JSON Schema); only Gemini's own signed thoughts go back.
//
// Written straight to text with JsonWriter; parts and generationConfig are written to a
// scratch string first, as an empty one is left out.

#include <algorithm>

#include "codecs.hpp"
#include "encode_support.hpp"
#include "gemini_parts.hpp"

namespace lifeline::translate::detail {

namespace {

// Call id -> tool name over every call of `messages` (functionResponse needs the name).
std::map<std::string, std::string> call_names(const std::vector<Message>& messages) {
    std::map<std::string, std::string> names;
    for (const Message& message : messages)
        for (const Part& part : message.parts)
            if (part.type == PartType::tool_call)
                names[part.tool_call.id] = part.tool_call.name;
    return names;
}

// "contents": one entry per message, messages without any Gemini part left out.
void write_contents(JsonWriter& out, const std::vector<Message>& messages, EncodeReport& report) {
    std::map<std::string, std::string> names = call_names(messages);
    std::string parts;
    out.key("contents").begin_array();
    for (size_t m = 0; m < messages.size(); ++m) {
        parts.clear();
        JsonWriter parts_out(parts);
        write_gemini_parts(parts_out, messages[m].parts, GeminiAudience::upstream, names, report,
                           path_index("messages", m) + ".parts");
        if (parts == "[]")
            continue;
        out.begin_object()
            .field("role", messages[m].role == Role::assistant ? "model" : "user")
            .raw_field("parts", parts)
            .end_object();
    }
    out.end_array();
}

// "systemInstruction" with one text part per system text; nothing when there is none.
void write_system(JsonWriter& out, const std::vector<std::string>& system) {
    if (system.empty())
        return;
    out.key("systemInstruction").begin_object().key("parts").begin_array();
    for (const std::string& text : system)
        out.begin_object().field("text", text).end_object();
    out.end_array().end_object();
}

bool is_declared(const Tool& tool) {
    return tool.type != ToolType::hosted;
}

bool is_kept_hosted(const Tool& tool) {
    return tool.type == ToolType::hosted && keep_hosted_tool(Api::gemini, tool);
}

// One function declaration; a custom tool becomes a function taking one string `input`.
void write_declaration(JsonWriter& out, const Tool& tool) {
    bool custom = tool.type == ToolType::custom;
    out.begin_object().field("name", tool.name);
    std::string description = custom ? custom_tool_description(tool) : tool.description;
    if (!description.empty())
        out.field("description", description);
    out.raw_field("parametersJsonSchema",
                  custom ? custom_tool_schema_text() : parameters_schema_text(tool));
    out.end_object();
}

// "tools": the function declarations first, then Gemini's own hosted tools as received;
// hosted tools of other APIs are dropped (reported).
void write_tools(JsonWriter& out, const std::vector<Tool>& tools, EncodeReport& report) {
    bool declarations = std::any_of(tools.begin(), tools.end(), is_declared);
    if (declarations || std::any_of(tools.begin(), tools.end(), is_kept_hosted)) {
        out.key("tools").begin_array();
        if (declarations) {
            out.begin_object().key("functionDeclarations").begin_array();
            for (const Tool& tool : tools)
                if (is_declared(tool))
                    write_declaration(out, tool);
            out.end_array().end_object();
        }
        for (const Tool& tool : tools)
            if (is_kept_hosted(tool))
                out.raw(hosted_tool_text(tool));
        out.end_array();
    }
    for (size_t i = 0; i < tools.size(); ++i)
        if (!is_declared(tools[i]) && !is_kept_hosted(tools[i]))
            report_drop(
                report, path_index("tools", i),
                "hosted tool \"" + tools[i].hosted_type + "\" dropped: gemini cannot run it");
}

// "toolConfig" unless the tool choice is unset.
void write_tool_config(JsonWriter& out, const ToolChoice& choice) {
    const char* mode = nullptr;
    switch (choice.mode) {
        case ToolChoiceMode::auto_:
            mode = "AUTO";
            break;
        case ToolChoiceMode::none:
            mode = "NONE";
            break;
        case ToolChoiceMode::required:
        case ToolChoiceMode::tool:
            mode = "ANY";
            break;
        case ToolChoiceMode::unset:
            return;
    }
    out.key("toolConfig").begin_object().key("functionCallingConfig").begin_object();
    out.field("mode", mode);
    if (choice.mode == ToolChoiceMode::tool)
        out.key("allowedFunctionNames").begin_array().value(choice.name).end_array();
    out.end_object().end_object();
}

// The thinkingConfig members: thoughts included, a budget or else a level from the effort.
void write_thinking(JsonWriter& out, const ReasoningConfig& reasoning) {
    out.key("thinkingConfig").begin_object().field("includeThoughts", true);
    const std::string& effort = reasoning.effort;
    if (reasoning.budget_tokens)
        out.field("thinkingBudget", *reasoning.budget_tokens);
    else if (!effort.empty())
        out.field("thinkingLevel",
                  effort == "low" || effort == "minimal" || effort == "none" ? "low" : "high");
    out.end_object();
}

// "generationConfig" with sampling, stop and thinking; left out when it would be empty.
void write_generation_config(JsonWriter& out, const Request& request) {
    std::string config;
    JsonWriter config_out(config);
    config_out.begin_object();
    if (request.sampling.temperature)
        config_out.field("temperature", *request.sampling.temperature);
    if (request.sampling.top_p)
        config_out.field("topP", *request.sampling.top_p);
    if (request.sampling.max_output_tokens)
        config_out.field("maxOutputTokens", *request.sampling.max_output_tokens);
    if (!request.sampling.stop.empty())
        config_out.field("stopSequences", request.sampling.stop);
    if (request.reasoning.enabled)
        write_thinking(config_out, request.reasoning);
    config_out.end_object();
    if (config != "{}")
        out.raw_field("generationConfig", config);
}

}  // namespace

std::string encode_gemini_request(const Request& request, EncodeReport& report) {
    std::vector<std::string> system;
    std::vector<Message> messages = merge_same_role(fold_system_messages(request, system));
    std::string body;
    body.reserve(64 * 1024);
    JsonWriter out(body);
    out.begin_object();
    write_contents(out, messages, report);
    write_system(out, system);
    write_tools(out, request.tools, report);
    write_tool_config(out, request.tool_choice);
    write_generation_config(out, request);
    out.end_object();
    if (request.parallel_tool_calls == false)
        report_drop(report, "parallel_tool_calls", "dropped: gemini has no such switch");
    if (!request.cache_key.empty())
        report_drop(report, "cache_key", "dropped: gemini has no prompt cache key");
    return body;
}

}  // namespace lifeline::translate::detail
