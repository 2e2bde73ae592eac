// OpenAI Responses requests (what Codex CLI sends) to and from the neutral model.
// input items: message (roles developer/system -> Role::system, user, assistant),
// function_call(_output), custom_tool_call(_output), reasoning, local_shell_call(_output)
// (mapped to a function call "local_shell" whose arguments are the action), web_search_call,
// compaction and item_reference (dropped with a note: no other vendor can use them).

#include "codecs.hpp"
#include "encode_support.hpp"
#include "responses_items.hpp"

namespace lifeline::translate::detail {

namespace {

Result<ToolChoice> decode_tool_choice(JsonView choice) {
    ToolChoice out;
    if (choice.is_string()) {
        std::string mode(choice.str());
        if (mode == "auto")
            out.mode = ToolChoiceMode::auto_;
        else if (mode == "none")
            out.mode = ToolChoiceMode::none;
        else if (mode == "required")
            out.mode = ToolChoiceMode::required;
        else
            return fail(field_error(ErrorCode::invalid_input, "tool_choice",
                                    "unknown mode \"" + mode + "\""));
        return out;
    }
    out.mode = ToolChoiceMode::tool;
    out.name = string_at(choice, "name");
    if (out.name.empty())
        return fail(field_error(ErrorCode::invalid_input, "tool_choice.name", "missing"));
    return out;
}

Result<std::vector<Tool>> decode_tools(JsonView tools, EncodeReport& notes) {
    std::vector<Tool> out;
    if (!tools.is_array())
        return fail(field_error(ErrorCode::parse, "tools", "not an array"));
    size_t i = 0;
    for (JsonView item : tools.elements()) {
        std::string path = path_index("tools", i);
        std::string type = string_at(item, "type");
        if (type == "function" || type == "custom") {
            Tool tool;
            tool.type = type == "function" ? ToolType::function : ToolType::custom;
            tool.name = string_at(item, "name");
            if (tool.name.empty())
                return fail(field_error(ErrorCode::invalid_input, path + ".name", "missing"));
            tool.description = string_at(item, "description");
            tool.parameters = text_at(item, "parameters");
            tool.format = text_at(item, "format");
            tool.strict = bool_at(item, "strict").value_or(false);
            out.push_back(std::move(tool));
        } else if (type == "namespace" && member(item, "tools")) {
            // A container of functions: its functions become top-level function tools.
            LIFELINE_TRY(decode_namespace(item, path, out, notes));
        } else if (!type.empty()) {
            Tool tool;
            tool.type = ToolType::hosted;
            tool.hosted_type = type;
            tool.name = string_at(item, "name").empty() ? type : string_at(item, "name");
            tool.raw = item.text();
            tool.origin = Api::responses;
            out.push_back(std::move(tool));
        } else {
            return fail(field_error(ErrorCode::invalid_input, path + ".type", "missing"));
        }
        ++i;
    }
    return out;
}

void decode_reasoning_config(JsonView body, Request& request) {
    JsonView reasoning = member(body, "reasoning");
    if (!reasoning.is_object())
        return;
    request.reasoning.effort = string_at(reasoning, "effort");
    request.reasoning.enabled =
        !request.reasoning.effort.empty() && request.reasoning.effort != "none";
}

}  // namespace

Result<Request> decode_responses_request(JsonView body, EncodeReport& notes) {
    if (!body.is_object())
        return fail(field_error(ErrorCode::parse, "", "request is not a JSON object"));
    Request request;
    request.model = string_at(body, "model");
    if (std::string instructions = string_at(body, "instructions"); !instructions.empty())
        request.system.push_back(std::move(instructions));
    if (JsonView input = member(body, "input")) {
        if (input.is_string()) {
            request.messages.push_back({Role::user, {text_part(std::string(input.str()))}});
        } else {
            request.messages = LIFELINE_TRY(decode_input_items(input, notes));
        }
    }
    if (JsonView tools = member(body, "tools"); tools && !tools.is_null())
        request.tools = LIFELINE_TRY(decode_tools(tools, notes));
    if (JsonView choice = member(body, "tool_choice"); choice && !choice.is_null())
        request.tool_choice = LIFELINE_TRY(decode_tool_choice(choice));
    request.parallel_tool_calls = bool_at(body, "parallel_tool_calls");
    request.sampling.temperature = number_at(body, "temperature");
    request.sampling.top_p = number_at(body, "top_p");
    request.sampling.max_output_tokens = int_at(body, "max_output_tokens");
    decode_reasoning_config(body, request);
    request.stream = bool_at(body, "stream").value_or(false);
    request.cache_key = string_at(body, "prompt_cache_key");
    request.user = string_at(body, "user");
    return request;
}

namespace {

Json encode_tool(const Tool& tool) {
    switch (tool.type) {
        case ToolType::function: {
            Json out = {{"type", "function"}, {"name", tool.name}};
            if (!tool.description.empty())
                out["description"] = tool.description;
            out["parameters"] = parameters_schema(tool);
            if (tool.strict)
                out["strict"] = true;
            return out;
        }
        case ToolType::custom: {
            Json out = {{"type", "custom"}, {"name", tool.name}};
            if (!tool.description.empty())
                out["description"] = tool.description;
            if (!tool.format.empty())
                out["format"] = object_from_text(tool.format);
            return out;
        }
        case ToolType::hosted:
            return object_from_text(tool.raw);
    }
    return Json::object();
}

Json encode_tool_choice(const ToolChoice& choice) {
    switch (choice.mode) {
        case ToolChoiceMode::auto_:
            return "auto";
        case ToolChoiceMode::none:
            return "none";
        case ToolChoiceMode::required:
            return "required";
        case ToolChoiceMode::tool:
            return {{"type", "function"}, {"name", choice.name}};
        case ToolChoiceMode::unset:
            break;
    }
    return nullptr;
}

}  // namespace

std::string encode_responses_request(const Request& request, EncodeReport& report) {
    Json body = {{"model", request.model}};
    if (!request.system.empty()) {
        std::string instructions;
        for (const std::string& text : request.system)
            instructions += (instructions.empty() ? "" : "\n\n") + text;
        body["instructions"] = instructions;
    }
    body["input"] = encode_input_items(request.messages, report);
    Json tools = Json::array();
    for (size_t i = 0; i < request.tools.size(); ++i) {
        const Tool& tool = request.tools[i];
        if (tool.type == ToolType::hosted && !keep_hosted_tool(Api::responses, tool)) {
            report_drop(
                report, path_index("tools", i),
                "hosted tool \"" + tool.hosted_type + "\" dropped: responses cannot run it");
            continue;
        }
        tools.push_back(encode_tool(tool));
    }
    if (!tools.empty())
        body["tools"] = std::move(tools);
    if (Json choice = encode_tool_choice(request.tool_choice); !choice.is_null())
        body["tool_choice"] = std::move(choice);
    if (request.parallel_tool_calls)
        body["parallel_tool_calls"] = *request.parallel_tool_calls;
    if (request.sampling.temperature)
        body["temperature"] = *request.sampling.temperature;
    if (request.sampling.top_p)
        body["top_p"] = *request.sampling.top_p;
    if (request.sampling.max_output_tokens)
        body["max_output_tokens"] = *request.sampling.max_output_tokens;
    if (!request.sampling.stop.empty())
        report_drop(report, "stop", "stop sequences dropped: responses has none");
    if (request.reasoning.enabled) {
        std::string effort = request.reasoning.effort;
        if (effort.empty())
            effort = effort_for_budget(request.reasoning.budget_tokens.value_or(8192));
        body["reasoning"] = {{"effort", effort}, {"summary", "auto"}};
        body["include"] = {"reasoning.encrypted_content"};
    }
    body["store"] = false;
    body["stream"] = request.stream;
    if (!request.cache_key.empty())
        body["prompt_cache_key"] = request.cache_key;
    if (!request.user.empty())
        body["user"] = request.user;
    return dump_json(body);
}

}  // namespace lifeline::translate::detail
