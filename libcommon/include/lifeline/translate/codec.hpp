#pragma once
// Whole requests and responses of each wire API, to and from the neutral model. Pure functions
// over bytes: no I/O, never throw. Errors are ErrorCode::parse (not JSON, wrong JSON type) or
// ErrorCode::invalid_input (a value translate cannot represent), with the offending field in
// the message and in Error::key_path, e.g. `input[3].type: unknown item type "foo"`.

#include <string>
#include <string_view>
#include <vector>

#include <lifeline/translate/api.hpp>
#include <lifeline/translate/model.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::translate {

// What a translation left out because the other side cannot carry it, one line per drop, e.g.
// `tools[5]: hosted tool "web_search" dropped: messages cannot run it`. Empty = nothing lost.
// Filled by encode_request, and by decode_request for input items no other vendor can use.
struct EncodeReport {
    std::vector<std::string> dropped;
};

// Parses a client request body of `api` into the neutral model. Reasoning state inside
// lifeline envelopes (see reasoning_envelope.hpp) is restored to its original vendor. Items
// dropped on the way (e.g. Responses web_search_call, compaction) are noted in `notes`.
Result<Request> decode_request(Api api, std::string_view body, EncodeReport* notes = nullptr);

// Serialises `request` as an upstream request of `api`. Reasoning whose vendor is not the
// upstream's is stripped, hosted tools of another API dropped; each is noted in `report`.
// Anthropic gets prompt-cache breakpoints where Claude Code sets them (last system block, last
// block of the latest user turns, at most 4; src/translate/cache_breakpoints.hpp).
std::string encode_request(Api api, const Request& request, EncodeReport& report);

// Parses a complete (non-streamed) upstream response body of `api`.
Result<Response> decode_response(Api api, std::string_view body);

// Serialises `response` as a client response of `api`. Reasoning state of another vendor
// travels in the client's opaque fields inside a lifeline envelope.
std::string encode_response(Api api, const Response& response);

// The names of the custom (freeform) tools of `request`, which non-Responses upstreams see as
// functions with one string parameter `input`.
std::vector<std::string> custom_tool_names(const Request& request);

// Turns tool calls of `response` whose name is in `custom_names` back into custom calls with
// the plain input string (from the {"input": "..."} arguments). Calls whose arguments are not
// such an object are left as they are.
void restore_custom_tool_calls(Response& response, const std::vector<std::string>& custom_names);

}  // namespace lifeline::translate
