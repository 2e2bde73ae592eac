#pragma once
// Reading the JSON an agent prints: one document, or JSON Lines mixed with plain text. Field
// access never throws (util/json_fields.hpp).

#include <functional>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include <lifeline/util/json_fields.hpp>

namespace run_with_failover {

using lifeline::json_int;
using lifeline::json_string;
using lifeline::try_parse_json;

// Calls `on_object` for every line of `text` that is a JSON object; other lines are skipped.
void for_each_json_line(std::string_view text,
                        const std::function<void(const nlohmann::json&)>& on_object);

}  // namespace run_with_failover
