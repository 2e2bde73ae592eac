// Anthropic Messages requests (what Claude Code sends) into the neutral model. cache_control,
// context_management, output_config (except effort) and the beta fields are not carried:
// encoders place their own cache breakpoints.

#include <lifeline/translate/reasoning_envelope.hpp>

#include "codecs.hpp"
#include "encode_support.hpp"

namespace lifeline::translate::detail {

namespace {

Result<Image> decode_image(JsonView block, const std::string& path) {
    JsonView source = member(block, "source");
    if (!source)
        return fail(field_error(ErrorCode::invalid_input, path + ".source", "missing"));
    std::string type = string_at(source, "type");
    if (type == "base64")
        return Image{"", string_at(source, "media_type"), string_at(source, "data")};
    if (type == "url")
        return Image{string_at(source, "url"), "", ""};
    return fail(field_error(ErrorCode::invalid_input, path + ".source.type",
                            "unsupported image source \"" + type + "\""));
}

Result<std::vector<ResultPart>> decode_result_content(JsonView content, const std::string& path) {
    std::vector<ResultPart> out;
    if (content.is_string()) {
        out.push_back({std::string(content.str()), std::nullopt});
        return out;
    }
    size_t i = 0;
    for (JsonView piece : content.elements()) {
        std::string type = string_at(piece, "type");
        if (type == "text")
            out.push_back({string_at(piece, "text"), std::nullopt});
        else if (type == "image")
            out.push_back({"", LIFELINE_TRY(decode_image(piece, path_index(path, i)))});
        else
            return fail(field_error(ErrorCode::invalid_input, path_index(path, i) + ".type",
                                    "unsupported tool result content \"" + type + "\""));
        ++i;
    }
    return out;
}

Status decode_block(JsonView block, const std::string& path, std::vector<Part>& parts,
                    EncodeReport& notes) {
    std::string type = string_at(block, "type");
    if (type == "text") {
        parts.push_back(text_part(string_at(block, "text")));
    } else if (type == "image") {
        parts.push_back(image_part(LIFELINE_TRY(decode_image(block, path))));
    } else if (type == "tool_use") {
        JsonView input = member(block, "input");
        parts.push_back(tool_call_part(
            {string_at(block, "id"), string_at(block, "name"), input ? input.text() : "{}"}));
    } else if (type == "tool_result") {
        ToolResult result;
        result.call_id = string_at(block, "tool_use_id");
        result.is_error = bool_at(block, "is_error").value_or(false);
        if (JsonView content = member(block, "content"))
            result.content = LIFELINE_TRY(decode_result_content(content, path + ".content"));
        parts.push_back(tool_result_part(std::move(result)));
    } else if (type == "thinking") {
        parts.push_back(reasoning_part(reasoning_from_client(
            Api::messages, string_at(block, "signature"), string_at(block, "thinking"))));
    } else if (type == "redacted_thinking") {
        parts.push_back(reasoning_part(
            {"", Vendor::anthropic, string_at(block, "data"), /*redacted=*/true, ""}));
    } else if (type == "server_tool_use" || type.find("_tool_result") != std::string::npos) {
        report_drop(notes, path, "block type \"" + type + "\" dropped: only Anthropic can use it");
    } else {
        return fail(field_error(ErrorCode::invalid_input, path + ".type",
                                "unsupported block type \"" + type + "\""));
    }
    return {};
}

Status decode_messages(JsonView messages, Request& request, EncodeReport& notes) {
    if (!messages.is_array())
        return fail(field_error(ErrorCode::invalid_input, "messages", "missing or not an array"));
    size_t i = 0;
    for (JsonView item : messages.elements()) {
        std::string path = path_index("messages", i);
        std::string role = string_at(item, "role");
        // Claude Code puts role "system" messages (reminders) inside messages[].
        if (role != "user" && role != "assistant" && role != "system")
            return fail(field_error(ErrorCode::invalid_input, path + ".role",
                                    "unknown role \"" + role + "\""));
        Message message{role == "user"        ? Role::user
                        : role == "assistant" ? Role::assistant
                                              : Role::system,
                        {}};
        JsonView content = member(item, "content");
        if (content.is_string()) {
            message.parts.push_back(text_part(std::string(content.str())));
        } else if (content.is_array()) {
            size_t b = 0;
            for (JsonView block : content.elements())
                LIFELINE_TRY_VOID(
                    decode_block(block, path_index(path + ".content", b++), message.parts, notes));
        } else {
            return fail(field_error(ErrorCode::invalid_input, path + ".content",
                                    "missing or not a string or an array"));
        }
        request.messages.push_back(std::move(message));
        ++i;
    }
    return {};
}

Tool decode_tool(JsonView item) {
    Tool tool;
    std::string type = string_at(item, "type");
    tool.name = string_at(item, "name");
    if (!type.empty() && type != "custom") {
        tool.type = ToolType::hosted;
        tool.hosted_type = type;
        tool.raw = item.text();
        tool.origin = Api::messages;
        return tool;
    }
    tool.description = string_at(item, "description");
    tool.parameters = text_at(item, "input_schema");
    return tool;
}

void decode_tool_choice(JsonView choice, Request& request) {
    std::string type = string_at(choice, "type");
    request.tool_choice.mode = type == "any"    ? ToolChoiceMode::required
                               : type == "none" ? ToolChoiceMode::none
                               : type == "tool" ? ToolChoiceMode::tool
                                                : ToolChoiceMode::auto_;
    request.tool_choice.name = string_at(choice, "name");
    if (std::optional<bool> off = bool_at(choice, "disable_parallel_tool_use"); off && *off)
        request.parallel_tool_calls = false;
}

void decode_thinking(JsonView body, Request& request) {
    if (JsonView thinking = member(body, "thinking")) {
        std::string type = string_at(thinking, "type");
        request.reasoning.enabled = type == "enabled" || type == "adaptive";
        request.reasoning.budget_tokens = int_at(thinking, "budget_tokens");
    }
    if (JsonView config = member(body, "output_config"))
        request.reasoning.effort = string_at(config, "effort");
}

}  // namespace

Result<Request> decode_messages_request(JsonView body, EncodeReport& notes) {
    if (!body.is_object())
        return fail(field_error(ErrorCode::parse, "", "request is not a JSON object"));
    Request request;
    request.model = string_at(body, "model");
    if (JsonView system = member(body, "system"); system.is_string()) {
        request.system.push_back(std::string(system.str()));
    } else {
        for (JsonView block : system.elements())
            request.system.push_back(string_at(block, "text"));
    }
    LIFELINE_TRY_VOID(decode_messages(member(body, "messages"), request, notes));
    for (JsonView item : member(body, "tools").elements())
        request.tools.push_back(decode_tool(item));
    if (JsonView choice = member(body, "tool_choice"))
        decode_tool_choice(choice, request);
    request.sampling.temperature = number_at(body, "temperature");
    request.sampling.top_p = number_at(body, "top_p");
    request.sampling.max_output_tokens = int_at(body, "max_tokens");
    for (JsonView s : member(body, "stop_sequences").elements())
        if (s.is_string())
            request.sampling.stop.push_back(std::string(s.str()));
    decode_thinking(body, request);
    request.stream = bool_at(body, "stream").value_or(false);
    if (JsonView metadata = member(body, "metadata"))
        request.user = string_at(metadata, "user_id");
    return request;
}

}  // namespace lifeline::translate::detail
