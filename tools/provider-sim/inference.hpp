#pragma once
// What an inference request asks for, read from its JSON body, and the token estimate the
// usage numbers are built from.

#include <cstdint>
#include <string>

#include <lifeline/util/result.hpp>

#include "scenario.hpp"
#include "sim_http.hpp"

namespace provider_sim {

// The inference endpoints provider-sim serves.
enum class Api { chat, responses, messages, gemini_generate };

struct InferenceRequest {
    Api api = Api::chat;
    Family family = Family::openai;
    std::string model;           // from the body, or the path for Gemini / the deployment for Azure
    bool stream = false;         // SSE answer requested
    bool include_usage = false;  // chat: stream_options.include_usage
    bool gemini_sse = false;     // streamGenerateContent with alt=sse (else a JSON array)
    int64_t prompt_chars = 0;    // characters of every string in the request (model excluded)
    bool has_tools = false;
    // The conversation ends with the result of a tool call (chat role "tool", a Responses
    // function_call_output / custom_tool_call_output item, an Anthropic tool_result block, a
    // Gemini functionResponse part): the scripted tool call has been answered.
    bool ends_with_tool_result = false;
};

// Reads the body of an inference request. `path_model` is the model named by the path
// (Gemini, Azure deployment), empty otherwise. Errors (ErrorCode::parse) when the body is not a
// JSON object; the message is what the provider would say.
lifeline::Result<InferenceRequest> parse_inference_request(Api api, Family family,
                                                           const SimRequest& request,
                                                           const std::string& path_model);

// Roughly four characters per token, at least one: good enough for self-consistent usage.
inline int64_t estimate_tokens(int64_t chars) {
    return chars <= 0 ? 1 : (chars + 3) / 4;
}

// Usage of one answer.
struct Usage {
    int64_t input_tokens = 0;
    int64_t output_tokens = 0;
    int64_t total() const { return input_tokens + output_tokens; }
};

}  // namespace provider_sim
