#pragma once
// Errors that arrive inside a 200 streaming answer, after the status line said all was well.

#include <optional>
#include <string_view>

#include <lifeline/classify/classification.hpp>
#include <lifeline/util/time.hpp>

namespace lifeline {

// Classifies one SSE event (its `event:` name, possibly empty, and its joined `data:`).
// Recognised: an OpenAI/OpenRouter chat chunk with {"error": {...}}; Responses API
// `response.failed` (response.error) and `error` events; `response.incomplete` for a
// content_filter reason; Anthropic `event: error` {"type":"error","error":{...}}; Gemini
// stream items (or a JSON array of them) with an "error" object.
// nullopt when the event is not an error (normal deltas, "[DONE]", unparsable non-error data).
std::optional<Classification> classify_stream_event(std::string_view event_name,
                                                    std::string_view data, SystemTime now);

}  // namespace lifeline
