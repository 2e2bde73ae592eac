// OpenAI Chat Completions requests to and from the neutral model. Leading system/developer
// messages are Request::system; `tool` messages become tool results in one user message.

#include "codecs.hpp"
#include "encode_support.hpp"
#include "wire_maps.hpp"

namespace lifeline::translate::detail {

Image image_from_url(const std::string& url) {
    Image image;
    if (!split_data_url(url, image))
        image.url = url;
    return image;
}

namespace {

Result<std::vector<Part>> decode_content(JsonView content, const std::string& path) {
    std::vector<Part> parts;
    if (content.is_null())
        return parts;
    if (content.is_string()) {
        if (!content.str().empty())
            parts.push_back(text_part(std::string(content.str())));
        return parts;
    }
    if (!content.is_array())
        return fail(field_error(ErrorCode::parse, path, "not a string or an array"));
    size_t i = 0;
    for (JsonView piece : content.elements()) {
        std::string type = string_at(piece, "type");
        if (type == "text") {
            parts.push_back(text_part(string_at(piece, "text")));
        } else if (type == "image_url") {
            JsonView image = member(piece, "image_url");
            std::string url =
                image.is_string() ? std::string(image.str()) : string_at(image, "url");
            parts.push_back(image_part(image_from_url(url)));
        } else {
            return fail(field_error(ErrorCode::invalid_input, path_index(path, i) + ".type",
                                    "unsupported content type \"" + type + "\""));
        }
        ++i;
    }
    return parts;
}

Status decode_assistant(JsonView item, const std::string& path, Message& message) {
    if (std::string thinking = string_at(item, "reasoning_content"); !thinking.empty())
        message.parts.push_back(reasoning_part({thinking, Vendor::none, "", false, ""}));
    if (JsonView content = member(item, "content")) {
        std::vector<Part> parts = LIFELINE_TRY(decode_content(content, path + ".content"));
        message.parts.insert(message.parts.end(), parts.begin(), parts.end());
    }
    size_t i = 0;
    for (JsonView call : member(item, "tool_calls").elements()) {
        std::string call_path = path_index(path + ".tool_calls", i);
        JsonView function = member(call, "function");
        JsonView custom = member(call, "custom");
        if (function)
            message.parts.push_back(
                tool_call_part({string_at(call, "id"), string_at(function, "name"),
                                string_at(function, "arguments")}));
        else if (custom)
            message.parts.push_back(
                tool_call_part({string_at(call, "id"), string_at(custom, "name"),
                                string_at(custom, "input"), ToolKind::custom}));
        else
            return fail(field_error(ErrorCode::invalid_input, call_path, "no function"));
        ++i;
    }
    return {};
}

Status decode_message(JsonView item, const std::string& path, Request& request) {
    std::string role = string_at(item, "role");
    if (role == "system" || role == "developer") {
        JsonView content = member(item, "content");
        std::vector<Part> parts;
        if (content)
            parts = LIFELINE_TRY(decode_content(content, path + ".content"));
        if (request.messages.empty()) {
            for (const Part& part : parts)
                request.system.push_back(part.text);
        } else {
            request.messages.push_back({Role::system, std::move(parts)});
        }
    } else if (role == "user") {
        JsonView content = member(item, "content");
        std::vector<Part> parts;
        if (content)
            parts = LIFELINE_TRY(decode_content(content, path + ".content"));
        request.messages.push_back({Role::user, std::move(parts)});
    } else if (role == "assistant") {
        Message message{Role::assistant, {}};
        LIFELINE_TRY_VOID(decode_assistant(item, path, message));
        request.messages.push_back(std::move(message));
    } else if (role == "tool") {
        ToolResult result;
        result.call_id = string_at(item, "tool_call_id");
        if (JsonView content = member(item, "content")) {
            std::vector<Part> parts = LIFELINE_TRY(decode_content(content, path + ".content"));
            for (Part& part : parts)
                result.content.push_back({std::move(part.text), std::nullopt});
        }
        bool append = !request.messages.empty() && request.messages.back().role == Role::user &&
                      !request.messages.back().parts.empty() &&
                      request.messages.back().parts.back().type == PartType::tool_result;
        if (!append)
            request.messages.push_back({Role::user, {}});
        request.messages.back().parts.push_back(tool_result_part(std::move(result)));
    } else {
        return fail(
            field_error(ErrorCode::invalid_input, path + ".role", "unknown role \"" + role + "\""));
    }
    return {};
}

Result<Tool> decode_tool(JsonView item, const std::string& path) {
    Tool tool;
    std::string type = string_at(item, "type");
    JsonView spec = member(item, type == "custom" ? "custom" : "function");
    if ((type != "function" && type != "custom") || !spec)
        return fail(field_error(ErrorCode::invalid_input, path + ".type",
                                "unsupported tool type \"" + type + "\""));
    tool.type = type == "custom" ? ToolType::custom : ToolType::function;
    tool.name = string_at(spec, "name");
    tool.description = string_at(spec, "description");
    tool.parameters = text_at(spec, "parameters");
    tool.format = text_at(spec, "format");
    tool.strict = bool_at(spec, "strict").value_or(false);
    return tool;
}

ToolChoice decode_tool_choice(JsonView choice) {
    ToolChoice out;
    if (choice.is_string()) {
        std::string_view mode = choice.str();
        out.mode = mode == "none"       ? ToolChoiceMode::none
                   : mode == "required" ? ToolChoiceMode::required
                                        : ToolChoiceMode::auto_;
        return out;
    }
    out.mode = ToolChoiceMode::tool;
    if (JsonView function = member(choice, "function"))
        out.name = string_at(function, "name");
    return out;
}

}  // namespace

Result<Request> decode_chat_request(JsonView body, EncodeReport& notes) {
    (void)notes;
    if (!body.is_object())
        return fail(field_error(ErrorCode::parse, "", "request is not a JSON object"));
    Request request;
    request.model = string_at(body, "model");
    JsonView messages = member(body, "messages");
    if (!messages.is_array())
        return fail(field_error(ErrorCode::invalid_input, "messages", "missing or not an array"));
    size_t m = 0;
    for (JsonView message : messages.elements())
        LIFELINE_TRY_VOID(decode_message(message, path_index("messages", m++), request));
    size_t t = 0;
    for (JsonView tool : member(body, "tools").elements())
        request.tools.push_back(LIFELINE_TRY(decode_tool(tool, path_index("tools", t++))));
    if (JsonView choice = member(body, "tool_choice"); choice && !choice.is_null())
        request.tool_choice = decode_tool_choice(choice);
    request.parallel_tool_calls = bool_at(body, "parallel_tool_calls");
    request.sampling.temperature = number_at(body, "temperature");
    request.sampling.top_p = number_at(body, "top_p");
    request.sampling.max_output_tokens = int_at(body, "max_completion_tokens");
    if (!request.sampling.max_output_tokens)
        request.sampling.max_output_tokens = int_at(body, "max_tokens");
    if (JsonView stop = member(body, "stop"); stop.is_string()) {
        request.sampling.stop.push_back(std::string(stop.str()));
    } else {
        for (JsonView s : stop.elements())
            if (s.is_string())
                request.sampling.stop.push_back(std::string(s.str()));
    }
    request.reasoning.effort = string_at(body, "reasoning_effort");
    request.reasoning.enabled =
        !request.reasoning.effort.empty() && request.reasoning.effort != "none";
    request.stream = bool_at(body, "stream").value_or(false);
    request.cache_key = string_at(body, "prompt_cache_key");
    request.user = string_at(body, "user");
    return request;
}

}  // namespace lifeline::translate::detail
