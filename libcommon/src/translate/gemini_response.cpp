// Whole (non-streamed) Gemini generateContent answers.

#include "codecs.hpp"
#include "gemini_parts.hpp"
#include "wire_maps.hpp"

namespace lifeline::translate::detail {

Result<Response> decode_gemini_response(JsonView body) {
    Response response;
    response.id = string_at(body, "responseId");
    response.model = string_at(body, "modelVersion");
    if (JsonView usage = member(body, "usageMetadata"))
        response.usage = gemini_usage_from(usage);
    JsonView candidates = member(body, "candidates");
    if (!candidates.is_array() || candidates.size() == 0) {
        if (!string_at(member(body, "promptFeedback"), "blockReason").empty()) {
            response.stop_reason = StopReason::content_filter;
            return response;
        }
        return fail(field_error(ErrorCode::parse, "candidates", "missing or empty"));
    }
    JsonView candidate = candidates.at(0);
    GeminiCallIds ids;
    EncodeReport ignored;
    size_t p = 0;
    for (JsonView part : member(member(candidate, "content"), "parts").elements())
        LIFELINE_TRY_VOID(decode_gemini_part(part, path_index("candidates[0].content.parts", p++),
                                             response.output, ids, ignored));
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
