#include "wire_maps.hpp"

namespace lifeline::translate::detail {

namespace {

int64_t nested_int(JsonView object, std::string_view outer, std::string_view inner) {
    return int_at(member(object, outer), inner).value_or(0);
}

// A count of `usage` replacing `count`: kept when absent or null, 0 when not a number.
void merge_count(int64_t& count, JsonView usage, std::string_view key) {
    JsonView value = member(usage, key);
    if (value && !value.is_null())
        count = value.integer().value_or(0);
}

}  // namespace

Usage responses_usage_from(JsonView usage) {
    Usage out;
    out.input_tokens = int_at(usage, "input_tokens").value_or(0);
    out.output_tokens = int_at(usage, "output_tokens").value_or(0);
    out.cached_input_tokens = nested_int(usage, "input_tokens_details", "cached_tokens");
    out.reasoning_tokens = nested_int(usage, "output_tokens_details", "reasoning_tokens");
    return out;
}

Usage chat_usage_from(JsonView usage) {
    Usage out;
    out.input_tokens = int_at(usage, "prompt_tokens").value_or(0);
    out.output_tokens = int_at(usage, "completion_tokens").value_or(0);
    out.cached_input_tokens = nested_int(usage, "prompt_tokens_details", "cached_tokens");
    out.reasoning_tokens = nested_int(usage, "completion_tokens_details", "reasoning_tokens");
    return out;
}

void merge_messages_usage(MessagesUsageCounts& counts, JsonView usage) {
    merge_count(counts.input_tokens, usage, "input_tokens");
    merge_count(counts.output_tokens, usage, "output_tokens");
    merge_count(counts.cache_read_input_tokens, usage, "cache_read_input_tokens");
    merge_count(counts.cache_creation_input_tokens, usage, "cache_creation_input_tokens");
}

Usage messages_usage(const MessagesUsageCounts& counts) {
    Usage out;
    out.cached_input_tokens = counts.cache_read_input_tokens;
    out.cache_creation_tokens = counts.cache_creation_input_tokens;
    out.input_tokens = counts.input_tokens + out.cached_input_tokens + out.cache_creation_tokens;
    out.output_tokens = counts.output_tokens;
    return out;
}

Usage messages_usage_from(JsonView usage) {
    MessagesUsageCounts counts;
    merge_messages_usage(counts, usage);
    return messages_usage(counts);
}

Usage gemini_usage_from(JsonView usage_metadata) {
    Usage out;
    out.input_tokens = int_at(usage_metadata, "promptTokenCount").value_or(0);
    out.cached_input_tokens = int_at(usage_metadata, "cachedContentTokenCount").value_or(0);
    out.reasoning_tokens = int_at(usage_metadata, "thoughtsTokenCount").value_or(0);
    out.output_tokens =
        int_at(usage_metadata, "candidatesTokenCount").value_or(0) + out.reasoning_tokens;
    return out;
}

Json responses_usage_json(const Usage& usage) {
    return {{"input_tokens", usage.input_tokens},
            {"input_tokens_details", {{"cached_tokens", usage.cached_input_tokens}}},
            {"output_tokens", usage.output_tokens},
            {"output_tokens_details", {{"reasoning_tokens", usage.reasoning_tokens}}},
            {"total_tokens", usage.total_tokens()}};
}

Json chat_usage_json(const Usage& usage) {
    return {{"prompt_tokens", usage.input_tokens},
            {"completion_tokens", usage.output_tokens},
            {"total_tokens", usage.total_tokens()},
            {"prompt_tokens_details", {{"cached_tokens", usage.cached_input_tokens}}},
            {"completion_tokens_details", {{"reasoning_tokens", usage.reasoning_tokens}}}};
}

Json messages_usage_json(const Usage& usage) {
    int64_t uncached = usage.input_tokens - usage.cached_input_tokens - usage.cache_creation_tokens;
    return {{"input_tokens", uncached < 0 ? 0 : uncached},
            {"output_tokens", usage.output_tokens},
            {"cache_read_input_tokens", usage.cached_input_tokens},
            {"cache_creation_input_tokens", usage.cache_creation_tokens}};
}

Json gemini_usage_json(const Usage& usage) {
    Json out = {{"promptTokenCount", usage.input_tokens},
                {"candidatesTokenCount", usage.output_tokens - usage.reasoning_tokens},
                {"totalTokenCount", usage.total_tokens()}};
    if (usage.cached_input_tokens > 0)
        out["cachedContentTokenCount"] = usage.cached_input_tokens;
    if (usage.reasoning_tokens > 0)
        out["thoughtsTokenCount"] = usage.reasoning_tokens;
    return out;
}

StopReason chat_stop_from(std::string_view finish_reason) {
    if (finish_reason == "length")
        return StopReason::max_tokens;
    if (finish_reason == "tool_calls" || finish_reason == "function_call")
        return StopReason::tool_use;
    if (finish_reason == "content_filter")
        return StopReason::content_filter;
    if (finish_reason == "error")
        return StopReason::error;
    return StopReason::end_turn;
}

const char* chat_stop_name(StopReason reason) {
    switch (reason) {
        case StopReason::max_tokens:
            return "length";
        case StopReason::tool_use:
            return "tool_calls";
        case StopReason::content_filter:
            return "content_filter";
        case StopReason::error:
            return "error";
        case StopReason::end_turn:
        case StopReason::stop_sequence:
            return "stop";
    }
    return "stop";
}

StopReason messages_stop_from(std::string_view stop_reason) {
    if (stop_reason == "max_tokens" || stop_reason == "model_context_window_exceeded")
        return StopReason::max_tokens;
    if (stop_reason == "tool_use")
        return StopReason::tool_use;
    if (stop_reason == "stop_sequence")
        return StopReason::stop_sequence;
    if (stop_reason == "refusal")
        return StopReason::content_filter;
    return StopReason::end_turn;  // end_turn, pause_turn
}

const char* messages_stop_name(StopReason reason) {
    switch (reason) {
        case StopReason::max_tokens:
            return "max_tokens";
        case StopReason::tool_use:
            return "tool_use";
        case StopReason::stop_sequence:
            return "stop_sequence";
        case StopReason::content_filter:
            return "refusal";
        case StopReason::end_turn:
        case StopReason::error:
            return "end_turn";
    }
    return "end_turn";
}

StopReason gemini_stop_from(std::string_view finish_reason, bool has_tool_calls) {
    if (finish_reason == "MAX_TOKENS")
        return StopReason::max_tokens;
    if (finish_reason == "SAFETY" || finish_reason == "RECITATION" ||
        finish_reason == "BLOCKLIST" || finish_reason == "PROHIBITED_CONTENT" ||
        finish_reason == "SPII" || finish_reason == "IMAGE_SAFETY")
        return StopReason::content_filter;
    if (finish_reason == "MALFORMED_FUNCTION_CALL" || finish_reason == "OTHER")
        return StopReason::error;
    return has_tool_calls ? StopReason::tool_use : StopReason::end_turn;
}

const char* gemini_stop_name(StopReason reason) {
    switch (reason) {
        case StopReason::max_tokens:
            return "MAX_TOKENS";
        case StopReason::content_filter:
            return "SAFETY";
        case StopReason::error:
            return "OTHER";
        case StopReason::end_turn:
        case StopReason::tool_use:
        case StopReason::stop_sequence:
            return "STOP";
    }
    return "STOP";
}

bool split_data_url(std::string_view url, Image& image) {
    constexpr std::string_view k_prefix = "data:";
    constexpr std::string_view k_base64 = ";base64,";
    if (url.substr(0, k_prefix.size()) != k_prefix)
        return false;
    size_t marker = url.find(k_base64);
    if (marker == std::string_view::npos)
        return false;
    image.url.clear();
    image.media_type = std::string(url.substr(k_prefix.size(), marker - k_prefix.size()));
    image.data = std::string(url.substr(marker + k_base64.size()));
    return true;
}

std::string image_url(const Image& image) {
    if (!image.url.empty())
        return image.url;
    return "data:" + image.media_type + ";base64," + image.data;
}

}  // namespace lifeline::translate::detail

namespace lifeline::translate::detail {

std::string item_id(std::string_view prefix, std::string_view response_id, size_t index) {
    size_t underscore = response_id.find('_');
    std::string_view suffix =
        underscore == std::string_view::npos ? response_id : response_id.substr(underscore + 1);
    std::string id(prefix);
    id.push_back('_');
    id.append(suffix);
    id.push_back('_');
    id.append(std::to_string(index));
    return id;
}

}  // namespace lifeline::translate::detail
