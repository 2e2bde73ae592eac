#pragma once
// Reading a generation's answer back, in each wire API's own shape: the text, a tool call,
// and the token usage the provider reported.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <lifeline/provider/wire_api.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::provider {

// Tokens as the provider counted them. cached_input_tokens are input tokens served from a
// prompt cache (OpenAI cached_tokens, Anthropic cache_read_input_tokens, Gemini
// cachedContentTokenCount); they are included in input_tokens for OpenAI and Gemini and
// reported separately by Anthropic (normalised here: input_tokens always includes them).
struct Usage {
    int64_t input_tokens = 0;
    int64_t output_tokens = 0;
    int64_t cached_input_tokens = 0;
    int64_t cache_creation_tokens = 0;
    int64_t reasoning_tokens = 0;

    int64_t total_tokens() const { return input_tokens + output_tokens; }
};

struct ToolCall {
    std::string name;
    std::string arguments_json;  // as the model produced it
    bool well_formed = false;    // name present and arguments parse as a JSON object
};

struct Generation {
    std::string text;
    std::optional<ToolCall> tool_call;  // the first tool call, when the model made one
    std::optional<Usage> usage;         // nullopt when the provider reported none
    std::string response_id;
    std::string finish_reason;  // "stop", "length", "tool_calls", "end_turn", "STOP", ...
};

// Parses a complete (non-streamed) response body of `api`. ErrorCode::parse when the body is
// not JSON or lacks the fields every successful answer has.
Result<Generation> read_generation(WireApi api, std::string_view body);

}  // namespace lifeline::provider
