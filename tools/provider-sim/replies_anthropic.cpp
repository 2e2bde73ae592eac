// Anthropic Messages: the message object, and the named SSE events message_start,
// content_block_start/delta/stop, message_delta (with output usage) and message_stop.
#include <nlohmann/json.hpp>

#include "replies.hpp"
#include "sse.hpp"

namespace provider_sim {

using json = nlohmann::ordered_json;

namespace {

json message_usage(int64_t input, int64_t output) {
    return {{"input_tokens", input},
            {"cache_creation_input_tokens", 0},
            {"cache_read_input_tokens", 0},
            {"output_tokens", output},
            {"service_tier", "standard"}};
}

json tool_input(const Reply& reply) {
    json input = json::parse(reply.tool_arguments, nullptr, false);
    return input.is_discarded() ? json::object() : input;
}

void add(std::vector<std::string>& events, const char* type, const json& data) {
    json event = {{"type", type}};
    for (const auto& [key, value] : data.items()) {
        event[key] = value;
    }
    events.push_back(sse_event(type, event.dump()));
}

}  // namespace

SimResponse anthropic_reply(const InferenceRequest& request, const Reply& reply,
                            const ReplyIds& ids) {
    const Usage usage = usage_for(request, reply);
    const bool tool = reply.tool_name.has_value();
    const std::string tool_id = "toolu_" + ids.suffix;
    SimResponse response;
    json message = {{"id", "msg_" + ids.suffix}, {"type", "message"},
                    {"role", "assistant"},       {"model", request.model},
                    {"content", json::array()},  {"stop_reason", nullptr},
                    {"stop_sequence", nullptr}};
    if (!request.stream) {
        if (tool) {
            message["content"].push_back({{"type", "tool_use"},
                                          {"id", tool_id},
                                          {"name", *reply.tool_name},
                                          {"input", tool_input(reply)}});
        } else {
            message["content"].push_back({{"type", "text"}, {"text", reply.text}});
        }
        message["stop_reason"] = tool ? "tool_use" : "end_turn";
        message["usage"] = message_usage(usage.input_tokens, usage.output_tokens);
        response.body = message.dump();
        return response;
    }
    response.streaming = true;
    response.content_type = "text/event-stream; charset=utf-8";
    auto& events = response.events;
    message["usage"] = message_usage(usage.input_tokens, 1);
    add(events, "message_start", {{"message", message}});
    json block = tool ? json{{"type", "tool_use"},
                             {"id", tool_id},
                             {"name", *reply.tool_name},
                             {"input", json::object()}}
                      : json{{"type", "text"}, {"text", ""}};
    add(events, "content_block_start", {{"index", 0}, {"content_block", block}});
    add(events, "ping", json::object());
    if (tool) {
        add(events, "content_block_delta",
            {{"index", 0},
             {"delta", {{"type", "input_json_delta"}, {"partial_json", reply.tool_arguments}}}});
    } else {
        for (const std::string& piece : text_pieces(reply.text)) {
            add(events, "content_block_delta",
                {{"index", 0}, {"delta", {{"type", "text_delta"}, {"text", piece}}}});
        }
    }
    add(events, "content_block_stop", {{"index", 0}});
    add(events, "message_delta",
        {{"delta", {{"stop_reason", tool ? "tool_use" : "end_turn"}, {"stop_sequence", nullptr}}},
         {"usage", {{"output_tokens", usage.output_tokens}}}});
    add(events, "message_stop", json::object());
    return response;
}

}  // namespace provider_sim
