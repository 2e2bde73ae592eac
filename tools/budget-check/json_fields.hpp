#pragma once
// Non-throwing reads of simdjson DOM fields, shared by the Claude, Codex and Gemini log readers:
// a field that is absent or of another type reads as "not there", never as an error.

#include <cstdint>
#include <optional>
#include <string_view>

#include <simdjson.h>

namespace lifeline::budget {

// True when `obj` has `key`; its value is then in `out`.
bool field(const simdjson::dom::object& obj, std::string_view key, simdjson::dom::element& out);

// True for JSON numbers (integer or floating point).
bool is_number(const simdjson::dom::element& value);

// A number as a token count: integers as they are, a fraction rounded (ccusage sums JavaScript
// numbers). `value` must be a number (is_number).
int64_t to_count(const simdjson::dom::element& value);

// The count in `obj[key]`; 0 when it is absent or not a number.
int64_t count_of(const simdjson::dom::object& obj, std::string_view key);

// The string in `obj[key]`; "" when it is absent or not a string. Views the parser's memory.
std::string_view string_of(const simdjson::dom::object& obj, std::string_view key);

// The object in `obj[key]`; nullopt when it is absent or not an object (null included).
std::optional<simdjson::dom::object> object_of(const simdjson::dom::object& obj,
                                               std::string_view key);

}  // namespace lifeline::budget
