#include <limits>

#include <lifeline/util/json_fields.hpp>

namespace lifeline {
namespace {

constexpr double k_two_to_63 = 9223372036854775808.0;

}  // namespace

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
    if (field->is_number_float()) {
        // Converting a double beyond int64 (1e300) is undefined behaviour: saturate instead.
        const double value = field->get<double>();
        if (!(value > -k_two_to_63))
            return std::numeric_limits<int64_t>::min();
        if (value >= k_two_to_63)
            return std::numeric_limits<int64_t>::max();
        return static_cast<int64_t>(value);
    }
    if (field->is_number_unsigned() &&
        field->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
        return std::numeric_limits<int64_t>::max();
    return field->get<int64_t>();
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
