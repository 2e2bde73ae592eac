// Whole (non-streamed) Anthropic Messages answers. Thinking of another vendor goes to the
// client as a thinking block whose signature is a lifeline envelope.

#include <lifeline/translate/reasoning_envelope.hpp>

#include "codecs.hpp"
#include "encode_support.hpp"
#include "wire_maps.hpp"

namespace lifeline::translate::detail {

Result<Response> decode_messages_response(JsonView body) {
    Response response;
    response.id = string_at(body, "id");
    response.model = string_at(body, "model");
    JsonView content = member(body, "content");
    if (!content.is_array())
        return fail(field_error(ErrorCode::parse, "content", "missing or not an array"));
    size_t i = 0;
    for (JsonView block : content.elements()) {
        std::string type = string_at(block, "type");
        if (type == "text") {
            response.output.push_back(text_part(string_at(block, "text")));
        } else if (type == "tool_use") {
            JsonView input = member(block, "input");
            response.output.push_back(tool_call_part(
                {string_at(block, "id"), string_at(block, "name"), input ? input.text() : "{}"}));
        } else if (type == "thinking") {
            response.output.push_back(
                reasoning_part({string_at(block, "thinking"), Vendor::anthropic,
                                string_at(block, "signature"), false, ""}));
        } else if (type == "redacted_thinking") {
            response.output.push_back(reasoning_part(
                {"", Vendor::anthropic, string_at(block, "data"), /*redacted=*/true, ""}));
        } else if (type.empty()) {
            return fail(
                field_error(ErrorCode::parse, path_index("content", i) + ".type", "missing"));
        }
        ++i;
    }
    response.stop_reason = messages_stop_from(string_at(body, "stop_reason"));
    if (JsonView usage = member(body, "usage"))
        response.usage = messages_usage_from(usage);
    return response;
}

std::string encode_messages_response(const Response& response) {
    Json content = Json::array();
    EncodeReport ignored;
    for (const Part& part : response.output) {
        switch (part.type) {
            case PartType::text:
                content.push_back({{"type", "text"}, {"text", part.text}});
                break;
            case PartType::tool_call:
                content.push_back({{"type", "tool_use"},
                                   {"id", part.tool_call.id},
                                   {"name", part.tool_call.name},
                                   {"input", arguments_object(part.tool_call, ignored, "")}});
                break;
            case PartType::reasoning:
                if (part.reasoning.vendor == Vendor::anthropic && part.reasoning.redacted)
                    content.push_back(
                        {{"type", "redacted_thinking"}, {"data", part.reasoning.signature}});
                else
                    content.push_back(
                        {{"type", "thinking"},
                         {"thinking", part.reasoning.text},
                         {"signature", opaque_for_client(Api::messages, part.reasoning)}});
                break;
            default:
                break;
        }
    }
    Json body = {{"id", response.id},
                 {"type", "message"},
                 {"role", "assistant"},
                 {"model", response.model},
                 {"content", std::move(content)},
                 {"stop_reason", messages_stop_name(response.stop_reason)},
                 {"stop_sequence", nullptr},
                 {"usage", messages_usage_json(response.usage)}};
    return dump_json(body);
}

}  // namespace lifeline::translate::detail
