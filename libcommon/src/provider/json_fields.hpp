#pragma once
// Parsing helpers of the response and stream readers; field access is util/json_fields.hpp.

#include <string>

#include <nlohmann/json.hpp>

#include <lifeline/util/json_fields.hpp>

namespace lifeline::provider::detail {

using nlohmann::json;

// Parses `text` as JSON without throwing; a discarded value when it is not JSON.
inline json parse_json(std::string_view text) {
    return json::parse(text.begin(), text.end(), nullptr, false);
}

// True when `arguments` is a JSON object (what every tool call's arguments must be).
inline bool is_json_object_text(std::string_view arguments) {
    const json parsed = parse_json(arguments);
    return !parsed.is_discarded() && parsed.is_object();
}

}  // namespace lifeline::provider::detail
