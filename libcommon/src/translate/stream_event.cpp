#include <lifeline/translate/stream_event.hpp>

namespace lifeline::translate {

const char* to_string(StreamEventType type) {
    switch (type) {
        case StreamEventType::message_start:
            return "message_start";
        case StreamEventType::block_start:
            return "block_start";
        case StreamEventType::text_delta:
            return "text_delta";
        case StreamEventType::arguments_delta:
            return "arguments_delta";
        case StreamEventType::reasoning_delta:
            return "reasoning_delta";
        case StreamEventType::reasoning_signature:
            return "reasoning_signature";
        case StreamEventType::block_stop:
            return "block_stop";
        case StreamEventType::message_end:
            return "message_end";
        case StreamEventType::error:
            return "error";
    }
    return "unknown";
}

StreamEvent message_start_event(std::string id, std::string model) {
    StreamEvent event;
    event.type = StreamEventType::message_start;
    event.id = std::move(id);
    event.name = std::move(model);
    return event;
}

StreamEvent block_start_event(int index, BlockKind block, std::string id, std::string name,
                              ToolKind kind) {
    StreamEvent event;
    event.type = StreamEventType::block_start;
    event.index = index;
    event.block = block;
    event.id = std::move(id);
    event.name = std::move(name);
    event.tool_kind = kind;
    return event;
}

StreamEvent delta_event(StreamEventType type, int index, std::string text) {
    StreamEvent event;
    event.type = type;
    event.index = index;
    event.text = std::move(text);
    return event;
}

StreamEvent signature_event(int index, std::string signature, Vendor vendor, bool redacted) {
    StreamEvent event;
    event.type = StreamEventType::reasoning_signature;
    event.index = index;
    event.block = BlockKind::reasoning;
    event.text = std::move(signature);
    event.vendor = vendor;
    event.redacted = redacted;
    return event;
}

StreamEvent block_stop_event(int index) {
    StreamEvent event;
    event.type = StreamEventType::block_stop;
    event.index = index;
    return event;
}

StreamEvent message_end_event(StopReason reason, Usage usage) {
    StreamEvent event;
    event.type = StreamEventType::message_end;
    event.stop_reason = reason;
    event.usage = usage;
    return event;
}

StreamEvent error_event(FailureClass error_class, std::string message) {
    StreamEvent event;
    event.type = StreamEventType::error;
    event.error_class = error_class;
    event.text = std::move(message);
    return event;
}

void note_event(StreamProgress& progress, const StreamEvent& event) {
    switch (event.type) {
        case StreamEventType::text_delta:
        case StreamEventType::arguments_delta:
        case StreamEventType::reasoning_delta:
            progress.content_started = true;
            break;
        case StreamEventType::block_start:
            if (event.block == BlockKind::tool_call)
                progress.content_started = true;
            break;
        case StreamEventType::message_end:
            progress.ended = true;
            if (event.usage != Usage{})
                progress.usage = event.usage;
            break;
        case StreamEventType::error:
            progress.ended = true;
            progress.error = event.error_class;
            progress.error_message = event.text;
            break;
        default:
            break;
    }
}

}  // namespace lifeline::translate
