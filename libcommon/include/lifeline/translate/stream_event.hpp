#pragma once
// The neutral stream: what every upstream stream is decoded into and every client stream is
// encoded from. One block is open at a time; block indexes count from 0 in order of opening.

#include <optional>
#include <string>

#include <lifeline/classify/failure_class.hpp>
#include <lifeline/translate/api.hpp>
#include <lifeline/translate/model.hpp>
#include <lifeline/translate/usage.hpp>

namespace lifeline::translate {

enum class StreamEventType {
    message_start,        // id, model
    block_start,          // index, block; for tool calls id, name, tool_kind
    text_delta,           // index, text
    arguments_delta,      // index, text (a piece of the JSON arguments, or custom input)
    reasoning_delta,      // index, text (thinking or summary text)
    reasoning_signature,  // index, text = opaque state, vendor, redacted
    block_stop,           // index
    message_end,          // stop_reason, usage
    error,                // error_class, text = message
};

enum class BlockKind { text, tool_call, reasoning };

struct StreamEvent {
    StreamEventType type = StreamEventType::text_delta;
    int index = 0;
    BlockKind block = BlockKind::text;
    std::string id;
    std::string name;  // tool name; the model for message_start
    ToolKind tool_kind = ToolKind::function;
    std::string text;
    Vendor vendor = Vendor::none;
    bool redacted = false;
    StopReason stop_reason = StopReason::end_turn;
    Usage usage;
    FailureClass error_class = FailureClass::server_error;
    bool operator==(const StreamEvent&) const = default;
};

// "message_start", "text_delta", ...
const char* to_string(StreamEventType type);

// Shorthand constructors.
StreamEvent message_start_event(std::string id, std::string model);
StreamEvent block_start_event(int index, BlockKind block, std::string id = {},
                              std::string name = {}, ToolKind kind = ToolKind::function);
StreamEvent delta_event(StreamEventType type, int index, std::string text);
StreamEvent signature_event(int index, std::string signature, Vendor vendor, bool redacted = false);
StreamEvent block_stop_event(int index);
StreamEvent message_end_event(StopReason reason, Usage usage);
StreamEvent error_event(FailureClass error_class, std::string message);

// What a stream has shown so far, for a proxy deciding whether it may still fail over: content
// (the first text, argument or reasoning piece, or a tool call's start), the end, an error and
// the usage the upstream reported.
struct StreamProgress {
    bool content_started = false;
    bool ended = false;  // message_end or error seen
    std::optional<FailureClass> error;
    std::string error_message;
    std::optional<Usage> usage;  // from message_end; nullopt = the upstream reported none
};

// Updates `progress` with one decoded event.
void note_event(StreamProgress& progress, const StreamEvent& event);

}  // namespace lifeline::translate
