#pragma once
// Server-Sent Events encoding (the wire side; the parser lives in libcommon/http).

#include <string>
#include <string_view>

namespace provider_sim {

// One event: optional "event: <name>" line, the data split into "data:" lines (a newline in
// `data` starts a new data line, as the SSE spec requires), then a blank line.
std::string sse_event(std::string_view event_name, std::string_view data);

// A data-only event ("data: ...\n\n"), the OpenAI and Gemini style.
inline std::string sse_data(std::string_view data) {
    return sse_event({}, data);
}

}  // namespace provider_sim
