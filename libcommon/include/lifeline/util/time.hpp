#pragma once
// Wall-clock times as text: RFC 3339 (status documents, Anthropic reset headers) and the
// HTTP date of Retry-After.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include <lifeline/util/result.hpp>

namespace lifeline {

using SystemTime = std::chrono::system_clock::time_point;
using SteadyTime = std::chrono::steady_clock::time_point;

// "2026-11-21T10:00:00Z"; with_millis adds ".123".
std::string format_rfc3339(SystemTime time, bool with_millis = false);

// Accepts "2026-11-21T10:00:00Z", fractions of any length, "t"/"z", and "+02:00" offsets.
// Errors with ErrorCode::invalid_input naming the text.
Result<SystemTime> parse_rfc3339(std::string_view text);

// Accepts the IMF-fixdate of RFC 9110 ("Sun, 06 Nov 1994 08:49:37 GMT") and the obsolete
// RFC 850 / asctime forms. Errors with ErrorCode::invalid_input.
Result<SystemTime> parse_http_date(std::string_view text);

// Days since 1970-01-01 of a proleptic Gregorian date (negative before it). The fields are
// not checked: month 1-12 and day 1-31 are the caller's to ensure.
int64_t days_from_civil(int64_t year, unsigned month, unsigned day);

// Milliseconds since the Unix epoch, and back. from_unix_ms saturates at SystemTime::min() and
// max() outside the range SystemTime holds (about the years 1678 to 2261).
int64_t to_unix_ms(SystemTime time);
SystemTime from_unix_ms(int64_t ms);

}  // namespace lifeline
