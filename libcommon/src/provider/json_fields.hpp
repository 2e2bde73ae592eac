#pragma once
// Non-throwing field access into provider JSON (shared by the response and stream readers).

#include <string>

#include <nlohmann/json.hpp>

namespace lifeline::provider::detail {

using nlohmann::json;

// The member `key` of an object, or nullptr when `value` is not an object or lacks it.
inline const json* member(const json& value, const char* key) {
    if (!value.is_object())
        return nullptr;
    const auto it = value.find(key);
    return it == value.end() ? nullptr : &*it;
}

inline int64_t int_member(const json& value, const char* key) {
    const json* field = member(value, key);
    return field != nullptr && field->is_number() ? field->get<int64_t>() : 0;
}

inline std::string string_member(const json& value, const char* key) {
    const json* field = member(value, key);
    return field != nullptr && field->is_string() ? field->get<std::string>() : std::string();
}

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
