// Neutral requests as Anthropic Messages requests. Thinking blocks go back only when they are
// Anthropic's own and signed (exactly as received), foreign reasoning is stripped; the minimum
// thinking budget is 1024; cache breakpoints are placed like Claude Code's.
//
// Written in two passes: the turns are planned first (messages_turns.hpp), so every decision
// that depends on the whole request (thinking, cache breakpoints) is made before the body is
// written straight to text.

#include <algorithm>

#include "cache_breakpoints.hpp"
#include "codecs.hpp"
#include "encode_support.hpp"
#include "messages_turns.hpp"

namespace lifeline::translate::detail {

namespace {

constexpr int64_t k_min_thinking_budget = 1024;
constexpr int64_t k_default_max_tokens = 32000;

// The tools Anthropic gets: hosted tools of other APIs dropped (reported).
std::vector<const Tool*> kept_tools(const Request& request, EncodeReport& report) {
    std::vector<const Tool*> tools;
    for (size_t i = 0; i < request.tools.size(); ++i) {
        const Tool& tool = request.tools[i];
        if (tool.type == ToolType::hosted && !keep_hosted_tool(Api::messages, tool)) {
            report_drop(report, path_index("tools", i),
                        "hosted tool \"" + tool.hosted_type + "\" dropped: messages cannot run it");
            continue;
        }
        tools.push_back(&tool);
    }
    return tools;
}

// The tool_choice type ("" = none sent), only meaningful when tools are sent.
const char* tool_choice_type(const Request& request) {
    switch (request.tool_choice.mode) {
        case ToolChoiceMode::auto_:
            return "auto";
        case ToolChoiceMode::none:
            return "none";
        case ToolChoiceMode::required:
            return "any";
        case ToolChoiceMode::tool:
            return "tool";
        case ToolChoiceMode::unset:
            break;
    }
    return request.parallel_tool_calls == false ? "auto" : "";
}

// The thinking budget, or 0 when thinking is off (the reason reported).
int64_t thinking_budget(const Request& request, const std::vector<AnthropicTurn>& turns,
                        bool forced_tool, int64_t max_tokens, EncodeReport& report) {
    if (!request.reasoning.enabled)
        return 0;
    if (last_tool_turn_lacks_thinking(turns)) {
        report_drop(report, "reasoning",
                    "thinking off: the answered tool-call turn has no Anthropic thinking block");
        return 0;
    }
    if (forced_tool) {
        report_drop(report, "reasoning", "thinking off: Anthropic cannot think with a forced tool");
        return 0;
    }
    if (max_tokens <= k_min_thinking_budget) {
        report_drop(report, "reasoning", "thinking off: max_tokens is below the 1024 budget");
        return 0;
    }
    int64_t budget =
        request.reasoning.budget_tokens.value_or(budget_for_effort(request.reasoning.effort));
    return std::clamp(budget, k_min_thinking_budget, max_tokens - 1);
}

// The members of an image block: type and source.
void write_image_fields(JsonWriter& out, const Image& image) {
    out.field("type", "image").key("source").begin_object();
    if (!image.data.empty())
        out.field("type", "base64").field("media_type", image.media_type).field("data", image.data);
    else
        out.field("type", "url").field("url", image.url);
    out.end_object();
}

void write_result_content(JsonWriter& out, const ToolResult& result) {
    out.key("content");
    if (result.content.size() == 1 && !result.content[0].image) {
        out.value(result.content[0].text);
        return;
    }
    out.begin_array();
    for (const ResultPart& piece : result.content) {
        if (piece.image) {
            out.begin_object();
            write_image_fields(out, *piece.image);
            out.end_object();
        } else if (!piece.text.empty())
            out.begin_object().field("type", "text").field("text", piece.text).end_object();
    }
    out.end_array();
}

// One block; `cache` adds the breakpoint marker.
void write_block(JsonWriter& out, const AnthropicBlock& block, bool cache, EncodeReport& report) {
    const Part& part = *block.part;
    out.begin_object();
    switch (part.type) {
        case PartType::text:
            out.field("type", "text").field("text", part.text);
            break;
        case PartType::image:
            write_image_fields(out, part.image);
            break;
        case PartType::tool_call:
            out.field("type", "tool_use")
                .field("id", part.tool_call.id)
                .field("name", part.tool_call.name)
                .raw_field("input", arguments_object_text(part.tool_call, report, block.path));
            break;
        case PartType::tool_result:
            out.field("type", "tool_result").field("tool_use_id", part.tool_result.call_id);
            write_result_content(out, part.tool_result);
            if (part.tool_result.is_error)
                out.field("is_error", true);
            break;
        case PartType::reasoning:
            if (part.reasoning.redacted)
                out.field("type", "redacted_thinking").field("data", part.reasoning.signature);
            else
                out.field("type", "thinking")
                    .field("thinking", part.reasoning.text)
                    .field("signature", part.reasoning.signature);
            break;
    }
    if (cache)
        out.raw_field("cache_control", R"({"type":"ephemeral"})");
    out.end_object();
}

void write_turns(JsonWriter& out, const std::vector<AnthropicTurn>& turns,
                 const CacheBreakpoints& cache, EncodeReport& report) {
    out.key("messages").begin_array();
    for (size_t t = 0; t < turns.size(); ++t) {
        const AnthropicTurn& turn = turns[t];
        size_t marked = turn.blocks.size();  // none
        if (cache.turns[t])
            for (size_t b = turn.blocks.size(); b-- > 0 && marked == turn.blocks.size();)
                if (cacheable(turn.blocks[b]))
                    marked = b;
        out.begin_object().field("role", turn.assistant ? "assistant" : "user");
        out.key("content").begin_array();
        for (size_t b = 0; b < turn.blocks.size(); ++b)
            write_block(out, turn.blocks[b], b == marked, report);
        out.end_array().end_object();
    }
    out.end_array();
}

void write_system(JsonWriter& out, const std::vector<std::string>& system, bool cache) {
    std::vector<const std::string*> texts;
    for (const std::string& text : system)
        if (!text.empty())
            texts.push_back(&text);
    if (texts.empty())
        return;
    out.key("system").begin_array();
    for (size_t i = 0; i < texts.size(); ++i) {
        out.begin_object().field("type", "text").field("text", *texts[i]);
        if (cache && i + 1 == texts.size())
            out.raw_field("cache_control", R"({"type":"ephemeral"})");
        out.end_object();
    }
    out.end_array();
}

void write_tool(JsonWriter& out, const Tool& tool) {
    if (tool.type == ToolType::hosted) {
        out.raw(hosted_tool_text(tool));
        return;
    }
    out.begin_object().field("name", tool.name);
    if (tool.type == ToolType::custom) {
        out.field("description", custom_tool_description(tool))
            .raw_field("input_schema", custom_tool_schema_text());
    } else {
        if (!tool.description.empty())
            out.field("description", tool.description);
        out.raw_field("input_schema", parameters_schema_text(tool));
    }
    out.end_object();
}

void write_tools(JsonWriter& out, const Request& request, const std::vector<const Tool*>& tools,
                 std::string_view choice) {
    if (tools.empty())
        return;
    out.key("tools").begin_array();
    for (const Tool* tool : tools)
        write_tool(out, *tool);
    out.end_array();
    if (choice.empty())
        return;
    out.key("tool_choice").begin_object().field("type", choice);
    if (choice == "tool")
        out.field("name", request.tool_choice.name);
    if (request.parallel_tool_calls == false)
        out.field("disable_parallel_tool_use", true);
    out.end_object();
}

bool has_system_block(const std::vector<std::string>& system) {
    return std::any_of(system.begin(), system.end(),
                       [](const std::string& text) { return !text.empty(); });
}

}  // namespace

std::string encode_messages_request(const Request& request, EncodeReport& report) {
    std::vector<std::string> system;
    std::vector<Message> messages = fold_system_messages(request, system);
    std::vector<AnthropicTurn> turns = plan_turns(messages, report);
    std::vector<const Tool*> tools = kept_tools(request, report);
    std::string_view choice = tools.empty() ? "" : tool_choice_type(request);
    int64_t max_tokens = request.sampling.max_output_tokens.value_or(k_default_max_tokens);
    int64_t budget =
        thinking_budget(request, turns, choice == "any" || choice == "tool", max_tokens, report);
    std::vector<bool> cacheable_user_turn;
    for (const AnthropicTurn& turn : turns)
        cacheable_user_turn.push_back(
            !turn.assistant && std::any_of(turn.blocks.begin(), turn.blocks.end(),
                                           [](const AnthropicBlock& b) { return cacheable(b); }));
    CacheBreakpoints cache = plan_cache_breakpoints(has_system_block(system), cacheable_user_turn);

    std::string body;
    body.reserve(64 * 1024);
    JsonWriter out(body);
    out.begin_object().field("model", request.model).field("max_tokens", max_tokens);
    write_system(out, system, cache.system);
    write_turns(out, turns, cache, report);
    write_tools(out, request, tools, choice);
    bool sampling = request.sampling.temperature || request.sampling.top_p;
    if (budget > 0 && sampling) {
        // Anthropic accepts neither a temperature nor a narrow top_p together with thinking.
        report_drop(report, "sampling", "temperature/top_p dropped: not allowed with thinking");
    } else {
        if (request.sampling.temperature)
            out.field("temperature", *request.sampling.temperature);
        if (request.sampling.top_p)
            out.field("top_p", *request.sampling.top_p);
    }
    if (!request.sampling.stop.empty())
        out.field("stop_sequences", request.sampling.stop);
    if (budget > 0)
        out.key("thinking")
            .begin_object()
            .field("type", "enabled")
            .field("budget_tokens", budget)
            .end_object();
    if (request.stream)
        out.field("stream", true);
    if (!request.user.empty())
        out.key("metadata").begin_object().field("user_id", request.user).end_object();
    out.end_object();
    return body;
}

}  // namespace lifeline::translate::detail
