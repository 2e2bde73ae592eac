#pragma once
// One line of a Claude Code project log (~/.claude/projects/<project>/<session>.jsonl), read
// with exactly the rules of ccusage 17 (its usageDataSchema), so token totals agree with it:
//   - the line must be valid JSON (a line that is not counts as malformed);
//   - `timestamp` must be a string like 2025-06-01T10:00:00Z or ...:00.123Z;
//   - `message.usage.input_tokens` and `.output_tokens` must be numbers; the cache counts, when
//     present, must be numbers too (null is not accepted: such a line is not counted);
//   - optional fields, when present, must have their type: message.model / message.id /
//     sessionId / requestId non-empty strings, version "N.N.N...", cwd a string, costUSD a
//     number, isApiErrorMessage a boolean, message.content a list of objects whose `text`, if
//     any, is a string.
// Lines that pass carry a de-duplication key "<message.id>:<requestId>" when both exist.

#include <cstdint>
#include <optional>
#include <string_view>

#include <simdjson.h>

#include "usage.hpp"

namespace lifeline::budget {

struct ClaudeEntry {
    int64_t time_ms = 0;
    std::string_view model;       // "" when absent
    std::string_view message_id;  // "" when absent
    std::string_view request_id;  // "" when absent
    std::string_view session_id;  // "" when absent
    TokenCounts tokens;
    std::optional<double> cost_usd;  // costUSD
    bool api_error = false;
};

enum class ClaudeLineKind {
    usage,      // a usage entry ccusage counts (entry is filled)
    other,      // valid JSON that carries no countable usage (user turns, summaries, ...)
    malformed,  // not JSON
};

struct ClaudeLine {
    ClaudeLineKind kind = ClaudeLineKind::other;
    ClaudeEntry entry;
    // The line's `timestamp` when it is a parseable time, usage or not (ccusage orders files
    // by their earliest one, which decides which copy of a duplicate is kept).
    std::optional<int64_t> timestamp_ms;
    const char* error = nullptr;  // malformed: simdjson's reason
};

// Parses `text`, which must be followed by at least SIMDJSON_PADDING readable bytes. Views in
// the result point into the parser's memory and stay valid until its next parse.
ClaudeLine parse_claude_line(simdjson::dom::parser& parser, std::string_view text);

// "2025-06-01T10:00:00Z" / "...:00.123Z" to Unix ms (ccusage's isoTimestampSchema);
// nullopt for anything else.
std::optional<int64_t> parse_claude_timestamp(std::string_view text);

// A looser reading (any RFC 3339 time) used only to order files.
std::optional<int64_t> parse_any_timestamp(std::string_view text);

}  // namespace lifeline::budget
