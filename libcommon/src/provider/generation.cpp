#include <lifeline/provider/generation.hpp>
#include <lifeline/provider/usage_json.hpp>

#include "json_fields.hpp"

namespace lifeline::provider {
namespace {

using detail::json;

ToolCall make_tool_call(std::string name, std::string arguments) {
    ToolCall call{std::move(name), std::move(arguments), false};
    call.well_formed = !call.name.empty() && detail::is_json_object_text(call.arguments_json);
    return call;
}

Failure<Error> not_an_answer(WireApi api, const std::string& why) {
    return fail(ErrorCode::parse, std::string("not a ") + to_string(api) + " response: " + why);
}

Result<Generation> read_chat(const json& body) {
    const json* choices = json_member(body, "choices");
    if (choices == nullptr || !choices->is_array() || choices->empty()) {
        return not_an_answer(WireApi::chat_completions, "no choices");
    }
    Generation out;
    out.response_id = json_string(body, "id");
    const json& choice = (*choices)[0];
    out.finish_reason = json_string(choice, "finish_reason");
    if (const json* message = json_member(choice, "message")) {
        out.text = json_string(*message, "content");
        const json* calls = json_member(*message, "tool_calls");
        if (calls != nullptr && calls->is_array() && !calls->empty()) {
            const json* function = json_member((*calls)[0], "function");
            if (function != nullptr) {
                out.tool_call = make_tool_call(json_string(*function, "name"),
                                               json_string(*function, "arguments"));
            }
        }
    }
    if (const json* usage = json_member(body, "usage"))
        out.usage = chat_usage(*usage);
    return out;
}

Result<Generation> read_responses(const json& body) {
    const json* output = json_member(body, "output");
    if (output == nullptr || !output->is_array()) {
        return not_an_answer(WireApi::responses, "no output");
    }
    Generation out;
    out.response_id = json_string(body, "id");
    out.finish_reason = json_string(body, "status");
    for (const json& item : *output) {
        const std::string type = json_string(item, "type");
        if (type == "message") {
            const json* content = json_member(item, "content");
            if (content == nullptr || !content->is_array())
                continue;
            for (const json& part : *content) {
                if (json_string(part, "type") == "output_text")
                    out.text += json_string(part, "text");
            }
        } else if (type == "function_call" && !out.tool_call) {
            out.tool_call =
                make_tool_call(json_string(item, "name"), json_string(item, "arguments"));
        }
    }
    if (const json* usage = json_member(body, "usage"))
        out.usage = responses_usage(*usage);
    return out;
}

Result<Generation> read_anthropic(const json& body) {
    const json* content = json_member(body, "content");
    if (content == nullptr || !content->is_array()) {
        return not_an_answer(WireApi::anthropic_messages, "no content");
    }
    Generation out;
    out.response_id = json_string(body, "id");
    out.finish_reason = json_string(body, "stop_reason");
    for (const json& block : *content) {
        const std::string type = json_string(block, "type");
        if (type == "text") {
            out.text += json_string(block, "text");
        } else if (type == "tool_use" && !out.tool_call) {
            const json* input = json_member(block, "input");
            out.tool_call = make_tool_call(json_string(block, "name"),
                                           input != nullptr ? input->dump() : std::string());
        }
    }
    if (const json* usage = json_member(body, "usage"))
        out.usage = anthropic_usage(*usage);
    return out;
}

// One GenerateContentResponse (a whole answer, or one chunk of a stream).
void read_gemini_chunk(const json& body, Generation& out) {
    const json* candidates = json_member(body, "candidates");
    if (candidates != nullptr && candidates->is_array() && !candidates->empty()) {
        const json& candidate = (*candidates)[0];
        const std::string finish = json_string(candidate, "finishReason");
        if (!finish.empty())
            out.finish_reason = finish;
        const json* content = json_member(candidate, "content");
        const json* parts = content != nullptr ? json_member(*content, "parts") : nullptr;
        if (parts != nullptr && parts->is_array()) {
            for (const json& part : *parts) {
                if (const json* text = json_member(part, "text");
                    text != nullptr && text->is_string()) {
                    out.text += text->get<std::string>();
                }
                if (const json* call = json_member(part, "functionCall");
                    call != nullptr && !out.tool_call) {
                    const json* args = json_member(*call, "args");
                    out.tool_call = make_tool_call(json_string(*call, "name"),
                                                   args != nullptr ? args->dump() : std::string());
                }
            }
        }
    }
    if (const json* usage = json_member(body, "usageMetadata"))
        out.usage = gemini_usage(*usage);
    if (out.response_id.empty())
        out.response_id = json_string(body, "responseId");
}

Result<Generation> read_gemini(const json& body) {
    if (json_member(body, "candidates") == nullptr)
        return not_an_answer(WireApi::gemini, "no candidates");
    Generation out;
    read_gemini_chunk(body, out);
    return out;
}

}  // namespace

Result<Generation> read_generation(WireApi api, std::string_view body) {
    const json parsed = detail::parse_json(body);
    if (parsed.is_discarded())
        return not_an_answer(api, "the body is not JSON");
    switch (api) {
        case WireApi::chat_completions:
            return read_chat(parsed);
        case WireApi::responses:
            return read_responses(parsed);
        case WireApi::anthropic_messages:
            return read_anthropic(parsed);
        case WireApi::gemini:
            return read_gemini(parsed);
    }
    return not_an_answer(api, "unknown wire api");
}

namespace detail {
// Shared with the stream reader: Gemini streams are a series of whole responses.
void merge_gemini_chunk(const json& chunk, Generation& out) {
    read_gemini_chunk(chunk, out);
}
}  // namespace detail

}  // namespace lifeline::provider
