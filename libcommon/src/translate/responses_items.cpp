#include "responses_items.hpp"

#include <lifeline/translate/reasoning_envelope.hpp>

#include "codecs.hpp"
#include "encode_support.hpp"
#include "wire_maps.hpp"

namespace lifeline::translate::detail {

namespace {

Result<Role> decode_role(const std::string& role, const std::string& path) {
    if (role == "user")
        return Role::user;
    if (role == "assistant")
        return Role::assistant;
    if (role == "developer" || role == "system")
        return Role::system;
    return fail(field_error(ErrorCode::invalid_input, path, "unknown role \"" + role + "\""));
}

Result<std::vector<Part>> decode_content(JsonView content, const std::string& path) {
    std::vector<Part> parts;
    if (content.is_string()) {
        parts.push_back(text_part(std::string(content.str())));
        return parts;
    }
    if (!content.is_array())
        return fail(field_error(ErrorCode::parse, path, "not a string or an array"));
    size_t i = 0;
    for (JsonView piece : content.elements()) {
        std::string type = string_at(piece, "type");
        if (type == "input_text" || type == "output_text" || type == "text") {
            parts.push_back(text_part(string_at(piece, "text")));
        } else if (type == "refusal") {
            parts.push_back(text_part(string_at(piece, "refusal")));
        } else if (type == "input_image") {
            std::string url = string_at(piece, "image_url");
            if (url.empty())
                return fail(field_error(ErrorCode::invalid_input,
                                        path_index(path, i) + ".image_url",
                                        "missing (file_id images are not supported)"));
            parts.push_back(image_part(image_from_url(url)));
        } else {
            return fail(field_error(ErrorCode::invalid_input, path_index(path, i) + ".type",
                                    "unsupported content type \"" + type + "\""));
        }
        ++i;
    }
    return parts;
}

Result<std::vector<ResultPart>> decode_output(JsonView output, const std::string& path) {
    std::vector<ResultPart> content;
    if (output.is_string()) {
        content.push_back({std::string(output.str()), std::nullopt});
        return content;
    }
    std::vector<Part> parts = LIFELINE_TRY(decode_content(output, path));
    for (Part& part : parts) {
        if (part.type == PartType::image)
            content.push_back({"", part.image});
        else
            content.push_back({std::move(part.text), std::nullopt});
    }
    return content;
}

std::vector<Part>& assistant_parts(std::vector<Message>& messages) {
    if (messages.empty() || messages.back().role != Role::assistant)
        messages.push_back({Role::assistant, {}});
    return messages.back().parts;
}

std::vector<Part>& result_parts(std::vector<Message>& messages) {
    bool results_only = !messages.empty() && messages.back().role == Role::user;
    if (results_only) {
        for (const Part& part : messages.back().parts)
            results_only = results_only && part.type == PartType::tool_result;
    }
    if (!results_only)
        messages.push_back({Role::user, {}});
    return messages.back().parts;
}

bool is_dropped_item(const std::string& type) {
    return type == "web_search_call" || type == "compaction" || type == "compaction_summary" ||
           type == "item_reference" || type == "file_search_call" ||
           type == "image_generation_call" || type == "code_interpreter_call" ||
           type == "tool_search_call" || type == "tool_search_output" || type.rfind("mcp_", 0) == 0;
}

Status decode_item(JsonView item, const std::string& path, std::vector<Message>& messages,
                   EncodeReport& notes) {
    std::string type = string_at(item, "type");
    if (type.empty() && member(item, "role"))
        type = "message";
    if (type == "message") {
        Role role = LIFELINE_TRY(decode_role(string_at(item, "role"), path + ".role"));
        JsonView content = member(item, "content");
        std::vector<Part> parts;
        if (content)
            parts = LIFELINE_TRY(decode_content(content, path + ".content"));
        if (role == Role::assistant) {
            std::vector<Part>& target = assistant_parts(messages);
            target.insert(target.end(), parts.begin(), parts.end());
        } else {
            messages.push_back({role, std::move(parts)});
        }
    } else if (type == "function_call" || type == "custom_tool_call" || type == "reasoning") {
        LIFELINE_TRY_VOID(decode_output_item(item, path, assistant_parts(messages)));
    } else if (type == "local_shell_call") {
        ToolCall call{string_at(item, "call_id"), "local_shell", text_at(item, "action"),
                      ToolKind::function};
        assistant_parts(messages).push_back(tool_call_part(std::move(call)));
    } else if (type == "function_call_output" || type == "custom_tool_call_output" ||
               type == "local_shell_call_output") {
        ToolResult result;
        result.call_id = string_at(item, "call_id");
        result.kind = type == "custom_tool_call_output" ? ToolKind::custom : ToolKind::function;
        if (JsonView output = member(item, "output"))
            result.content = LIFELINE_TRY(decode_output(output, path + ".output"));
        result_parts(messages).push_back(tool_result_part(std::move(result)));
    } else if (is_dropped_item(type)) {
        report_drop(notes, path, "item type \"" + type + "\" dropped: only OpenAI can use it");
    } else {
        return fail(field_error(ErrorCode::invalid_input, path + ".type",
                                "unknown item type \"" + type + "\""));
    }
    return {};
}

}  // namespace

Result<std::vector<Message>> decode_input_items(JsonView input, EncodeReport& notes) {
    if (!input.is_array())
        return fail(field_error(ErrorCode::parse, "input", "not a string or an array"));
    std::vector<Message> messages;
    size_t i = 0;
    for (JsonView item : input.elements()) {
        LIFELINE_TRY_VOID(decode_item(item, path_index("input", i), messages, notes));
        ++i;
    }
    return messages;
}

Status decode_namespace(JsonView item, const std::string& path, std::vector<Tool>& tools,
                        EncodeReport& notes) {
    size_t found = 0;
    for (JsonView tool : member(item, "tools").elements()) {
        if (string_at(tool, "type") != "function" || string_at(tool, "name").empty())
            continue;
        Tool out;
        out.name = string_at(tool, "name");
        out.description = string_at(tool, "description");
        out.parameters = text_at(tool, "parameters");
        out.strict = bool_at(tool, "strict").value_or(false);
        tools.push_back(std::move(out));
        ++found;
    }
    std::string name = string_at(item, "name");
    if (found == 0)
        report_drop(notes, path, "namespace \"" + name + "\" without functions dropped");
    else
        report_drop(notes, path, "namespace \"" + name + "\" flattened into its functions");
    return {};
}

std::string reasoning_summary_text(JsonView item) {
    std::string text;
    for (JsonView piece : member(item, "summary").elements())
        text += (text.empty() ? "" : "\n\n") + string_at(piece, "text");
    return text;
}

Status decode_output_item(JsonView item, const std::string& path, std::vector<Part>& parts) {
    std::string type = string_at(item, "type");
    if (type == "message") {
        if (JsonView content = member(item, "content")) {
            std::vector<Part> decoded = LIFELINE_TRY(decode_content(content, path + ".content"));
            parts.insert(parts.end(), decoded.begin(), decoded.end());
        }
    } else if (type == "function_call") {
        parts.push_back(tool_call_part({string_at(item, "call_id"), string_at(item, "name"),
                                        string_at(item, "arguments"), ToolKind::function}));
    } else if (type == "custom_tool_call") {
        parts.push_back(tool_call_part({string_at(item, "call_id"), string_at(item, "name"),
                                        string_at(item, "input"), ToolKind::custom}));
    } else if (type == "reasoning") {
        Reasoning reasoning = reasoning_from_client(
            Api::responses, string_at(item, "encrypted_content"), reasoning_summary_text(item));
        if (reasoning.vendor == Vendor::openai || reasoning.vendor == Vendor::none)
            reasoning.id = string_at(item, "id");
        if (reasoning.vendor == Vendor::none && !reasoning.id.empty())
            reasoning.vendor = Vendor::openai;
        parts.push_back(reasoning_part(std::move(reasoning)));
    } else if (type.empty()) {
        return fail(field_error(ErrorCode::invalid_input, path + ".type", "missing"));
    }
    return {};
}

}  // namespace lifeline::translate::detail
