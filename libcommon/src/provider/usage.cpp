#include <lifeline/provider/usage_json.hpp>

#include "json_fields.hpp"

namespace lifeline::provider {

using detail::json;

std::optional<Usage> chat_usage(const json& usage) {
    if (!usage.is_object())
        return std::nullopt;
    Usage out;
    out.input_tokens = json_int(usage, "prompt_tokens");
    out.output_tokens = json_int(usage, "completion_tokens");
    if (const json* details = json_member(usage, "prompt_tokens_details")) {
        out.cached_input_tokens = json_int(*details, "cached_tokens");
    }
    if (const json* details = json_member(usage, "completion_tokens_details")) {
        out.reasoning_tokens = json_int(*details, "reasoning_tokens");
    }
    return out;
}

std::optional<Usage> responses_usage(const json& usage) {
    if (!usage.is_object())
        return std::nullopt;
    Usage out;
    out.input_tokens = json_int(usage, "input_tokens");
    out.output_tokens = json_int(usage, "output_tokens");
    if (const json* details = json_member(usage, "input_tokens_details")) {
        out.cached_input_tokens = json_int(*details, "cached_tokens");
    }
    if (const json* details = json_member(usage, "output_tokens_details")) {
        out.reasoning_tokens = json_int(*details, "reasoning_tokens");
    }
    return out;
}

std::optional<Usage> anthropic_usage(const json& usage) {
    if (!usage.is_object())
        return std::nullopt;
    Usage out;
    out.cached_input_tokens = json_int(usage, "cache_read_input_tokens");
    out.cache_creation_tokens = json_int(usage, "cache_creation_input_tokens");
    out.input_tokens =
        json_int(usage, "input_tokens") + out.cached_input_tokens + out.cache_creation_tokens;
    out.output_tokens = json_int(usage, "output_tokens");
    return out;
}

std::optional<Usage> gemini_usage(const json& usage_metadata) {
    if (!usage_metadata.is_object())
        return std::nullopt;
    Usage out;
    out.input_tokens = json_int(usage_metadata, "promptTokenCount");
    out.reasoning_tokens = json_int(usage_metadata, "thoughtsTokenCount");
    // Gemini bills thinking tokens as output.
    out.output_tokens = json_int(usage_metadata, "candidatesTokenCount") + out.reasoning_tokens;
    out.cached_input_tokens = json_int(usage_metadata, "cachedContentTokenCount");
    return out;
}

}  // namespace lifeline::provider
