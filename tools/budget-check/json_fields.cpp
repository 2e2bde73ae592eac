#include "json_fields.hpp"

#include <cmath>

namespace lifeline::budget {

using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

bool field(const object& obj, std::string_view key, element& out) {
    return obj.at_key(key).get(out) == simdjson::SUCCESS;
}

bool is_number(const element& value) {
    const auto type = value.type();
    return type == element_type::INT64 || type == element_type::UINT64 ||
           type == element_type::DOUBLE;
}

int64_t to_count(const element& value) {
    switch (value.type()) {
        case element_type::INT64:
            return value.get_int64().value_unsafe();
        case element_type::UINT64:
            return static_cast<int64_t>(value.get_uint64().value_unsafe());
        default:
            return std::llround(value.get_double().value_unsafe());
    }
}

int64_t count_of(const object& obj, std::string_view key) {
    element value;
    if (!field(obj, key, value) || !is_number(value))
        return 0;
    return to_count(value);
}

std::string_view string_of(const object& obj, std::string_view key) {
    element value;
    if (!field(obj, key, value) || value.type() != element_type::STRING)
        return {};
    return value.get_string().value_unsafe();
}

std::optional<object> object_of(const object& obj, std::string_view key) {
    element value;
    if (!field(obj, key, value) || value.type() != element_type::OBJECT)
        return std::nullopt;
    return value.get_object().value_unsafe();
}

}  // namespace lifeline::budget
