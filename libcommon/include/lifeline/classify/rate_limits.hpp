#pragma once
// A snapshot of the rate-limit headers a provider sends on every answer (success included),
// for probe-endpoint to report and for pick-provider to prefer candidates with headroom.

#include <cstdint>
#include <optional>

#include <lifeline/util/duration.hpp>
#include <lifeline/util/headers.hpp>
#include <lifeline/util/time.hpp>

namespace lifeline {

struct RateLimitInfo {
    std::optional<int64_t> limit_requests;
    std::optional<int64_t> remaining_requests;
    std::optional<int64_t> limit_tokens;
    std::optional<int64_t> remaining_tokens;
    // Time until each dimension refills, relative to the `now` given to extract_rate_limits.
    std::optional<Duration> reset_requests;
    std::optional<Duration> reset_tokens;
    // The wait that matters, by the rule of wait_hint.hpp: the latest reset among exhausted
    // dimensions, else the earliest non-zero one. nullopt when no reset header was present.
    std::optional<Duration> reset;

    // True when no rate-limit header at all was found.
    bool empty() const;
};

// Reads OpenAI/Azure x-ratelimit-{limit,remaining,reset}-{requests,tokens},
// Anthropic
// anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{limit,remaining,reset} (tokens
// falls back to input-tokens), and OpenRouter's x-ratelimit-{limit,remaining,reset} (reset in Unix
// milliseconds, counted as requests). Unparsable values are left unset.
RateLimitInfo extract_rate_limits(const Headers& headers, SystemTime now);

}  // namespace lifeline
