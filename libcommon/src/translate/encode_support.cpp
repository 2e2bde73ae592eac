#include "encode_support.hpp"

namespace lifeline::translate::detail {

bool keep_reasoning(Api upstream, const Reasoning& reasoning) {
    return reasoning.vendor != Vendor::none && reasoning.vendor == native_vendor(upstream) &&
           !reasoning.signature.empty();
}

bool keep_hosted_tool(Api upstream, const Tool& tool) {
    return tool.origin == upstream;
}

void report_drop(EncodeReport& report, const std::string& path, const std::string& what) {
    report.dropped.push_back(path + ": " + what);
}

namespace {

constexpr std::string_view k_empty_schema = R"({"type":"object","properties":{}})";
constexpr std::string_view k_custom_tool_schema =
    R"({"type":"object","properties":{"input":{"type":"string",)"
    R"("description":"The raw input of the tool."}},"required":["input"]})";

}  // namespace

std::string arguments_object_text(const ToolCall& call, EncodeReport& report,
                                  const std::string& path) {
    if (call.kind == ToolKind::custom) {
        std::string out = "{\"input\":";
        append_quoted(out, call.arguments);
        out.push_back('}');
        return out;
    }
    if (call.arguments.empty())
        return "{}";
    if (is_json_object(call.arguments))
        return call.arguments;
    report_drop(report, path, "arguments are not a JSON object; sent as {}");
    return "{}";
}

std::optional<std::string> custom_input(std::string_view arguments) {
    JsonDocument document;
    Result<JsonView> object = document.parse(arguments, "arguments");
    JsonView input = object ? member(*object, "input") : JsonView();
    if (!input.is_string())
        return std::nullopt;
    return std::string(input.str());
}

Json arguments_object(const ToolCall& call, EncodeReport& report, const std::string& path) {
    return object_from_text(arguments_object_text(call, report, path));
}

std::string arguments_text(const ToolCall& call) {
    if (call.kind == ToolKind::custom) {
        EncodeReport unused;  // a custom call's wrapping reports nothing
        return arguments_object_text(call, unused, "");
    }
    return call.arguments.empty() ? std::string("{}") : call.arguments;
}

std::string_view custom_tool_schema_text() {
    return k_custom_tool_schema;
}

std::string custom_tool_description(const Tool& tool) {
    if (tool.format.empty())
        return tool.description;
    JsonDocument document;
    Result<JsonView> format = document.parse(tool.format, "format");
    if (!format)
        return tool.description;
    std::string definition = string_at(format.value(), "definition");
    if (definition.empty())
        return tool.description;
    return tool.description + "\n\nThe `input` string must follow this " +
           string_at(format.value(), "syntax") + " grammar:\n" + definition;
}

std::string_view parameters_schema_text(const Tool& tool) {
    return is_json_object(tool.parameters) ? std::string_view(tool.parameters) : k_empty_schema;
}

std::string_view hosted_tool_text(const Tool& tool) {
    return is_json_object(tool.raw) ? std::string_view(tool.raw) : std::string_view("{}");
}

std::string result_text(const ToolResult& result) {
    std::string text;
    bool first = true;
    for (const ResultPart& part : result.content) {
        if (part.image)
            continue;
        if (!first)
            text.push_back('\n');
        text += part.text;
        first = false;
    }
    return text;
}

bool result_has_image(const ToolResult& result) {
    for (const ResultPart& part : result.content) {
        if (part.image)
            return true;
    }
    return false;
}

std::string effort_for_budget(int64_t budget) {
    if (budget <= 2048)
        return "low";
    if (budget <= 16384)
        return "medium";
    return "high";
}

int64_t budget_for_effort(const std::string& effort) {
    if (effort == "minimal" || effort == "none")
        return 1024;
    if (effort == "low")
        return 2048;
    if (effort == "high")
        return 24576;
    if (effort == "xhigh" || effort == "max")
        return 32000;
    return 8192;  // medium and unknown
}

std::vector<Message> fold_system_messages(const Request& request,
                                          std::vector<std::string>& system) {
    system = request.system;
    std::vector<Message> messages;
    bool leading = true;
    for (const Message& message : request.messages) {
        if (message.role != Role::system) {
            leading = false;
            messages.push_back(message);
            continue;
        }
        for (const Part& part : message.parts) {
            if (part.type != PartType::text)
                continue;
            if (leading) {
                system.push_back(part.text);
            } else {
                Message user{Role::user, {text_part(part.text)}};
                messages.push_back(std::move(user));
            }
        }
    }
    return messages;
}

std::vector<Message> merge_same_role(std::vector<Message> messages) {
    std::vector<Message> merged;
    for (Message& message : messages) {
        if (!merged.empty() && merged.back().role == message.role) {
            for (Part& part : message.parts)
                merged.back().parts.push_back(std::move(part));
            continue;
        }
        merged.push_back(std::move(message));
    }
    return merged;
}

}  // namespace lifeline::translate::detail
