// Whole (non-streamed) OpenAI Chat Completions answers. Reasoning text rides in
// `reasoning_content` (DeepSeek's field); reasoning state has no place and is dropped.

#include "codecs.hpp"
#include "encode_support.hpp"
#include "wire_maps.hpp"

namespace lifeline::translate::detail {

Result<Response> decode_chat_response(JsonView body) {
    Response response;
    response.id = string_at(body, "id");
    response.model = string_at(body, "model");
    JsonView choices = member(body, "choices");
    if (!choices.is_array() || choices.size() == 0)
        return fail(field_error(ErrorCode::parse, "choices", "missing or empty"));
    JsonView choice = choices.at(0);
    JsonView message = member(choice, "message");
    if (!message)
        return fail(field_error(ErrorCode::parse, "choices[0].message", "missing"));
    if (std::string thinking = string_at(message, "reasoning_content"); !thinking.empty())
        response.output.push_back(reasoning_part({thinking, Vendor::none, "", false, ""}));
    if (std::string text = string_at(message, "content"); !text.empty())
        response.output.push_back(text_part(std::move(text)));
    for (JsonView call : member(message, "tool_calls").elements()) {
        JsonView function = member(call, "function");
        if (!function)
            continue;
        response.output.push_back(
            tool_call_part({string_at(call, "id"), string_at(function, "name"),
                            string_at(function, "arguments")}));
    }
    response.stop_reason = chat_stop_from(string_at(choice, "finish_reason"));
    if (JsonView usage = member(body, "usage"))
        response.usage = chat_usage_from(usage);
    return response;
}

std::string encode_chat_response(const Response& response) {
    std::string text;
    std::string thinking;
    Json calls = Json::array();
    for (const Part& part : response.output) {
        if (part.type == PartType::text)
            text += part.text;
        else if (part.type == PartType::reasoning)
            thinking += part.reasoning.text;
        else if (part.type == PartType::tool_call)
            calls.push_back(
                {{"id", part.tool_call.id},
                 {"type", "function"},
                 {"function",
                  {{"name", part.tool_call.name}, {"arguments", arguments_text(part.tool_call)}}}});
    }
    Json message = {{"role", "assistant"}, {"content", text.empty() ? Json(nullptr) : Json(text)}};
    if (!thinking.empty())
        message["reasoning_content"] = thinking;
    if (!calls.empty())
        message["tool_calls"] = std::move(calls);
    Json choice = {{"index", 0},
                   {"message", std::move(message)},
                   {"finish_reason", chat_stop_name(response.stop_reason)}};
    Json body = {{"id", response.id},
                 {"object", "chat.completion"},
                 {"created", 0},
                 {"model", response.model},
                 {"choices", Json::array({std::move(choice)})},
                 {"usage", chat_usage_json(response.usage)}};
    return dump_json(body);
}

}  // namespace lifeline::translate::detail
