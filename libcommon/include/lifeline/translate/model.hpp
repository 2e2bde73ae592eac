#pragma once
// The neutral conversation model every wire API is decoded into and encoded from. Plain
// structs with value equality, so decode(encode(x)) == x can be asserted directly.
//
// What each API cannot carry (left out on encode and listed in EncodeReport where the loss
// matters, never garbled; test_round_trip.cpp checks both halves):
//   responses: ToolResult::name and is_error; stop sequences; budget_tokens (sent as an
//              effort); several system entries (joined with a blank line into `instructions`);
//              reasoning of other vendors (stripped); hosted tools of other APIs.
//   chat:      reasoning parts (no request field: dropped), the custom tool kind (a function
//              with one string parameter `input`), hosted tools, images in tool results,
//              ToolResult::name and is_error, budget_tokens (sent as reasoning_effort); text
//              after a tool call in one assistant turn becomes a following assistant message.
//   messages:  the custom tool kind (as chat), hosted tools of other APIs, cache_key,
//              reasoning of other vendors (stripped; thinking is then switched off when the
//              answered tool-call turn lacks its thinking block), temperature/top_p while
//              thinking, system-role messages after the first user turn (user text), an unset
//              max_output_tokens (32000 is sent), parallel_tool_calls=true (the default).
//   gemini:    the model (it is in the URL), the custom tool kind, hosted tools of other
//              APIs, cache_key, user, parallel_tool_calls, ToolResult images, an effort other
//              than low/high (sent as thinkingLevel low or high), the stream flag (URL).
//              Function calls without ids get "call_<n>"; results are paired by name.
// Responses input items local_shell_call(_output) become a function call "local_shell"
// (arguments = the action) and its result; web_search_call, compaction and item_reference
// are dropped on decode (noted): no other vendor can read them.

#include <optional>
#include <string>
#include <vector>

#include <lifeline/translate/api.hpp>
#include <lifeline/translate/usage.hpp>

namespace lifeline::translate {

// Who speaks. system covers system and developer instructions inside the conversation.
enum class Role { system, user, assistant };

// function: JSON arguments. custom: Codex freeform tools, whose input is one plain string.
enum class ToolKind { function, custom };

// Which member of a Part is meaningful.
enum class PartType { text, image, tool_call, tool_result, reasoning };

// An image by URL, or inline as base64 `data` with its `media_type`.
struct Image {
    std::string url;
    std::string media_type;
    std::string data;
    bool operator==(const Image&) const = default;
};

// One piece of a tool result: text, or an image when `image` is set.
struct ResultPart {
    std::string text;
    std::optional<Image> image;
    bool operator==(const ResultPart&) const = default;
};

// A call the model made. `id` pairs it with its ToolResult.
struct ToolCall {
    std::string id;
    std::string name;
    std::string arguments;  // function: JSON object text; custom: the plain input string
    ToolKind kind = ToolKind::function;
    bool operator==(const ToolCall&) const = default;
};

// The answer to the call `call_id`; is_error when the tool failed.
struct ToolResult {
    std::string call_id;
    std::string name;  // the called tool's name when known ("" otherwise; Gemini needs it)
    std::vector<ResultPart> content;
    bool is_error = false;
    ToolKind kind = ToolKind::function;
    bool operator==(const ToolResult&) const = default;
};

// Model reasoning. `signature` is the vendor's opaque state: Anthropic thinking signature (or
// redacted_thinking data when `redacted`), Gemini thoughtSignature, OpenAI encrypted_content.
// It is only ever sent back to the same vendor.
struct Reasoning {
    std::string text;  // thinking text or summary; "" when none was shown
    Vendor vendor = Vendor::none;
    std::string signature;
    bool redacted = false;
    std::string id;  // OpenAI reasoning item id ("" otherwise)
    bool operator==(const Reasoning&) const = default;
};

// One part of a message. Only the member matching `type` is meaningful.
struct Part {
    PartType type = PartType::text;
    std::string text;
    Image image;
    ToolCall tool_call;
    ToolResult tool_result;
    Reasoning reasoning;
    bool operator==(const Part&) const = default;
};

// Shorthand constructors of one-member parts.
Part text_part(std::string text);
Part image_part(Image image);
Part tool_call_part(ToolCall call);
Part tool_result_part(ToolResult result);
Part reasoning_part(Reasoning reasoning);

// One turn: tool results travel in user turns, tool calls and reasoning in assistant turns.
struct Message {
    Role role = Role::user;
    std::vector<Part> parts;
    bool operator==(const Message&) const = default;
};

// function: JSON-schema tool; custom: freeform Codex tool; hosted: run by the provider.
enum class ToolType { function, custom, hosted };

// function: `parameters` is the JSON schema text. custom: `format` is the grammar/format JSON
// text ("" = free text). hosted: a tool the provider runs itself (web_search, tool_search, ...);
// `hosted_type` is its type and `raw` its JSON as `origin` sent it (re-sent only to `origin`).
struct Tool {
    ToolType type = ToolType::function;
    std::string name;
    std::string description;
    std::string parameters;
    std::string format;
    bool strict = false;
    std::string hosted_type;
    std::string raw;
    Api origin = Api::responses;
    bool operator==(const Tool&) const = default;
};

// unset = the client did not say; tool = exactly the tool named in ToolChoice::name.
enum class ToolChoiceMode { unset, auto_, none, required, tool };

// Whether and which tool the model must call.
struct ToolChoice {
    ToolChoiceMode mode = ToolChoiceMode::unset;
    std::string name;  // for mode == tool
    bool operator==(const ToolChoice&) const = default;
};

// Sampling and limits; nullopt/empty = the client did not set it.
struct Sampling {
    std::optional<double> temperature;
    std::optional<double> top_p;
    std::optional<int64_t> max_output_tokens;
    std::vector<std::string> stop;
    bool operator==(const Sampling&) const = default;
};

// Reasoning settings. `effort` is OpenAI's scale ("minimal", "low", "medium", "high",
// "xhigh"; "" = not said); `budget_tokens` an explicit thinking budget.
struct ReasoningConfig {
    bool enabled = false;
    std::string effort;
    std::optional<int64_t> budget_tokens;
    bool operator==(const ReasoningConfig&) const = default;
};

// One model request as a client sent it.
struct Request {
    std::string model;
    std::vector<std::string> system;  // system/developer instructions, one entry per text part
    std::vector<Message> messages;
    std::vector<Tool> tools;
    ToolChoice tool_choice;
    std::optional<bool> parallel_tool_calls;
    Sampling sampling;
    ReasoningConfig reasoning;
    bool stream = false;
    std::string cache_key;  // Responses/Chat prompt_cache_key
    std::string user;       // end-user id (OpenAI `user`, Anthropic metadata.user_id)
    bool operator==(const Request&) const = default;
};

// Why the model stopped; `error` when the upstream failed the answer.
enum class StopReason { end_turn, max_tokens, tool_use, stop_sequence, content_filter, error };

// "end_turn", "max_tokens", ...
const char* to_string(StopReason reason);

// One whole model answer.
struct Response {
    std::string id;
    std::string model;
    std::vector<Part> output;  // text, tool_call and reasoning parts in order
    StopReason stop_reason = StopReason::end_turn;
    Usage usage;
    bool operator==(const Response&) const = default;
};

}  // namespace lifeline::translate
