// OpenAI Chat Completions: the chat.completion object, and chat.completion.chunk events ending
// with an optional usage chunk (stream_options.include_usage) and `data: [DONE]`.
#include <nlohmann/json.hpp>

#include "replies.hpp"
#include "sse.hpp"

namespace provider_sim {

using json = nlohmann::ordered_json;

namespace {

json chat_usage(const Usage& usage) {
    return {{"prompt_tokens", usage.input_tokens},
            {"completion_tokens", usage.output_tokens},
            {"total_tokens", usage.total()},
            {"prompt_tokens_details", {{"cached_tokens", 0}, {"audio_tokens", 0}}},
            {"completion_tokens_details",
             {{"reasoning_tokens", 0},
              {"audio_tokens", 0},
              {"accepted_prediction_tokens", 0},
              {"rejected_prediction_tokens", 0}}}};
}

json chunk(const InferenceRequest& request, const ReplyIds& ids, json delta, json finish) {
    json value = {{"id", "chatcmpl-" + ids.suffix},
                  {"object", "chat.completion.chunk"},
                  {"created", ids.created},
                  {"model", request.model},
                  {"service_tier", "default"},
                  {"system_fingerprint", "fp_providersim"},
                  {"choices",
                   {{{"index", 0},
                     {"delta", std::move(delta)},
                     {"logprobs", nullptr},
                     {"finish_reason", std::move(finish)}}}}};
    if (request.include_usage) {
        value["usage"] = nullptr;
    }
    return value;
}

// The hot path of every load test: a text answer assembled as text (strings escaped by
// nlohmann) in the same field order tool_call_body's json object would produce, about 3x cheaper.
std::string text_body(const InferenceRequest& request, const Reply& reply, const ReplyIds& ids,
                      const Usage& usage) {
    const std::string total = std::to_string(usage.total());
    std::string out;
    out.reserve(700 + reply.text.size());
    out.append(R"({"id":"chatcmpl-)").append(ids.suffix);
    out.append(R"(","object":"chat.completion","created":)").append(std::to_string(ids.created));
    out.append(R"(,"model":)").append(json(request.model).dump());
    out.append(R"(,"choices":[{"index":0,"message":{"role":"assistant","content":)");
    out.append(json(reply.text).dump());
    out.append(R"(,"refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}])");
    out.append(R"(,"usage":{"prompt_tokens":)").append(std::to_string(usage.input_tokens));
    out.append(R"(,"completion_tokens":)").append(std::to_string(usage.output_tokens));
    out.append(R"(,"total_tokens":)").append(total);
    out.append(R"(,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0})");
    out.append(R"(,"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,)");
    out.append(R"("accepted_prediction_tokens":0,"rejected_prediction_tokens":0}})");
    out.append(R"(,"service_tier":"default","system_fingerprint":"fp_providersim"})");
    return out;
}

std::string tool_call_body(const InferenceRequest& request, const Reply& reply, const ReplyIds& ids,
                           const Usage& usage) {
    json message = {{"role", "assistant"},
                    {"content", nullptr},
                    {"refusal", nullptr},
                    {"annotations", json::array()}};
    message["tool_calls"] = json::array(
        {json{{"id", "call_" + ids.suffix},
              {"type", "function"},
              {"function", {{"name", *reply.tool_name}, {"arguments", reply.tool_arguments}}}}});
    json body = {{"id", "chatcmpl-" + ids.suffix},
                 {"object", "chat.completion"},
                 {"created", ids.created},
                 {"model", request.model},
                 {"choices",
                  {{{"index", 0},
                    {"message", message},
                    {"logprobs", nullptr},
                    {"finish_reason", "tool_calls"}}}},
                 {"usage", chat_usage(usage)},
                 {"service_tier", "default"},
                 {"system_fingerprint", "fp_providersim"}};
    return body.dump();
}

// The chunks between the role chunk and the finish chunk: the tool call (name, then
// arguments) or the text a piece at a time.
void append_content_chunks(const InferenceRequest& request, const Reply& reply, const ReplyIds& ids,
                           std::vector<std::string>& events) {
    if (!reply.tool_name) {
        for (const std::string& piece : text_pieces(reply.text)) {
            events.push_back(sse_data(chunk(request, ids, {{"content", piece}}, nullptr).dump()));
        }
        return;
    }
    events.push_back(
        sse_data(chunk(request, ids,
                       {{"tool_calls",
                         {{{"index", 0},
                           {"id", "call_" + ids.suffix},
                           {"type", "function"},
                           {"function", {{"name", *reply.tool_name}, {"arguments", ""}}}}}}},
                       nullptr)
                     .dump()));
    events.push_back(sse_data(
        chunk(
            request, ids,
            {{"tool_calls", {{{"index", 0}, {"function", {{"arguments", reply.tool_arguments}}}}}}},
            nullptr)
            .dump()));
}

SimResponse stream_reply(const InferenceRequest& request, const Reply& reply, const ReplyIds& ids,
                         const Usage& usage) {
    SimResponse response;
    response.streaming = true;
    response.content_type = "text/event-stream; charset=utf-8";
    response.events.push_back(sse_data(
        chunk(request, ids, {{"role", "assistant"}, {"content", ""}, {"refusal", nullptr}}, nullptr)
            .dump()));
    append_content_chunks(request, reply, ids, response.events);
    response.events.push_back(sse_data(
        chunk(request, ids, json::object(), reply.tool_name ? "tool_calls" : "stop").dump()));
    if (request.include_usage) {
        json last = chunk(request, ids, json::object(), nullptr);
        last["choices"] = json::array();
        last["usage"] = chat_usage(usage);
        response.events.push_back(sse_data(last.dump()));
    }
    response.events.push_back(sse_data("[DONE]"));
    return response;
}

}  // namespace

SimResponse openai_chat_reply(const InferenceRequest& request, const Reply& reply,
                              const ReplyIds& ids) {
    const Usage usage = usage_for(request, reply);
    if (request.stream) {
        return stream_reply(request, reply, ids, usage);
    }
    SimResponse response;
    response.body = reply.tool_name ? tool_call_body(request, reply, ids, usage)
                                    : text_body(request, reply, ids, usage);
    return response;
}

}  // namespace provider_sim
