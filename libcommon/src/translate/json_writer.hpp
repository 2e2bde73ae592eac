#pragma once
// Writing wire JSON fast: compact JSON appended to a string while an encoder walks its model,
// with the commas placed by the writer. Every string is checked as UTF-8 and its invalid bytes
// become U+FFFD (what dump_json does), so the output is always valid JSON; raw() splices text
// the caller knows to be one valid JSON value (e.g. a schema checked with is_json_object).
//
// The caller keeps the nesting right: begin/end pairs, and inside an object key() before each
// value.

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lifeline::translate::detail {

class JsonWriter {
  public:
    explicit JsonWriter(std::string& out) : m_out(out) {}

    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view name);

    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
    JsonWriter& value(bool flag);
    JsonWriter& value(const std::vector<std::string>& texts);  // an array of strings
    JsonWriter& value(double number);  // NaN and infinities are written as null
    template <std::integral T>
    requires(!std::same_as<T, bool>) JsonWriter& value(T number) {
        return integer(static_cast<int64_t>(number));
    }
    JsonWriter& null();
    JsonWriter& raw(std::string_view json);

    // key(name) then the value.
    template <class T>
    JsonWriter& field(std::string_view name, const T& value_of_field) {
        key(name);
        return value(value_of_field);
    }
    JsonWriter& raw_field(std::string_view name, std::string_view json) {
        key(name);
        return raw(json);
    }

  private:
    JsonWriter& integer(int64_t number);
    // A comma when a value or key follows another in the same container.
    void separate() {
        if (m_need_comma)
            m_out.push_back(',');
        m_need_comma = true;
    }

    std::string& m_out;
    bool m_need_comma = false;
};

// Appends `text` as a JSON string literal (quotes included) to `out`; invalid UTF-8 bytes
// become U+FFFD.
void append_quoted(std::string& out, std::string_view text);

}  // namespace lifeline::translate::detail
