#include "json_reader.hpp"

namespace lifeline::translate::detail {

using simdjson::dom::element_type;

JsonView JsonElements::iterator::operator*() const {
    return JsonView(*m_at);
}

std::pair<std::string_view, JsonView> JsonMembers::iterator::operator*() const {
    simdjson::dom::key_value_pair pair = *m_at;
    return {pair.key, JsonView(pair.value)};
}

bool JsonView::is_number() const {
    if (!m_present)
        return false;
    element_type type = m_element.type();
    return type == element_type::INT64 || type == element_type::UINT64 ||
           type == element_type::DOUBLE;
}

std::string_view JsonView::str() const {
    std::string_view out;
    if (!m_present || m_element.get(out) != simdjson::SUCCESS)
        return {};
    return out;
}

std::optional<double> JsonView::number() const {
    if (!m_present)
        return std::nullopt;
    switch (m_element.type()) {
        case element_type::INT64:
            return static_cast<double>(int64_t(m_element));
        case element_type::UINT64:
            return static_cast<double>(uint64_t(m_element));
        case element_type::DOUBLE:
            return double(m_element);
        default:
            return std::nullopt;
    }
}

std::optional<int64_t> JsonView::integer() const {
    if (!m_present)
        return std::nullopt;
    switch (m_element.type()) {
        case element_type::INT64:
            return int64_t(m_element);
        case element_type::UINT64:
            return static_cast<int64_t>(uint64_t(m_element));
        case element_type::DOUBLE:
            return static_cast<int64_t>(double(m_element));
        default:
            return std::nullopt;
    }
}

std::optional<bool> JsonView::boolean() const {
    bool out = false;
    if (!m_present || m_element.get(out) != simdjson::SUCCESS)
        return std::nullopt;
    return out;
}

JsonView JsonView::operator[](std::string_view key) const {
    simdjson::dom::object object;
    simdjson::dom::element value;
    if (!m_present || m_element.get(object) != simdjson::SUCCESS ||
        object.at_key(key).get(value) != simdjson::SUCCESS)
        return {};
    return JsonView(value);
}

size_t JsonView::size() const {
    simdjson::dom::array array;
    if (m_present && m_element.get(array) == simdjson::SUCCESS)
        return array.size();
    simdjson::dom::object object;
    if (m_present && m_element.get(object) == simdjson::SUCCESS)
        return object.size();
    return 0;
}

JsonView JsonView::at(size_t index) const {
    simdjson::dom::array array;
    simdjson::dom::element value;
    if (!m_present || m_element.get(array) != simdjson::SUCCESS ||
        array.at(index).get(value) != simdjson::SUCCESS)
        return {};
    return JsonView(value);
}

JsonElements JsonView::elements() const {
    simdjson::dom::array array;
    if (!m_present || m_element.get(array) != simdjson::SUCCESS)
        return {};
    return JsonElements(array);
}

JsonMembers JsonView::members() const {
    simdjson::dom::object object;
    if (!m_present || m_element.get(object) != simdjson::SUCCESS)
        return {};
    return JsonMembers(object);
}

std::string JsonView::text() const {
    return m_present ? simdjson::minify(m_element) : std::string();
}

Result<JsonView> JsonDocument::parse(std::string_view body, std::string_view what) {
    simdjson::dom::element root;
    // An empty view may have no buffer at all, which simdjson's copy must not be given.
    if (body.empty() ||
        m_parser.parse(body.data(), body.size(), /*realloc_if_needed=*/true).get(root) !=
            simdjson::SUCCESS)
        return fail(ErrorCode::parse, std::string(what) + ": not valid JSON");
    return JsonView(root);
}

JsonView member(JsonView object, std::string_view key) {
    return object[key];
}

std::string string_at(JsonView object, std::string_view key) {
    return std::string(object[key].str());
}

std::optional<double> number_at(JsonView object, std::string_view key) {
    return object[key].number();
}

std::optional<int64_t> int_at(JsonView object, std::string_view key) {
    return object[key].integer();
}

std::optional<bool> bool_at(JsonView object, std::string_view key) {
    return object[key].boolean();
}

std::string text_at(JsonView object, std::string_view key) {
    return object[key].text();
}

bool is_json_object(std::string_view text) {
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element root;
    return !text.empty() &&
           parser.parse(text.data(), text.size(), /*realloc_if_needed=*/true).get(root) ==
               simdjson::SUCCESS &&
           root.type() == element_type::OBJECT;
}

}  // namespace lifeline::translate::detail
