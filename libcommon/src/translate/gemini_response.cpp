// Whole (non-streamed) Gemini generateContent answers.

#include "codecs.hpp"
#include "gemini_parts.hpp"
#include "wire_maps.hpp"

namespace lifeline::translate::detail {

Result<Response> decode_gemini_response(const Json& body) {
    Response response;
    response.id = string_at(body, "responseId");
    response.model = string_at(body, "modelVersion");
    if (const Json* usage = member(body, "usageMetadata"); usage != nullptr)
        response.usage = gemini_usage_from(*usage);
    const Json* candidates = member(body, "candidates");
    if (candidates == nullptr || !candidates->is_array() || candidates->empty()) {
        const Json* feedback = member(body, "promptFeedback");
        if (feedback != nullptr && !string_at(*feedback, "blockReason").empty()) {
            response.stop_reason = StopReason::content_filter;
            return response;
        }
        return fail(field_error(ErrorCode::parse, "candidates", "missing or empty"));
    }
    const Json& candidate = (*candidates)[0];
    GeminiCallIds ids;
    EncodeReport ignored;
    if (const Json* content = member(candidate, "content"); content != nullptr) {
        const Json* parts = member(*content, "parts");
        if (parts != nullptr && parts->is_array()) {
            for (size_t p = 0; p < parts->size(); ++p)
                LIFELINE_TRY_VOID(decode_gemini_part((*parts)[p],
                                                     path_index("candidates[0].content.parts", p),
                                                     response.output, ids, ignored));
        }
    }
    bool has_calls = false;
    for (const Part& part : response.output)
        has_calls = has_calls || part.type == PartType::tool_call;
    response.stop_reason = gemini_stop_from(string_at(candidate, "finishReason"), has_calls);
    return response;
}

std::string encode_gemini_response(const Response& response) {
    EncodeReport ignored;
    Json parts =
        encode_gemini_parts(response.output, GeminiAudience::client, {}, ignored, "output");
    Json candidate = {{"content", {{"role", "model"}, {"parts", std::move(parts)}}},
                      {"finishReason", gemini_stop_name(response.stop_reason)},
                      {"index", 0}};
    Json body = {{"candidates", Json::array({std::move(candidate)})},
                 {"usageMetadata", gemini_usage_json(response.usage)},
                 {"modelVersion", response.model},
                 {"responseId", response.id}};
    return dump_json(body);
}

}  // namespace lifeline::translate::detail
