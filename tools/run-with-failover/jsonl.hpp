#pragma once
// Reading the JSON an agent prints: one document, or JSON Lines mixed with plain text. The one
// border where nlohmann::json's exceptions are caught for the adapters.

#include <functional>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace run_with_failover {

// The JSON value `text` holds, or nullopt when it is not (exactly) one JSON document.
std::optional<nlohmann::json> parse_json(std::string_view text);

// Calls `on_object` for every line of `text` that is a JSON object; other lines are skipped.
void for_each_json_line(std::string_view text,
                        const std::function<void(const nlohmann::json&)>& on_object);

// json[key] as an integer, 0 when absent or not a number.
int64_t json_int(const nlohmann::json& json, const char* key);
// json[key] as a string, "" when absent or not a string.
std::string json_string(const nlohmann::json& json, const char* key);

}  // namespace run_with_failover
