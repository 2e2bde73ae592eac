// The public entry points: parse once at the border, dispatch per API, and make sure nothing
// thrown inside (allocation failures, a library surprise) leaves the module.

#include <algorithm>
#include <exception>

#include <lifeline/translate/codec.hpp>

#include "codecs.hpp"
#include "encode_support.hpp"

namespace lifeline::translate {

using detail::JsonDocument;
using detail::JsonView;

namespace {

Error internal_error(const std::exception& e) {
    return make_error(ErrorCode::internal, std::string("translate: ") + e.what());
}

}  // namespace

Result<Request> decode_request(Api api, std::string_view body, EncodeReport* notes) {
    try {
        JsonDocument document;
        JsonView json = LIFELINE_TRY(document.parse(body, "request body"));
        EncodeReport ignored;
        EncodeReport& out = notes != nullptr ? *notes : ignored;
        switch (api) {
            case Api::responses:
                return detail::decode_responses_request(json, out);
            case Api::chat:
                return detail::decode_chat_request(json, out);
            case Api::messages:
                return detail::decode_messages_request(json, out);
            case Api::gemini:
                return detail::decode_gemini_request(json, out);
        }
        return fail(ErrorCode::internal, "translate: unknown api");
    } catch (const std::exception& e) {
        return fail(internal_error(e));
    }
}

std::string encode_request(Api api, const Request& request, EncodeReport& report) {
    try {
        switch (api) {
            case Api::responses:
                return detail::encode_responses_request(request, report);
            case Api::chat:
                return detail::encode_chat_request(request, report);
            case Api::messages:
                return detail::encode_messages_request(request, report);
            case Api::gemini:
                return detail::encode_gemini_request(request, report);
        }
    } catch (const std::exception& e) {
        report.dropped.push_back(std::string("request: not encoded: ") + e.what());
    }
    return {};
}

Result<Response> decode_response(Api api, std::string_view body) {
    try {
        JsonDocument document;
        JsonView json = LIFELINE_TRY(document.parse(body, "response body"));
        if (!json.is_object())
            return fail(detail::field_error(ErrorCode::parse, "", "response is not an object"));
        switch (api) {
            case Api::responses:
                return detail::decode_responses_response(json);
            case Api::chat:
                return detail::decode_chat_response(json);
            case Api::messages:
                return detail::decode_messages_response(json);
            case Api::gemini:
                return detail::decode_gemini_response(json);
        }
        return fail(ErrorCode::internal, "translate: unknown api");
    } catch (const std::exception& e) {
        return fail(internal_error(e));
    }
}

std::string encode_response(Api api, const Response& response) {
    try {
        switch (api) {
            case Api::responses:
                return detail::encode_responses_response(response);
            case Api::chat:
                return detail::encode_chat_response(response);
            case Api::messages:
                return detail::encode_messages_response(response);
            case Api::gemini:
                return detail::encode_gemini_response(response);
        }
    } catch (const std::exception&) {
    }
    return {};
}

std::vector<std::string> custom_tool_names(const Request& request) {
    std::vector<std::string> names;
    for (const Tool& tool : request.tools) {
        if (tool.type == ToolType::custom)
            names.push_back(tool.name);
    }
    return names;
}

void restore_custom_tool_calls(Response& response, const std::vector<std::string>& custom_names) {
    for (Part& part : response.output) {
        if (part.type != PartType::tool_call || part.tool_call.kind == ToolKind::custom)
            continue;
        ToolCall& call = part.tool_call;
        if (std::find(custom_names.begin(), custom_names.end(), call.name) == custom_names.end())
            continue;
        std::optional<std::string> input = detail::custom_input(call.arguments);
        if (!input)
            continue;
        call.arguments = std::move(*input);
        call.kind = ToolKind::custom;
    }
}

}  // namespace lifeline::translate
