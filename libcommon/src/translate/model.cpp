#include <lifeline/translate/model.hpp>

namespace lifeline::translate {

const char* to_string(StopReason reason) {
    switch (reason) {
        case StopReason::end_turn:
            return "end_turn";
        case StopReason::max_tokens:
            return "max_tokens";
        case StopReason::tool_use:
            return "tool_use";
        case StopReason::stop_sequence:
            return "stop_sequence";
        case StopReason::content_filter:
            return "content_filter";
        case StopReason::error:
            return "error";
    }
    return "end_turn";
}

Part text_part(std::string text) {
    Part part;
    part.type = PartType::text;
    part.text = std::move(text);
    return part;
}

Part image_part(Image image) {
    Part part;
    part.type = PartType::image;
    part.image = std::move(image);
    return part;
}

Part tool_call_part(ToolCall call) {
    Part part;
    part.type = PartType::tool_call;
    part.tool_call = std::move(call);
    return part;
}

Part tool_result_part(ToolResult result) {
    Part part;
    part.type = PartType::tool_result;
    part.tool_result = std::move(result);
    return part;
}

Part reasoning_part(Reasoning reasoning) {
    Part part;
    part.type = PartType::reasoning;
    part.reasoning = std::move(reasoning);
    return part;
}

}  // namespace lifeline::translate
