#pragma once
// Successful answers in each API's wire format (JSON, or SSE events in the order the provider
// sends them) and the in-stream error event of each API.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "error_bodies.hpp"
#include "inference.hpp"
#include "scenario.hpp"
#include "sim_http.hpp"

namespace provider_sim {

// Ids and times an answer quotes; unique per instance and request.
struct ReplyIds {
    std::string suffix;   // hex, used in "chatcmpl-<suffix>", "resp_<suffix>", "msg_<suffix>"
    int64_t created = 0;  // unix seconds
};

// The usage an answer reports: input from the prompt's size, output from the reply's.
Usage usage_for(const InferenceRequest& request, const Reply& reply);

// The reply split into streaming pieces (a word and its trailing space each).
std::vector<std::string> text_pieces(const std::string& text);

// The reply for this turn of a scripted task: `reply` itself, or only its text when it asks
// for a tool call but the request offers no tools or already carries a tool's result.
Reply turn_reply(const InferenceRequest& request, const Reply& reply);

// The full successful answer for the request's API: JSON when !request.stream, else SSE
// events ending with the API's terminal event (chat: [DONE]; responses: response.completed;
// messages: message_stop; Gemini: the chunk with finishReason).
SimResponse success_response(const InferenceRequest& request, const Reply& reply,
                             const ReplyIds& ids, const ResponseMeta& meta);

// The event that reports `spec` inside a 200 stream: chat/Gemini `data: {"error": ...}`,
// responses `response.failed`, messages `event: error`.
std::string in_stream_error_event(const InferenceRequest& request, const ErrorSpec& spec,
                                  const ReplyIds& ids, const ResponseMeta& meta);

// Per-API builders used by success_response.
SimResponse openai_chat_reply(const InferenceRequest& request, const Reply& reply,
                              const ReplyIds& ids);
SimResponse openai_responses_reply(const InferenceRequest& request, const Reply& reply,
                                   const ReplyIds& ids);
nlohmann::ordered_json responses_failed_event(const InferenceRequest& request,
                                              const ErrorSpec& spec, const ReplyIds& ids);
SimResponse anthropic_reply(const InferenceRequest& request, const Reply& reply,
                            const ReplyIds& ids);
SimResponse gemini_reply(const InferenceRequest& request, const Reply& reply, const ReplyIds& ids);
// Gemini's answer to a prompt its safety filter blocks: 200 with promptFeedback.blockReason.
SimResponse gemini_blocked_reply(const InferenceRequest& request, const ReplyIds& ids);

}  // namespace provider_sim
