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

// A custom tool's format as received; {} when it is not a JSON object.
std::string_view custom_format_text(const Tool& tool) {
    return is_json_object(tool.format) ? std::string_view(tool.format) : std::string_view("{}");
}

// One tool: functions and custom tools as Responses has them, hosted tools as received.
void encode_tool(JsonWriter& out, const Tool& tool) {
    if (tool.type == ToolType::hosted) {
        out.raw(hosted_tool_text(tool));
        return;
    }
    bool function = tool.type == ToolType::function;
    out.begin_object().field("type", function ? "function" : "custom").field("name", tool.name);
    if (!tool.description.empty())
        out.field("description", tool.description);
    if (function) {
        out.raw_field("parameters", parameters_schema_text(tool));
        if (tool.strict)
            out.field("strict", true);
    } else if (!tool.format.empty()) {
        out.raw_field("format", custom_format_text(tool));
    }
    out.end_object();
}

// "tools" (hosted tools of other APIs dropped, reported); nothing when none is left.
void encode_tools(JsonWriter& out, const std::vector<Tool>& tools, EncodeReport& report) {
    bool any = false;
    for (size_t i = 0; i < tools.size(); ++i) {
        const Tool& tool = tools[i];
        if (tool.type == ToolType::hosted && !keep_hosted_tool(Api::responses, tool)) {
            report_drop(
                report, path_index("tools", i),
                "hosted tool \"" + tool.hosted_type + "\" dropped: responses cannot run it");
            continue;
        }
        if (!any)
            out.key("tools").begin_array();
        any = true;
        encode_tool(out, tool);
    }
    if (any)
        out.end_array();
}

// "tool_choice" unless the mode is unset.
void encode_tool_choice(JsonWriter& out, const ToolChoice& choice) {
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
            out.key("tool_choice").begin_object().field("type", "function");
            out.field("name", choice.name).end_object();
            break;
        case ToolChoiceMode::unset:
            break;
    }
}

// Sampling (stop sequences dropped, reported) and reasoning: the effort (from the budget when
// none is given) with its encrypted content asked back.
void encode_generation(JsonWriter& out, const Request& request, EncodeReport& report) {
    if (request.sampling.temperature)
        out.field("temperature", *request.sampling.temperature);
    if (request.sampling.top_p)
        out.field("top_p", *request.sampling.top_p);
    if (request.sampling.max_output_tokens)
        out.field("max_output_tokens", *request.sampling.max_output_tokens);
    if (!request.sampling.stop.empty())
        report_drop(report, "stop", "stop sequences dropped: responses has none");
    if (!request.reasoning.enabled)
        return;
    std::string effort = request.reasoning.effort;
    if (effort.empty())
        effort = effort_for_budget(request.reasoning.budget_tokens.value_or(8192));
    out.key("reasoning").begin_object().field("effort", effort).field("summary", "auto");
    out.end_object();
    out.key("include").begin_array().value("reasoning.encrypted_content").end_array();
}

}  // namespace

std::string encode_responses_request(const Request& request, EncodeReport& report) {
    std::string body;
    body.reserve(64 * 1024);
    JsonWriter out(body);
    out.begin_object().field("model", request.model);
    if (!request.system.empty()) {
        std::string instructions;
        for (const std::string& text : request.system)
            instructions += (instructions.empty() ? "" : "\n\n") + text;
        out.field("instructions", instructions);
    }
    out.key("input");
    write_input_items(out, request.messages, report);
    encode_tools(out, request.tools, report);
    encode_tool_choice(out, request.tool_choice);
    if (request.parallel_tool_calls)
        out.field("parallel_tool_calls", bool(*request.parallel_tool_calls));
    encode_generation(out, request, report);
    out.field("store", false).field("stream", bool(request.stream));
    if (!request.cache_key.empty())
        out.field("prompt_cache_key", request.cache_key);
    if (!request.user.empty())
        out.field("user", request.user);
    out.end_object();
    return body;
}

}  // namespace lifeline::translate::detail
