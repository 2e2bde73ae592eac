// Gemini generateContent requests (what Gemini CLI sends) into the neutral model. The model
// name travels in the URL, not the body: callers fill Request::model themselves.

#include "codecs.hpp"
#include "encode_support.hpp"
#include "gemini_parts.hpp"

namespace lifeline::translate::detail {

namespace {

Status decode_contents(JsonView contents, Request& request, EncodeReport& notes) {
    if (!contents.is_array())
        return fail(field_error(ErrorCode::invalid_input, "contents", "missing or not an array"));
    GeminiCallIds ids;
    size_t i = 0;
    for (JsonView content : contents.elements()) {
        std::string path = path_index("contents", i);
        std::string role = string_at(content, "role");
        if (!role.empty() && role != "user" && role != "model" && role != "function")
            return fail(field_error(ErrorCode::invalid_input, path + ".role",
                                    "unknown role \"" + role + "\""));
        Message message{role == "model" ? Role::assistant : Role::user, {}};
        JsonView parts = member(content, "parts");
        if (!parts.is_array())
            return fail(field_error(ErrorCode::invalid_input, path + ".parts", "missing"));
        size_t p = 0;
        for (JsonView part : parts.elements())
            LIFELINE_TRY_VOID(decode_gemini_part(part, path_index(path + ".parts", p++),
                                                 message.parts, ids, notes));
        request.messages.push_back(std::move(message));
        ++i;
    }
    return {};
}

// The name of a hosted tool entry ({"googleSearch": {}}): its smallest key, so that an entry
// of several keys is named the same whatever their order on the wire; "" when not an object
// or empty.
std::string hosted_tool_type(JsonView entry) {
    std::string_view first;
    bool found = false;
    for (auto [key, value] : entry.members()) {
        (void)value;
        if (!found || key < first)
            first = key;
        found = true;
    }
    return std::string(first);
}

void decode_tools(JsonView tools, Request& request) {
    for (JsonView entry : tools.elements()) {
        JsonView declarations = member(entry, "functionDeclarations");
        if (!declarations.is_array()) {
            Tool tool;
            tool.type = ToolType::hosted;
            tool.hosted_type = hosted_tool_type(entry);
            tool.name = tool.hosted_type;
            tool.raw = entry.text();
            tool.origin = Api::gemini;
            request.tools.push_back(std::move(tool));
            continue;
        }
        for (JsonView declaration : declarations.elements()) {
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

void decode_tool_config(JsonView config, Request& request) {
    JsonView calling = member(config, "functionCallingConfig");
    if (!calling)
        return;
    std::string mode = string_at(calling, "mode");
    JsonView allowed = member(calling, "allowedFunctionNames");
    if (mode == "NONE") {
        request.tool_choice.mode = ToolChoiceMode::none;
    } else if (mode == "ANY" && allowed.is_array() && allowed.size() == 1 &&
               allowed.at(0).is_string()) {
        request.tool_choice = {ToolChoiceMode::tool, std::string(allowed.at(0).str())};
    } else if (mode == "ANY") {
        request.tool_choice.mode = ToolChoiceMode::required;
    } else if (mode == "AUTO" || mode == "VALIDATED") {
        request.tool_choice.mode = ToolChoiceMode::auto_;
    }
}

void decode_generation_config(JsonView config, Request& request) {
    request.sampling.temperature = number_at(config, "temperature");
    request.sampling.top_p = number_at(config, "topP");
    request.sampling.max_output_tokens = int_at(config, "maxOutputTokens");
    for (JsonView s : member(config, "stopSequences").elements())
        if (s.is_string())
            request.sampling.stop.push_back(std::string(s.str()));
    JsonView thinking = member(config, "thinkingConfig");
    if (!thinking)
        return;
    std::optional<int64_t> budget = int_at(thinking, "thinkingBudget");
    request.reasoning.effort = string_at(thinking, "thinkingLevel");
    request.reasoning.enabled = bool_at(thinking, "includeThoughts").value_or(false) ||
                                !request.reasoning.effort.empty() || (budget && *budget != 0);
    if (budget && *budget > 0)
        request.reasoning.budget_tokens = budget;
}

}  // namespace

Result<Request> decode_gemini_request(JsonView body, EncodeReport& notes) {
    if (!body.is_object())
        return fail(field_error(ErrorCode::parse, "", "request is not a JSON object"));
    Request request;
    request.model = string_at(body, "model");
    JsonView system = member(body, "systemInstruction");
    if (!system)
        system = member(body, "system_instruction");
    for (JsonView part : member(system, "parts").elements())
        request.system.push_back(string_at(part, "text"));
    LIFELINE_TRY_VOID(decode_contents(member(body, "contents"), request, notes));
    decode_tools(member(body, "tools"), request);
    if (JsonView config = member(body, "toolConfig"))
        decode_tool_config(config, request);
    if (JsonView config = member(body, "generationConfig"))
        decode_generation_config(config, request);
    return request;
}

}  // namespace lifeline::translate::detail
