#pragma once
// Non-throwing reads of JSON nobody vouches for: provider responses, the agents' output, API
// answers. A missing member, a member of another type, or text that is not JSON gives an empty
// result, never an exception.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace lifeline {

// The member `key` of an object; nullptr when `object` is not an object or has no such member.
const nlohmann::json* json_member(const nlohmann::json& object, std::string_view key);

// The number at `key` (a fraction is truncated, a number beyond int64 saturates); 0 when
// absent or not a number.
int64_t json_int(const nlohmann::json& object, std::string_view key);

// The string at `key`; "" when absent or not a string.
std::string json_string(const nlohmann::json& object, std::string_view key);

// `text` parsed; nullopt when it is not one JSON document.
std::optional<nlohmann::json> try_parse_json(std::string_view text);

}  // namespace lifeline
