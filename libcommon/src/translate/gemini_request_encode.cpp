// Neutral requests as Gemini generateContent requests. Function schemas go in
// `parametersJsonSchema` (full JSON Schema); only Gemini's own signed thoughts go back.

#include "codecs.hpp"
#include "encode_support.hpp"
#include "gemini_parts.hpp"

namespace lifeline::translate::detail {

namespace {

std::map<std::string, std::string> call_names(const std::vector<Message>& messages) {
    std::map<std::string, std::string> names;
    for (const Message& message : messages)
        for (const Part& part : message.parts)
            if (part.type == PartType::tool_call)
                names[part.tool_call.id] = part.tool_call.name;
    return names;
}

void encode_tools(const Request& request, Json& body, EncodeReport& report) {
    Json declarations = Json::array();
    Json tools = Json::array();
    for (size_t i = 0; i < request.tools.size(); ++i) {
        const Tool& tool = request.tools[i];
        if (tool.type == ToolType::hosted) {
            if (keep_hosted_tool(Api::gemini, tool))
                tools.push_back(object_from_text(tool.raw));
            else
                report_drop(
                    report, path_index("tools", i),
                    "hosted tool \"" + tool.hosted_type + "\" dropped: gemini cannot run it");
            continue;
        }
        bool custom = tool.type == ToolType::custom;
        Json declaration = {{"name", tool.name}};
        std::string description = custom ? custom_tool_description(tool) : tool.description;
        if (!description.empty())
            declaration["description"] = description;
        declaration["parametersJsonSchema"] =
            custom ? custom_tool_schema(tool) : parameters_schema(tool);
        declarations.push_back(std::move(declaration));
    }
    if (!declarations.empty())
        tools.insert(tools.begin(), Json{{"functionDeclarations", std::move(declarations)}});
    if (!tools.empty())
        body["tools"] = std::move(tools);
    const ToolChoice& choice = request.tool_choice;
    Json calling;
    switch (choice.mode) {
        case ToolChoiceMode::auto_:
            calling = {{"mode", "AUTO"}};
            break;
        case ToolChoiceMode::none:
            calling = {{"mode", "NONE"}};
            break;
        case ToolChoiceMode::required:
            calling = {{"mode", "ANY"}};
            break;
        case ToolChoiceMode::tool:
            calling = {{"mode", "ANY"}, {"allowedFunctionNames", {choice.name}}};
            break;
        case ToolChoiceMode::unset:
            break;
    }
    if (!calling.is_null())
        body["toolConfig"] = {{"functionCallingConfig", std::move(calling)}};
}

Json generation_config(const Request& request) {
    Json config = Json::object();
    if (request.sampling.temperature)
        config["temperature"] = *request.sampling.temperature;
    if (request.sampling.top_p)
        config["topP"] = *request.sampling.top_p;
    if (request.sampling.max_output_tokens)
        config["maxOutputTokens"] = *request.sampling.max_output_tokens;
    if (!request.sampling.stop.empty())
        config["stopSequences"] = request.sampling.stop;
    if (request.reasoning.enabled) {
        Json thinking = {{"includeThoughts", true}};
        const std::string& effort = request.reasoning.effort;
        if (request.reasoning.budget_tokens)
            thinking["thinkingBudget"] = *request.reasoning.budget_tokens;
        else if (!effort.empty())
            thinking["thinkingLevel"] =
                effort == "low" || effort == "minimal" || effort == "none" ? "low" : "high";
        config["thinkingConfig"] = std::move(thinking);
    }
    return config;
}

}  // namespace

std::string encode_gemini_request(const Request& request, EncodeReport& report) {
    std::vector<std::string> system;
    std::vector<Message> messages = merge_same_role(fold_system_messages(request, system));
    Json body = Json::object();
    std::map<std::string, std::string> names = call_names(messages);
    Json contents = Json::array();
    for (size_t m = 0; m < messages.size(); ++m) {
        Json parts = encode_gemini_parts(messages[m].parts, GeminiAudience::upstream, names, report,
                                         path_index("messages", m) + ".parts");
        if (parts.empty())
            continue;
        contents.push_back(
            {{"role", messages[m].role == Role::assistant ? "model" : "user"}, {"parts", parts}});
    }
    body["contents"] = std::move(contents);
    if (!system.empty()) {
        Json parts = Json::array();
        for (const std::string& text : system)
            parts.push_back({{"text", text}});
        body["systemInstruction"] = {{"parts", std::move(parts)}};
    }
    encode_tools(request, body, report);
    if (Json config = generation_config(request); !config.empty())
        body["generationConfig"] = std::move(config);
    if (request.parallel_tool_calls == false)
        report_drop(report, "parallel_tool_calls", "dropped: gemini has no such switch");
    if (!request.cache_key.empty())
        report_drop(report, "cache_key", "dropped: gemini has no prompt cache key");
    return dump_json(body);
}

}  // namespace lifeline::translate::detail
