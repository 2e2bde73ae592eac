// Gemini generateContent / streamGenerateContent: GenerateContentResponse objects; the stream
// is `data:` events (alt=sse) or one JSON array, the last chunk carrying finishReason and the
// usageMetadata totals.
#include <nlohmann/json.hpp>

#include "replies.hpp"
#include "sse.hpp"

namespace provider_sim {

using json = nlohmann::ordered_json;

namespace {

json usage_metadata(const Usage& usage) {
    return {{"promptTokenCount", usage.input_tokens},
            {"candidatesTokenCount", usage.output_tokens},
            {"totalTokenCount", usage.total()},
            {"promptTokensDetails", {{{"modality", "TEXT"}, {"tokenCount", usage.input_tokens}}}}};
}

json chunk(const InferenceRequest& request, const ReplyIds& ids, json parts, bool last,
           const Usage& usage) {
    json candidate = {{"content", {{"parts", std::move(parts)}, {"role", "model"}}}, {"index", 0}};
    if (last) {
        candidate["finishReason"] = "STOP";
    }
    json value = {
        {"candidates", {candidate}}, {"modelVersion", request.model}, {"responseId", ids.suffix}};
    if (last) {
        value["usageMetadata"] = usage_metadata(usage);
    } else {
        value["usageMetadata"] = {{"promptTokenCount", usage.input_tokens},
                                  {"totalTokenCount", usage.input_tokens}};
    }
    return value;
}

SimResponse deliver(const InferenceRequest& request, std::vector<json> chunks) {
    SimResponse response;
    if (!request.stream) {
        response.body = chunks.back().dump();
    } else if (request.gemini_sse) {
        response.streaming = true;
        response.content_type = "text/event-stream";
        for (const json& value : chunks) {
            response.events.push_back(sse_data(value.dump()));
        }
    } else {
        // Without alt=sse Gemini streams one JSON array.
        response.body = json(chunks).dump();
    }
    return response;
}

}  // namespace

SimResponse gemini_reply(const InferenceRequest& request, const Reply& reply, const ReplyIds& ids) {
    const Usage usage = usage_for(request, reply);
    std::vector<json> chunks;
    if (reply.tool_name) {
        json args = json::parse(reply.tool_arguments, nullptr, false);
        json part = {
            {"functionCall",
             {{"name", *reply.tool_name}, {"args", args.is_discarded() ? json::object() : args}}}};
        chunks.push_back(chunk(request, ids, json::array({part}), true, usage));
        return deliver(request, std::move(chunks));
    }
    if (!request.stream) {
        chunks.push_back(chunk(request, ids, json::array({{{"text", reply.text}}}), true, usage));
        return deliver(request, std::move(chunks));
    }
    auto pieces = text_pieces(reply.text);
    for (size_t i = 0; i < pieces.size(); ++i) {
        chunks.push_back(chunk(request, ids, json::array({{{"text", pieces[i]}}}),
                               i + 1 == pieces.size(), usage));
    }
    return deliver(request, std::move(chunks));
}

SimResponse gemini_blocked_reply(const InferenceRequest& request, const ReplyIds& ids) {
    const int64_t input = estimate_tokens(request.prompt_chars);
    json ratings = json::array();
    for (const char* category : {"HARM_CATEGORY_SEXUALLY_EXPLICIT", "HARM_CATEGORY_HATE_SPEECH",
                                 "HARM_CATEGORY_HARASSMENT", "HARM_CATEGORY_DANGEROUS_CONTENT"}) {
        ratings.push_back(
            {{"category", category},
             {"probability",
              std::string(category) == "HARM_CATEGORY_DANGEROUS_CONTENT" ? "HIGH" : "NEGLIGIBLE"}});
    }
    json body = {{"promptFeedback", {{"blockReason", "SAFETY"}, {"safetyRatings", ratings}}},
                 {"usageMetadata", {{"promptTokenCount", input}, {"totalTokenCount", input}}},
                 {"modelVersion", request.model},
                 {"responseId", ids.suffix}};
    SimResponse response;
    if (request.stream && request.gemini_sse) {
        response.streaming = true;
        response.content_type = "text/event-stream";
        response.events.push_back(sse_data(body.dump()));
    } else {
        response.body = request.stream ? json::array({body}).dump() : body.dump();
    }
    response.note = "content_filtered";
    return response;
}

}  // namespace provider_sim
