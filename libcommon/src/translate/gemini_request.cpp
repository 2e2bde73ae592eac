// Gemini generateContent requests (what Gemini CLI sends) into the neutral model. The model
// name travels in the URL, not the body: callers fill Request::model themselves.

#include "codecs.hpp"
#include "encode_support.hpp"
#include "gemini_parts.hpp"

namespace lifeline::translate::detail {

namespace {

Status decode_contents(const Json& contents, Request& request, EncodeReport& notes) {
    if (!contents.is_array())
        return fail(field_error(ErrorCode::invalid_input, "contents", "missing or not an array"));
    GeminiCallIds ids;
    for (size_t i = 0; i < contents.size(); ++i) {
        std::string path = path_index("contents", i);
        std::string role = string_at(contents[i], "role");
        if (!role.empty() && role != "user" && role != "model" && role != "function")
            return fail(field_error(ErrorCode::invalid_input, path + ".role",
                                    "unknown role \"" + role + "\""));
        Message message{role == "model" ? Role::assistant : Role::user, {}};
        const Json* parts = member(contents[i], "parts");
        if (parts == nullptr || !parts->is_array())
            return fail(field_error(ErrorCode::invalid_input, path + ".parts", "missing"));
        for (size_t p = 0; p < parts->size(); ++p)
            LIFELINE_TRY_VOID(decode_gemini_part((*parts)[p], path_index(path + ".parts", p),
                                                 message.parts, ids, notes));
        request.messages.push_back(std::move(message));
    }
    return {};
}

void decode_tools(const Json& tools, Request& request) {
    for (const Json& entry : tools) {
        const Json* declarations = member(entry, "functionDeclarations");
        if (declarations == nullptr || !declarations->is_array()) {
            Tool tool;
            tool.type = ToolType::hosted;
            tool.hosted_type = entry.is_object() && !entry.empty() ? entry.begin().key() : "";
            tool.name = tool.hosted_type;
            tool.raw = dump_json(entry);
            tool.origin = Api::gemini;
            request.tools.push_back(std::move(tool));
            continue;
        }
        for (const Json& declaration : *declarations) {
            Tool tool;
            tool.name = string_at(declaration, "name");
            tool.description = string_at(declaration, "description");
            tool.parameters = text_at(declaration, "parametersJsonSchema");
            if (tool.parameters.empty())
                tool.parameters = text_at(declaration, "parameters");
            request.tools.push_back(std::move(tool));
        }
    }
}

void decode_tool_config(const Json& config, Request& request) {
    const Json* calling = member(config, "functionCallingConfig");
    if (calling == nullptr)
        return;
    std::string mode = string_at(*calling, "mode");
    const Json* allowed = member(*calling, "allowedFunctionNames");
    if (mode == "NONE") {
        request.tool_choice.mode = ToolChoiceMode::none;
    } else if (mode == "ANY" && allowed != nullptr && allowed->size() == 1 &&
               (*allowed)[0].is_string()) {
        request.tool_choice = {ToolChoiceMode::tool, (*allowed)[0].get<std::string>()};
    } else if (mode == "ANY") {
        request.tool_choice.mode = ToolChoiceMode::required;
    } else if (mode == "AUTO" || mode == "VALIDATED") {
        request.tool_choice.mode = ToolChoiceMode::auto_;
    }
}

void decode_generation_config(const Json& config, Request& request) {
    request.sampling.temperature = number_at(config, "temperature");
    request.sampling.top_p = number_at(config, "topP");
    request.sampling.max_output_tokens = int_at(config, "maxOutputTokens");
    if (const Json* stop = member(config, "stopSequences"); stop != nullptr && stop->is_array())
        for (const Json& s : *stop)
            if (s.is_string())
                request.sampling.stop.push_back(s.get<std::string>());
    const Json* thinking = member(config, "thinkingConfig");
    if (thinking == nullptr)
        return;
    std::optional<int64_t> budget = int_at(*thinking, "thinkingBudget");
    request.reasoning.effort = string_at(*thinking, "thinkingLevel");
    request.reasoning.enabled = bool_at(*thinking, "includeThoughts").value_or(false) ||
                                !request.reasoning.effort.empty() || (budget && *budget != 0);
    if (budget && *budget > 0)
        request.reasoning.budget_tokens = budget;
}

}  // namespace

Result<Request> decode_gemini_request(const Json& body, EncodeReport& notes) {
    if (!body.is_object())
        return fail(field_error(ErrorCode::parse, "", "request is not a JSON object"));
    Request request;
    request.model = string_at(body, "model");
    const Json* system = member(body, "systemInstruction");
    if (system == nullptr)
        system = member(body, "system_instruction");
    if (system != nullptr) {
        if (const Json* parts = member(*system, "parts"); parts != nullptr && parts->is_array())
            for (const Json& part : *parts)
                request.system.push_back(string_at(part, "text"));
    }
    const Json* contents = member(body, "contents");
    LIFELINE_TRY_VOID(decode_contents(contents != nullptr ? *contents : Json(), request, notes));
    if (const Json* tools = member(body, "tools"); tools != nullptr && tools->is_array())
        decode_tools(*tools, request);
    if (const Json* config = member(body, "toolConfig"); config != nullptr)
        decode_tool_config(*config, request);
    if (const Json* config = member(body, "generationConfig"); config != nullptr)
        decode_generation_config(*config, request);
    return request;
}

}  // namespace lifeline::translate::detail
