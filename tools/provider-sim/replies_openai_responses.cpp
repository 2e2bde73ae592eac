// OpenAI Responses API: the response object, and the typed SSE events Codex CLI consumes
// (response.created ... response.output_item.done ... response.completed / response.failed).
#include <nlohmann/json.hpp>

#include "replies.hpp"
#include "sse.hpp"

namespace provider_sim {

using json = nlohmann::ordered_json;

namespace {

json response_object(const InferenceRequest& request, const ReplyIds& ids, const char* status,
                     json output, json usage) {
    return {{"id", "resp_" + ids.suffix},
            {"object", "response"},
            {"created_at", ids.created},
            {"status", status},
            {"error", nullptr},
            {"incomplete_details", nullptr},
            {"model", request.model},
            {"output", std::move(output)},
            {"parallel_tool_calls", true},
            {"tool_choice", "auto"},
            {"usage", std::move(usage)}};
}

json responses_usage(const Usage& usage) {
    return {{"input_tokens", usage.input_tokens},
            {"input_tokens_details", {{"cached_tokens", 0}}},
            {"output_tokens", usage.output_tokens},
            {"output_tokens_details", {{"reasoning_tokens", 0}}},
            {"total_tokens", usage.total()}};
}

json output_item(const Reply& reply, const ReplyIds& ids, bool done) {
    if (reply.tool_name) {
        return {{"id", "fc_" + ids.suffix},
                {"type", "function_call"},
                {"status", done ? "completed" : "in_progress"},
                {"call_id", "call_" + ids.suffix},
                {"name", *reply.tool_name},
                {"arguments", done ? reply.tool_arguments : ""}};
    }
    json content = json::array();
    if (done) {
        content.push_back(
            {{"type", "output_text"}, {"text", reply.text}, {"annotations", json::array()}});
    }
    return {{"id", "msg_" + ids.suffix},
            {"type", "message"},
            {"status", done ? "completed" : "in_progress"},
            {"role", "assistant"},
            {"content", content}};
}

class EventWriter {
  public:
    explicit EventWriter(std::vector<std::string>& events) : m_events(events) {}
    void add(const std::string& type, const json& data) {
        json event = {{"type", type}, {"sequence_number", m_sequence++}};
        for (const auto& [key, value] : data.items()) {
            event[key] = value;
        }
        m_events.push_back(sse_event(type, event.dump()));
    }

  private:
    std::vector<std::string>& m_events;
    int m_sequence = 0;
};

}  // namespace

SimResponse openai_responses_reply(const InferenceRequest& request, const Reply& reply,
                                   const ReplyIds& ids) {
    const Usage usage = usage_for(request, reply);
    SimResponse response;
    json final_item = output_item(reply, ids, true);
    if (!request.stream) {
        response.body = response_object(request, ids, "completed", json::array({final_item}),
                                        responses_usage(usage))
                            .dump();
        return response;
    }
    response.streaming = true;
    response.content_type = "text/event-stream; charset=utf-8";
    EventWriter events(response.events);
    events.add(
        "response.created",
        {{"response", response_object(request, ids, "in_progress", json::array(), nullptr)}});
    events.add(
        "response.in_progress",
        {{"response", response_object(request, ids, "in_progress", json::array(), nullptr)}});
    events.add("response.output_item.added",
               {{"output_index", 0}, {"item", output_item(reply, ids, false)}});
    const std::string item_id = final_item["id"];
    if (reply.tool_name) {
        events.add("response.function_call_arguments.delta",
                   {{"item_id", item_id}, {"output_index", 0}, {"delta", reply.tool_arguments}});
        events.add(
            "response.function_call_arguments.done",
            {{"item_id", item_id}, {"output_index", 0}, {"arguments", reply.tool_arguments}});
    } else {
        json empty_part = {{"type", "output_text"}, {"text", ""}, {"annotations", json::array()}};
        events.add("response.content_part.added", {{"item_id", item_id},
                                                   {"output_index", 0},
                                                   {"content_index", 0},
                                                   {"part", empty_part}});
        for (const std::string& piece : text_pieces(reply.text)) {
            events.add("response.output_text.delta", {{"item_id", item_id},
                                                      {"output_index", 0},
                                                      {"content_index", 0},
                                                      {"delta", piece},
                                                      {"logprobs", json::array()}});
        }
        events.add("response.output_text.done", {{"item_id", item_id},
                                                 {"output_index", 0},
                                                 {"content_index", 0},
                                                 {"text", reply.text},
                                                 {"logprobs", json::array()}});
        json part = empty_part;
        part["text"] = reply.text;
        events.add(
            "response.content_part.done",
            {{"item_id", item_id}, {"output_index", 0}, {"content_index", 0}, {"part", part}});
    }
    events.add("response.output_item.done", {{"output_index", 0}, {"item", final_item}});
    events.add("response.completed",
               {{"response", response_object(request, ids, "completed", json::array({final_item}),
                                             responses_usage(usage))}});
    return response;
}

json responses_failed_event(const InferenceRequest& request, const ErrorSpec& spec,
                            const ReplyIds& ids) {
    std::string code = openai_error_code(spec.failure_class);
    if (code.empty()) {
        code = "server_error";
    }
    ResponseMeta meta;
    json body = json::parse(error_body(Family::openai, spec, meta), nullptr, false);
    json object = response_object(request, ids, "failed", json::array(), nullptr);
    object["error"] = {{"code", code}, {"message", body["error"]["message"]}};
    return {{"type", "response.failed"}, {"sequence_number", 3}, {"response", object}};
}

}  // namespace provider_sim
