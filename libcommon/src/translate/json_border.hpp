#pragma once
// The one border between translate and nlohmann::json: parsing that reports instead of
// throwing, dumping that never throws (invalid UTF-8 is replaced), typed reads that answer
// "missing" instead of asserting, and errors that name the JSON path of the bad field.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include <lifeline/util/result.hpp>

namespace lifeline::translate::detail {

using Json = nlohmann::json;

// `body` parsed; ErrorCode::parse "<what>: not valid JSON" otherwise.
Result<Json> parse_json(std::string_view body, std::string_view what);

// Compact JSON text; never throws.
std::string dump_json(const Json& value);

// An error whose message reads "<path>: <message>" and whose key_path is `path`.
Error field_error(ErrorCode code, const std::string& path, const std::string& message);

// "path.key" / "path[index]".
std::string path_key(const std::string& path, std::string_view key);
std::string path_index(const std::string& path, size_t index);

// The member, or nullptr when `object` is not an object or lacks it.
const Json* member(const Json& object, std::string_view key);
// The string member; "" when missing or not a string.
std::string string_at(const Json& object, std::string_view key);
// The number member; nullopt when missing or not a number.
std::optional<double> number_at(const Json& object, std::string_view key);
std::optional<int64_t> int_at(const Json& object, std::string_view key);
// The boolean member; nullopt when missing or not a boolean.
std::optional<bool> bool_at(const Json& object, std::string_view key);
// The member as compact JSON text; "" when missing.
std::string text_at(const Json& object, std::string_view key);

// `text` as JSON when it is one JSON object; an empty object otherwise (`ok` tells which).
Json object_from_text(std::string_view text, bool* ok = nullptr);

}  // namespace lifeline::translate::detail
