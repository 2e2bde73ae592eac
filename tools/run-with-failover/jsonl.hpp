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

// The last JSON object in `text` that starts at the beginning of a line (or after a "[ERROR] "
// prefix) and runs to the end of the text, pretty-printed over many lines or not: what Gemini CLI
// prints on stderr after its log lines and stack traces. nullopt when there is none.
std::optional<nlohmann::json> last_json_object(std::string_view text);

}  // namespace run_with_failover
