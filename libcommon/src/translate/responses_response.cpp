// Whole (non-streamed) OpenAI Responses answers.

#include "codecs.hpp"
#include "responses_items.hpp"
#include "wire_maps.hpp"

namespace lifeline::translate::detail {

Result<Response> decode_responses_response(JsonView body) {
    Response response;
    response.id = string_at(body, "id");
    response.model = string_at(body, "model");
    JsonView output = member(body, "output");
    if (!output.is_array())
        return fail(field_error(ErrorCode::parse, "output", "missing or not an array"));
    size_t i = 0;
    for (JsonView item : output.elements())
        LIFELINE_TRY_VOID(decode_output_item(item, path_index("output", i++), response.output));
    if (JsonView usage = member(body, "usage"))
        response.usage = responses_usage_from(usage);
    std::string status = string_at(body, "status");
    bool has_calls = false;
    for (const Part& part : response.output)
        has_calls = has_calls || part.type == PartType::tool_call;
    if (status == "incomplete") {
        std::string reason = string_at(member(body, "incomplete_details"), "reason");
        response.stop_reason =
            reason == "content_filter" ? StopReason::content_filter : StopReason::max_tokens;
    } else if (status == "failed") {
        response.stop_reason = StopReason::error;
    } else {
        response.stop_reason = has_calls ? StopReason::tool_use : StopReason::end_turn;
    }
    return response;
}

std::string encode_responses_response(const Response& response) {
    Json output = Json::array();
    for (size_t i = 0; i < response.output.size(); ++i) {
        const Part& part = response.output[i];
        const char* prefix = part.type == PartType::tool_call   ? "fc"
                             : part.type == PartType::reasoning ? "rs"
                                                                : "msg";
        output.push_back(encode_output_item(part, item_id(prefix, response.id, i)));
    }
    bool incomplete = response.stop_reason == StopReason::max_tokens ||
                      response.stop_reason == StopReason::content_filter;
    Json body = {{"id", response.id},
                 {"object", "response"},
                 {"created_at", 0},
                 {"status", response.stop_reason == StopReason::error ? "failed"
                            : incomplete                              ? "incomplete"
                                                                      : "completed"},
                 {"model", response.model},
                 {"output", std::move(output)},
                 {"usage", responses_usage_json(response.usage)}};
    if (incomplete)
        body["incomplete_details"] = {{"reason", response.stop_reason == StopReason::max_tokens
                                                     ? "max_output_tokens"
                                                     : "content_filter"}};
    return dump_json(body);
}

}  // namespace lifeline::translate::detail
