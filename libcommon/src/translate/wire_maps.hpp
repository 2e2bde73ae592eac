#pragma once
// Per-API spellings of the small shared vocabularies: usage objects and stop reasons.

#include <string>
#include <string_view>

#include <lifeline/translate/model.hpp>

#include "json_border.hpp"
#include "json_reader.hpp"

namespace lifeline::translate::detail {

// Usage from an API's usage object (missing fields are 0), normalised to translate::Usage.
Usage responses_usage_from(JsonView usage);
Usage chat_usage_from(JsonView usage);
Usage messages_usage_from(JsonView usage);         // adds cache reads/writes to input_tokens
Usage gemini_usage_from(JsonView usage_metadata);  // adds thoughts to output_tokens

// Anthropic's usage counts as sent (input_tokens without cache reads and writes), gathered
// over a stream: message_start gives them all, message_delta repeats some with later values.
struct MessagesUsageCounts {
    int64_t input_tokens = 0;
    int64_t output_tokens = 0;
    int64_t cache_read_input_tokens = 0;
    int64_t cache_creation_input_tokens = 0;
};
// Replaces each count `usage` carries (not null; 0 when not a number); keeps the others.
void merge_messages_usage(MessagesUsageCounts& counts, JsonView usage);
// The counts normalised like messages_usage_from.
Usage messages_usage(const MessagesUsageCounts& counts);

// An API's usage object for `usage`.
Json responses_usage_json(const Usage& usage);
Json chat_usage_json(const Usage& usage);
Json messages_usage_json(const Usage& usage);  // subtracts cache reads/writes from input_tokens
Json gemini_usage_json(const Usage& usage);

// Stop reasons. `has_tool_calls` turns a plain "stop" into tool_use where the API does not
// say so itself (Responses, Gemini).
StopReason chat_stop_from(std::string_view finish_reason);
const char* chat_stop_name(StopReason reason);
StopReason messages_stop_from(std::string_view stop_reason);
const char* messages_stop_name(StopReason reason);
StopReason gemini_stop_from(std::string_view finish_reason, bool has_tool_calls);
const char* gemini_stop_name(StopReason reason);

// A data: URL split into media type and base64 data; false when `url` is not one.
bool split_data_url(std::string_view url, Image& image);
// The URL of `image`: its url, or a data: URL built from media type and data.
std::string image_url(const Image& image);

}  // namespace lifeline::translate::detail

namespace lifeline::translate::detail {

// A deterministic item id for the index-th output item of a response: "<prefix>_<suffix>_<i>"
// where suffix is the response id without its own prefix (no randomness, no clock).
std::string item_id(std::string_view prefix, std::string_view response_id, size_t index);

}  // namespace lifeline::translate::detail
