#include <lifeline/util/json_fields.hpp>

namespace lifeline {

const nlohmann::json* json_member(const nlohmann::json& object, std::string_view key) {
    if (!object.is_object())
        return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

int64_t json_int(const nlohmann::json& object, std::string_view key) {
    const nlohmann::json* field = json_member(object, key);
    if (field == nullptr || !field->is_number())
        return 0;
    return field->is_number_float() ? static_cast<int64_t>(field->get<double>())
                                    : field->get<int64_t>();
}

std::string json_string(const nlohmann::json& object, std::string_view key) {
    const nlohmann::json* field = json_member(object, key);
    return field != nullptr && field->is_string() ? field->get<std::string>() : std::string();
}

std::optional<nlohmann::json> try_parse_json(std::string_view text) {
    nlohmann::json value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded())
        return std::nullopt;
    return value;
}

}  // namespace lifeline
