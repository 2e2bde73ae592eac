// Neutral parts as Responses items: request `input` items for an upstream (only OpenAI's own
// reasoning replayed) and response `output` items for a client (other vendors' reasoning
// state inside a lifeline envelope in encrypted_content).

#include <lifeline/translate/reasoning_envelope.hpp>

#include "encode_support.hpp"
#include "responses_items.hpp"
#include "wire_maps.hpp"

namespace lifeline::translate::detail {

namespace {

Json content_piece(const Part& part, bool assistant) {
    if (part.type == PartType::image)
        return {{"type", "input_image"}, {"image_url", image_url(part.image)}};
    return {{"type", assistant ? "output_text" : "input_text"}, {"text", part.text}};
}

Json tool_output(const ToolResult& result) {
    if (result.content.size() == 1 && !result.content[0].image)
        return result.content[0].text;
    Json pieces = Json::array();
    for (const ResultPart& piece : result.content) {
        if (piece.image)
            pieces.push_back({{"type", "input_image"}, {"image_url", image_url(*piece.image)}});
        else
            pieces.push_back({{"type", "input_text"}, {"text", piece.text}});
    }
    return pieces.empty() ? Json("") : pieces;
}

Json call_item(const ToolCall& call) {
    if (call.kind == ToolKind::custom)
        return {{"type", "custom_tool_call"},
                {"call_id", call.id},
                {"name", call.name},
                {"input", call.arguments}};
    return {{"type", "function_call"},
            {"call_id", call.id},
            {"name", call.name},
            {"arguments", call.arguments}};
}

Json reasoning_item(const Reasoning& reasoning, const std::string& opaque) {
    Json item = {{"type", "reasoning"}};
    if (!reasoning.id.empty())
        item["id"] = reasoning.id;
    Json summary = Json::array();
    if (!reasoning.text.empty())
        summary.push_back({{"type", "summary_text"}, {"text", reasoning.text}});
    item["summary"] = std::move(summary);
    if (!opaque.empty())
        item["encrypted_content"] = opaque;
    return item;
}

void flush(Json& items, Json& content, const char* role) {
    if (content.empty())
        return;
    items.push_back({{"type", "message"}, {"role", role}, {"content", std::move(content)}});
    content = Json::array();
}

}  // namespace

Json encode_input_items(const std::vector<Message>& messages, EncodeReport& report) {
    Json items = Json::array();
    for (size_t m = 0; m < messages.size(); ++m) {
        const Message& message = messages[m];
        const char* role = message.role == Role::system ? "developer"
                           : message.role == Role::user ? "user"
                                                        : "assistant";
        bool assistant = message.role == Role::assistant;
        Json content = Json::array();
        for (size_t p = 0; p < message.parts.size(); ++p) {
            const Part& part = message.parts[p];
            std::string path = path_index(path_index("messages", m) + ".parts", p);
            switch (part.type) {
                case PartType::text:
                case PartType::image:
                    content.push_back(content_piece(part, assistant));
                    if (assistant)
                        flush(items, content, role);  // one item per assistant text
                    break;
                case PartType::tool_call:
                    flush(items, content, role);
                    items.push_back(call_item(part.tool_call));
                    break;
                case PartType::tool_result: {
                    flush(items, content, role);
                    bool custom = part.tool_result.kind == ToolKind::custom;
                    items.push_back(
                        {{"type", custom ? "custom_tool_call_output" : "function_call_output"},
                         {"call_id", part.tool_result.call_id},
                         {"output", tool_output(part.tool_result)}});
                    break;
                }
                case PartType::reasoning:
                    flush(items, content, role);
                    if (!keep_reasoning(Api::responses, part.reasoning)) {
                        report_drop(report, path, "reasoning stripped: not OpenAI's own");
                        break;
                    }
                    items.push_back(reasoning_item(part.reasoning, part.reasoning.signature));
                    break;
            }
        }
        flush(items, content, role);
    }
    return items;
}

Json encode_output_item(const Part& part, const std::string& item_id) {
    switch (part.type) {
        case PartType::tool_call: {
            Json item = call_item(part.tool_call);
            item["id"] = item_id;
            item["status"] = "completed";
            return item;
        }
        case PartType::reasoning: {
            Reasoning shown = part.reasoning;
            if (shown.id.empty() || shown.vendor != Vendor::openai)
                shown.id = item_id;
            return reasoning_item(shown, opaque_for_client(Api::responses, part.reasoning));
        }
        default:
            break;
    }
    Json content = Json::array();
    content.push_back(
        {{"type", "output_text"}, {"text", part.text}, {"annotations", Json::array()}});
    return {{"type", "message"},
            {"id", item_id},
            {"status", "completed"},
            {"role", "assistant"},
            {"content", std::move(content)}};
}

}  // namespace lifeline::translate::detail
