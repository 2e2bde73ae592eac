#include "json_border.hpp"

namespace lifeline::translate::detail {

Result<Json> parse_json(std::string_view body, std::string_view what) {
    Json value = Json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded())
        return fail(ErrorCode::parse, std::string(what) + ": not valid JSON");
    return value;
}

std::string dump_json(const Json& value) {
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Error field_error(ErrorCode code, const std::string& path, const std::string& message) {
    Error error = make_error(code, path.empty() ? message : path + ": " + message);
    error.key_path = path;
    return error;
}

std::string path_key(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string path_index(const std::string& path, size_t index) {
    return path + "[" + std::to_string(index) + "]";
}

const Json* member(const Json& object, std::string_view key) {
    if (!object.is_object())
        return nullptr;
    auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

std::string string_at(const Json& object, std::string_view key) {
    const Json* value = member(object, key);
    return value != nullptr && value->is_string() ? value->get_ref<const std::string&>()
                                                  : std::string();
}

std::optional<double> number_at(const Json& object, std::string_view key) {
    const Json* value = member(object, key);
    if (value == nullptr || !value->is_number())
        return std::nullopt;
    return value->get<double>();
}

std::optional<int64_t> int_at(const Json& object, std::string_view key) {
    const Json* value = member(object, key);
    if (value == nullptr || !value->is_number())
        return std::nullopt;
    if (value->is_number_float())
        return static_cast<int64_t>(value->get<double>());
    if (value->is_number_unsigned())
        return static_cast<int64_t>(value->get<uint64_t>());
    return value->get<int64_t>();
}

std::optional<bool> bool_at(const Json& object, std::string_view key) {
    const Json* value = member(object, key);
    if (value == nullptr || !value->is_boolean())
        return std::nullopt;
    return value->get<bool>();
}

std::string text_at(const Json& object, std::string_view key) {
    const Json* value = member(object, key);
    return value == nullptr ? std::string() : dump_json(*value);
}

Json object_from_text(std::string_view text, bool* ok) {
    Json value = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    bool is_object = !value.is_discarded() && value.is_object();
    if (ok != nullptr)
        *ok = is_object;
    return is_object ? value : Json::object();
}

}  // namespace lifeline::translate::detail
