#include "json_writer.hpp"

#include <charconv>
#include <cmath>

#include <simdjson.h>

namespace lifeline::translate::detail {

namespace {

// Appends `text`, known to be valid UTF-8, escaped, without the quotes.
void append_escaped(std::string& out, std::string_view text) {
    static constexpr char k_hex[] = "0123456789abcdef";
    size_t run = 0;  // start of the current run of bytes that need no escaping
    for (size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(text.substr(run, i - run));
        run = i + 1;
        switch (c) {
            case '"':
                out.append("\\\"");
                break;
            case '\\':
                out.append("\\\\");
                break;
            case '\n':
                out.append("\\n");
                break;
            case '\r':
                out.append("\\r");
                break;
            case '\t':
                out.append("\\t");
                break;
            case '\b':
                out.append("\\b");
                break;
            case '\f':
                out.append("\\f");
                break;
            default:
                out.append("\\u00");
                out.push_back(k_hex[c >> 4]);
                out.push_back(k_hex[c & 0xF]);
        }
    }
    out.append(text.substr(run));
}

// The length of the valid UTF-8 sequence starting at text[i]; 0 when it is not one.
size_t utf8_sequence(std::string_view text, size_t i) {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char lead = byte(i);
    size_t length = lead < 0x80           ? 1
                    : (lead >> 5) == 0x6  ? 2
                    : (lead >> 4) == 0xE  ? 3
                    : (lead >> 3) == 0x1E ? 4
                                          : 0;
    if (length == 0 || i + length > text.size())
        return 0;
    for (size_t k = 1; k < length; ++k)
        if ((byte(i + k) & 0xC0) != 0x80)
            return 0;
    return simdjson::validate_utf8(text.data() + i, length) ? length : 0;
}

// `text` with every byte that does not start a valid UTF-8 sequence replaced by U+FFFD.
std::string replace_invalid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    for (size_t i = 0; i < text.size();) {
        size_t length = utf8_sequence(text, i);
        if (length == 0) {
            out.append("\xEF\xBF\xBD");
            ++i;
        } else {
            out.append(text.substr(i, length));
            i += length;
        }
    }
    return out;
}

}  // namespace

void append_quoted(std::string& out, std::string_view text) {
    out.push_back('"');
    if (text.empty() || simdjson::validate_utf8(text.data(), text.size()))
        append_escaped(out, text);
    else
        append_escaped(out, replace_invalid_utf8(text));
    out.push_back('"');
}

JsonWriter& JsonWriter::begin_object() {
    separate();
    m_out.push_back('{');
    m_need_comma = false;
    return *this;
}

JsonWriter& JsonWriter::end_object() {
    m_out.push_back('}');
    m_need_comma = true;
    return *this;
}

JsonWriter& JsonWriter::begin_array() {
    separate();
    m_out.push_back('[');
    m_need_comma = false;
    return *this;
}

JsonWriter& JsonWriter::end_array() {
    m_out.push_back(']');
    m_need_comma = true;
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
    separate();
    append_quoted(m_out, name);
    m_out.push_back(':');
    m_need_comma = false;
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
    separate();
    append_quoted(m_out, text);
    return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
    separate();
    m_out.append(flag ? "true" : "false");
    return *this;
}

JsonWriter& JsonWriter::value(const std::vector<std::string>& texts) {
    begin_array();
    for (const std::string& text : texts)
        value(text);
    return end_array();
}

JsonWriter& JsonWriter::value(double number) {
    if (!std::isfinite(number))
        return null();
    separate();
    char buffer[32];
    auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, number);
    m_out.append(buffer, error == std::errc() ? end : buffer);
    return *this;
}

JsonWriter& JsonWriter::integer(int64_t number) {
    separate();
    char buffer[24];
    auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, number);
    m_out.append(buffer, error == std::errc() ? end : buffer);
    return *this;
}

JsonWriter& JsonWriter::null() {
    separate();
    m_out.append("null");
    return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
    separate();
    m_out.append(json);
    return *this;
}

}  // namespace lifeline::translate::detail
