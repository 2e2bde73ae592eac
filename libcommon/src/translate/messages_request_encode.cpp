// Neutral requests as Anthropic Messages requests. Thinking blocks go back only when they are
// Anthropic's own and signed (exactly as received), foreign reasoning is stripped; the minimum
// thinking budget is 1024; cache breakpoints are placed like Claude Code's.

#include <algorithm>

#include <lifeline/translate/reasoning_envelope.hpp>

#include "cache_breakpoints.hpp"
#include "codecs.hpp"
#include "encode_support.hpp"

namespace lifeline::translate::detail {

namespace {

constexpr int64_t k_min_thinking_budget = 1024;
constexpr int64_t k_default_max_tokens = 32000;

Json image_block(const Image& image) {
    if (!image.data.empty())
        return {{"type", "image"},
                {"source",
                 {{"type", "base64"}, {"media_type", image.media_type}, {"data", image.data}}}};
    return {{"type", "image"}, {"source", {{"type", "url"}, {"url", image.url}}}};
}

Json result_block(const ToolResult& result) {
    Json block = {{"type", "tool_result"}, {"tool_use_id", result.call_id}};
    if (result.content.size() == 1 && !result.content[0].image) {
        block["content"] = result.content[0].text;
    } else {
        Json content = Json::array();
        for (const ResultPart& piece : result.content) {
            if (piece.image)
                content.push_back(image_block(*piece.image));
            else if (!piece.text.empty())
                content.push_back({{"type", "text"}, {"text", piece.text}});
        }
        block["content"] = std::move(content);
    }
    if (result.is_error)
        block["is_error"] = true;
    return block;
}

Json message_blocks(const Message& message, const std::string& path, EncodeReport& report) {
    Json results = Json::array();
    Json blocks = Json::array();
    for (size_t p = 0; p < message.parts.size(); ++p) {
        const Part& part = message.parts[p];
        std::string part_path = path_index(path + ".parts", p);
        switch (part.type) {
            case PartType::text:
                if (!part.text.empty())  // Anthropic rejects empty text blocks
                    blocks.push_back({{"type", "text"}, {"text", part.text}});
                break;
            case PartType::image:
                blocks.push_back(image_block(part.image));
                break;
            case PartType::tool_call:
                blocks.push_back({{"type", "tool_use"},
                                  {"id", part.tool_call.id},
                                  {"name", part.tool_call.name},
                                  {"input", arguments_object(part.tool_call, report, part_path)}});
                break;
            case PartType::tool_result:
                // Tool results must open the user turn that answers the calls.
                results.push_back(result_block(part.tool_result));
                break;
            case PartType::reasoning: {
                const Reasoning& reasoning = part.reasoning;
                if (!keep_reasoning(Api::messages, reasoning)) {
                    if (reasoning.vendor != Vendor::none || !reasoning.text.empty())
                        report_drop(report, part_path, "reasoning stripped: not Anthropic's own");
                    break;
                }
                if (reasoning.redacted)
                    blocks.push_back(
                        {{"type", "redacted_thinking"}, {"data", reasoning.signature}});
                else
                    blocks.push_back({{"type", "thinking"},
                                      {"thinking", reasoning.text},
                                      {"signature", reasoning.signature}});
                break;
            }
        }
    }
    for (Json& block : blocks)
        results.push_back(std::move(block));
    return results;
}

Json encode_messages(const std::vector<Message>& messages, EncodeReport& report) {
    Json out = Json::array();
    for (size_t m = 0; m < messages.size(); ++m) {
        Json blocks = message_blocks(messages[m], path_index("messages", m), report);
        if (blocks.empty())
            continue;
        const char* role = messages[m].role == Role::assistant ? "assistant" : "user";
        if (!out.empty() && string_at(out.back(), "role") == role) {
            Json& previous = out.back()["content"];
            for (Json& block : blocks)
                previous.push_back(std::move(block));
            continue;
        }
        out.push_back({{"role", role}, {"content", std::move(blocks)}});
    }
    return out;
}

// With thinking on, Anthropic requires the assistant turn whose tool calls are being answered
// to start with its thinking block; when that block was foreign (stripped), thinking is off.
bool last_tool_turn_lacks_thinking(const Json& messages) {
    for (size_t i = messages.size(); i-- > 0;) {
        const Json& message = messages[i];
        if (string_at(message, "role") != "assistant")
            continue;
        const Json* found = member(message, "content");
        if (found == nullptr || !found->is_array() || found->empty())
            return false;
        const Json& content = *found;
        bool has_call = std::any_of(content.begin(), content.end(), [](const Json& block) {
            return string_at(block, "type") == "tool_use";
        });
        std::string first = string_at(content.front(), "type");
        return has_call && first != "thinking" && first != "redacted_thinking";
    }
    return false;
}

void encode_thinking(const Request& request, Json& body, EncodeReport& report) {
    if (!request.reasoning.enabled)
        return;
    int64_t max_tokens = body["max_tokens"].get<int64_t>();
    if (last_tool_turn_lacks_thinking(body["messages"])) {
        report_drop(report, "reasoning",
                    "thinking off: the answered tool-call turn has no Anthropic thinking block");
        return;
    }
    if (const Json* choice = member(body, "tool_choice");
        choice != nullptr &&
        (string_at(*choice, "type") == "any" || string_at(*choice, "type") == "tool")) {
        report_drop(report, "reasoning", "thinking off: Anthropic cannot think with a forced tool");
        return;
    }
    if (max_tokens <= k_min_thinking_budget) {
        report_drop(report, "reasoning", "thinking off: max_tokens is below the 1024 budget");
        return;
    }
    int64_t budget =
        request.reasoning.budget_tokens.value_or(budget_for_effort(request.reasoning.effort));
    budget = std::clamp(budget, k_min_thinking_budget, max_tokens - 1);
    body["thinking"] = {{"type", "enabled"}, {"budget_tokens", budget}};
    // Anthropic accepts neither a temperature nor a narrow top_p together with thinking.
    if (body.contains("temperature") || body.contains("top_p")) {
        body.erase("temperature");
        body.erase("top_p");
        report_drop(report, "sampling", "temperature/top_p dropped: not allowed with thinking");
    }
}

Json tool_json(const Tool& tool) {
    if (tool.type == ToolType::custom)
        return {{"name", tool.name},
                {"description", custom_tool_description(tool)},
                {"input_schema", custom_tool_schema(tool)}};
    Json out = {{"name", tool.name}};
    if (!tool.description.empty())
        out["description"] = tool.description;
    out["input_schema"] = parameters_schema(tool);
    return out;
}

void encode_tools(const Request& request, Json& body, EncodeReport& report) {
    Json tools = Json::array();
    for (size_t i = 0; i < request.tools.size(); ++i) {
        const Tool& tool = request.tools[i];
        if (tool.type == ToolType::hosted && !keep_hosted_tool(Api::messages, tool)) {
            report_drop(report, path_index("tools", i),
                        "hosted tool \"" + tool.hosted_type + "\" dropped: messages cannot run it");
            continue;
        }
        tools.push_back(tool.type == ToolType::hosted ? object_from_text(tool.raw)
                                                      : tool_json(tool));
    }
    if (tools.empty())
        return;
    body["tools"] = std::move(tools);
    const ToolChoice& choice = request.tool_choice;
    Json out;
    switch (choice.mode) {
        case ToolChoiceMode::auto_:
            out = {{"type", "auto"}};
            break;
        case ToolChoiceMode::none:
            out = {{"type", "none"}};
            break;
        case ToolChoiceMode::required:
            out = {{"type", "any"}};
            break;
        case ToolChoiceMode::tool:
            out = {{"type", "tool"}, {"name", choice.name}};
            break;
        case ToolChoiceMode::unset:
            if (request.parallel_tool_calls == false)
                out = {{"type", "auto"}};
            break;
    }
    if (request.parallel_tool_calls == false && out.is_object())
        out["disable_parallel_tool_use"] = true;
    if (out.is_object())
        body["tool_choice"] = std::move(out);
}

}  // namespace

std::string encode_messages_request(const Request& request, EncodeReport& report) {
    std::vector<std::string> system;
    std::vector<Message> messages = fold_system_messages(request, system);
    Json body = {{"model", request.model}};
    body["max_tokens"] = request.sampling.max_output_tokens.value_or(k_default_max_tokens);
    if (!system.empty()) {
        Json blocks = Json::array();
        for (const std::string& text : system)
            if (!text.empty())
                blocks.push_back({{"type", "text"}, {"text", text}});
        if (!blocks.empty())
            body["system"] = std::move(blocks);
    }
    body["messages"] = encode_messages(messages, report);
    encode_tools(request, body, report);
    if (request.sampling.temperature)
        body["temperature"] = *request.sampling.temperature;
    if (request.sampling.top_p)
        body["top_p"] = *request.sampling.top_p;
    if (!request.sampling.stop.empty())
        body["stop_sequences"] = request.sampling.stop;
    encode_thinking(request, body, report);
    if (request.stream)
        body["stream"] = true;
    if (!request.user.empty())
        body["metadata"] = {{"user_id", request.user}};
    place_cache_breakpoints(body);
    return dump_json(body);
}

}  // namespace lifeline::translate::detail
