#pragma once
// Small string helpers with no knowledge of lifeline's domain.

#include <string>
#include <string_view>
#include <vector>

namespace lifeline {

// Removes ASCII whitespace from both ends.
std::string_view trim(std::string_view text);

// Splits on every `separator`; empty parts are kept ("a,,b" -> {"a", "", "b"}).
std::vector<std::string> split(std::string_view text, char separator);

// Splits a comma-separated flag value, trimming parts and dropping empty ones.
std::vector<std::string> split_list(std::string_view text);

std::string join(const std::vector<std::string>& parts, std::string_view separator);

std::string to_lower(std::string_view text);

// ASCII case-insensitive comparisons.
bool iequals(std::string_view a, std::string_view b);
bool icontains(std::string_view haystack, std::string_view needle);

// Levenshtein distance, for "did you mean" suggestions.
size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` when it is close enough to be a plausible typo
// (distance <= max(2, len/3)); empty when none is.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace lifeline
