#pragma once
// Token usage on the project's one definition (the same fields as lifeline::provider::Usage).

#include <cstdint>

namespace lifeline::translate {

// input_tokens INCLUDES cache reads and cache writes; output_tokens includes reasoning tokens.
// Anthropic reports input_tokens without cache reads/writes: its decoders add them and its
// encoders subtract them. Gemini reports thoughts apart from candidates: they are added.
struct Usage {
    int64_t input_tokens = 0;
    int64_t output_tokens = 0;
    int64_t cached_input_tokens = 0;    // served from a prompt cache (cache reads)
    int64_t cache_creation_tokens = 0;  // written to a prompt cache (Anthropic cache writes)
    int64_t reasoning_tokens = 0;

    int64_t total_tokens() const { return input_tokens + output_tokens; }
    bool operator==(const Usage&) const = default;
};

}  // namespace lifeline::translate
