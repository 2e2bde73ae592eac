#pragma once
// Durations as people write them in config and as providers send them in headers.

#include <chrono>
#include <string>
#include <string_view>

#include <lifeline/util/result.hpp>

namespace lifeline {

// lifeline measures every duration in whole milliseconds.
using Duration = std::chrono::milliseconds;

// Parses Go-style durations: one or more <number><unit> parts, unit one of ms, s, m, h
// (also "us"/"µs" rounded up to 1ms granularity is NOT accepted: too fine to matter).
// Examples: "250ms", "1.5s", "6m0s", "55m", "1h30m", "11.054s", "0s".
// Errors (ErrorCode::invalid_input): empty text, a number without a unit, an unknown unit,
// a negative value, or a value that overflows.
Result<Duration> parse_duration(std::string_view text);

// Prints like Go's time.Duration.String(), at millisecond precision:
// 0 -> "0s", 250ms -> "250ms", 1500ms -> "1.5s", 360000ms -> "6m0s", 5400000ms -> "1h30m0s".
std::string format_duration(Duration duration);

}  // namespace lifeline
