#include "replies.hpp"

#include <nlohmann/json.hpp>

#include "sse.hpp"

namespace provider_sim {

using json = nlohmann::ordered_json;

Usage usage_for(const InferenceRequest& request, const Reply& reply) {
    Usage usage;
    usage.input_tokens = estimate_tokens(request.prompt_chars);
    const size_t reply_chars =
        reply.tool_name ? reply.tool_name->size() + reply.tool_arguments.size() : reply.text.size();
    usage.output_tokens = estimate_tokens(static_cast<int64_t>(reply_chars));
    return usage;
}

std::vector<std::string> text_pieces(const std::string& text) {
    std::vector<std::string> pieces;
    size_t start = 0;
    while (start < text.size()) {
        size_t space = text.find(' ', start);
        size_t end = space == std::string::npos ? text.size() : space + 1;
        pieces.push_back(text.substr(start, end - start));
        start = end;
    }
    if (pieces.empty()) {
        pieces.emplace_back();
    }
    return pieces;
}

Reply turn_reply(const InferenceRequest& request, const Reply& reply) {
    if (!reply.tool_name || (request.has_tools && !request.ends_with_tool_result)) {
        return reply;
    }
    Reply text_only = reply;
    text_only.tool_name.reset();
    return text_only;
}

SimResponse success_response(const InferenceRequest& request, const Reply& scripted,
                             const ReplyIds& ids, const ResponseMeta& meta) {
    const Reply reply = turn_reply(request, scripted);
    SimResponse response;
    switch (request.api) {
        case Api::chat:
            response = openai_chat_reply(request, reply, ids);
            break;
        case Api::responses:
            response = openai_responses_reply(request, reply, ids);
            break;
        case Api::messages:
            response = anthropic_reply(request, reply, ids);
            break;
        case Api::gemini_generate:
            response = gemini_reply(request, reply, ids);
            break;
    }
    const Usage usage = usage_for(request, reply);
    switch (request.family) {
        case Family::openai:
        case Family::azure:
            response.add_header("x-request-id", meta.request_id);
            response.add_header("openai-processing-ms", "12");
            response.add_header("x-ratelimit-limit-requests", "500");
            response.add_header("x-ratelimit-remaining-requests", "499");
            response.add_header("x-ratelimit-reset-requests", "120ms");
            response.add_header("x-ratelimit-limit-tokens", "30000");
            response.add_header("x-ratelimit-remaining-tokens",
                                std::to_string(std::max<int64_t>(0, 30000 - usage.total())));
            response.add_header("x-ratelimit-reset-tokens", "2ms");
            break;
        case Family::anthropic: {
            response.add_header("request-id", meta.request_id);
            const std::string reset = lifeline::format_rfc3339(meta.now + Duration(1000));
            response.add_header("anthropic-ratelimit-requests-limit", "50");
            response.add_header("anthropic-ratelimit-requests-remaining", "49");
            response.add_header("anthropic-ratelimit-requests-reset", reset);
            response.add_header("anthropic-ratelimit-tokens-limit", "90000");
            response.add_header("anthropic-ratelimit-tokens-remaining",
                                std::to_string(std::max<int64_t>(0, 90000 - usage.total())));
            response.add_header("anthropic-ratelimit-tokens-reset", reset);
            break;
        }
        default:
            break;
    }
    response.note = "ok";
    return response;
}

std::string in_stream_error_event(const InferenceRequest& request, const ErrorSpec& spec,
                                  const ReplyIds& ids, const ResponseMeta& meta) {
    switch (request.api) {
        case Api::responses: {
            json event = responses_failed_event(request, spec, ids);
            return sse_event("response.failed", event.dump());
        }
        case Api::messages: {
            json body = json::parse(error_body(Family::anthropic, spec, meta), nullptr, false);
            body.erase("request_id");
            return sse_event("error", body.dump());
        }
        case Api::gemini_generate:
            return sse_data(error_body(Family::gemini, spec, meta));
        case Api::chat:
            break;
    }
    return sse_data(error_body(request.family, spec, meta));
}

}  // namespace provider_sim
