#pragma once
// How long a provider asked us to wait, from every place providers put it. Exported on its
// own so the agent-output classifiers (Codex, Claude Code, Gemini CLI logs) can reuse it.
//
// Several hints in one answer: the first present wins, in this order
//   1. retry-after-ms            (most precise, sent by OpenAI/Azure)
//   2. retry-after               (seconds or HTTP date, standard)
//   3. provider-specific:        x-ratelimit-reset-{requests,tokens}, then
//                                anthropic-ratelimit-*-reset, then Gemini RetryInfo.retryDelay
//   4. "try again in 11.054s"    text in the message
// For a family of reset headers (OpenAI's two, Anthropic's four) the rule is: if any dimension
// is known exhausted (its remaining is 0), wait for the LATEST reset among the exhausted ones
// (every one of them must refill); otherwise wait for the EARLIEST non-zero reset.
// Negative waits (a date in the past) become 0.

#include <optional>
#include <string_view>

#include <lifeline/util/duration.hpp>
#include <lifeline/util/headers.hpp>
#include <lifeline/util/time.hpp>

namespace lifeline {

// "120" / "1.5" seconds, or an HTTP date relative to `now`. nullopt when unparsable.
std::optional<Duration> parse_retry_after(std::string_view value, SystemTime now);

// "1500" / "1500.5" milliseconds. nullopt when unparsable or negative.
std::optional<Duration> parse_retry_after_ms(std::string_view value);

// OpenAI's x-ratelimit-reset-* values: "6m0s", "1s", "20ms", "2m59.56s". Also accepts a bare
// number of seconds ("30"). nullopt when unparsable.
std::optional<Duration> parse_reset_duration(std::string_view value);

// Anthropic's anthropic-ratelimit-*-reset: an RFC 3339 time, relative to `now`.
std::optional<Duration> parse_reset_time(std::string_view value, SystemTime now);

// The first "try again in X", "retry in X", "retry after X" (X like "11.054s", "20ms",
// "6m0s", "6 seconds", "2 minutes") in free text, case-insensitive. nullopt when none.
std::optional<Duration> parse_try_again_text(std::string_view text);

// The wait the headers ask for, by the precedence above (steps 1-3 minus RetryInfo).
std::optional<Duration> wait_hint_from_headers(const Headers& headers, SystemTime now);

// Combines everything: headers first, then `retry_delay` (Gemini RetryInfo), then the text.
std::optional<Duration> choose_wait_hint(const Headers& headers, SystemTime now,
                                         std::optional<Duration> retry_delay,
                                         std::string_view message);

}  // namespace lifeline
