#include "claude_line.hpp"

#include <lifeline/util/time.hpp>

#include "json_fields.hpp"

namespace lifeline::budget {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

int digits(std::string_view text, std::size_t from, std::size_t count) {
    int value = 0;
    for (std::size_t i = 0; i < count; ++i)
        value = value * 10 + (text[from + i] - '0');
    return value;
}

bool optional_number(const object& obj, std::string_view key, int64_t& out) {
    element value;
    if (!field(obj, key, value))
        return true;
    if (!is_number(value))
        return false;
    out = to_count(value);
    return true;
}

// Optional non-empty string (ccusage's branded id schemas: minLength 1).
bool optional_id(const object& obj, std::string_view key, std::string_view& out) {
    element value;
    if (!field(obj, key, value))
        return true;
    if (value.type() != element_type::STRING)
        return false;
    out = value.get_string().value_unsafe();
    return !out.empty();
}

bool valid_version(std::string_view text) {
    // ^\d+\.\d+\.\d+ (a prefix match: "1.0.33-beta" passes).
    std::size_t i = 0;
    for (int part = 0; part < 3; ++part) {
        const std::size_t start = i;
        while (i < text.size() && is_digit(text[i]))
            ++i;
        if (i == start)
            return false;
        if (part < 2) {
            if (i >= text.size() || text[i] != '.')
                return false;
            ++i;
        }
    }
    return true;
}

// valibot's object() accepts any non-null object, arrays included.
bool is_object_like(const element& value) {
    return value.type() == element_type::OBJECT || value.type() == element_type::ARRAY;
}

bool valid_content(const element& content) {
    if (content.type() != element_type::ARRAY)
        return false;
    // Bind the array first: value_unsafe() on the temporary simdjson_result returns a reference
    // into it, and a range-for would iterate that reference after the temporary is gone.
    const simdjson::dom::array items = content.get_array().value_unsafe();
    for (const element item : items) {
        if (!is_object_like(item))
            return false;
        if (item.type() == element_type::OBJECT) {
            element text;
            if (field(item.get_object().value_unsafe(), "text", text) &&
                text.type() != element_type::STRING)
                return false;
        }
    }
    return true;
}

// Fills `entry` when `root` passes ccusage's usageDataSchema.
bool read_usage_entry(const object& root, ClaudeEntry& entry) {
    element value;
    if (!field(root, "timestamp", value) || value.type() != element_type::STRING)
        return false;
    const auto time = parse_claude_timestamp(value.get_string().value_unsafe());
    if (!time)
        return false;
    entry.time_ms = *time;

    element message_value;
    if (!field(root, "message", message_value) || message_value.type() != element_type::OBJECT)
        return false;
    const object message = message_value.get_object().value_unsafe();
    element usage_value;
    if (!field(message, "usage", usage_value) || usage_value.type() != element_type::OBJECT)
        return false;
    const object usage = usage_value.get_object().value_unsafe();
    element input;
    element output;
    if (!field(usage, "input_tokens", input) || !is_number(input) ||
        !field(usage, "output_tokens", output) || !is_number(output))
        return false;
    entry.tokens.uncached_input = to_count(input);
    entry.tokens.output = to_count(output);
    if (!optional_number(usage, "cache_creation_input_tokens", entry.tokens.cache_creation) ||
        !optional_number(usage, "cache_read_input_tokens", entry.tokens.cache_read))
        return false;
    if (!optional_id(message, "model", entry.model) ||
        !optional_id(message, "id", entry.message_id))
        return false;
    if (field(message, "content", value) && !valid_content(value))
        return false;

    if (field(root, "cwd", value) && value.type() != element_type::STRING)
        return false;
    if (!optional_id(root, "sessionId", entry.session_id) ||
        !optional_id(root, "requestId", entry.request_id))
        return false;
    if (field(root, "version", value) &&
        (value.type() != element_type::STRING || !valid_version(value.get_string().value_unsafe())))
        return false;
    if (field(root, "costUSD", value)) {
        if (!is_number(value))
            return false;
        entry.cost_usd = value.get_double().value_unsafe();
    }
    if (field(root, "isApiErrorMessage", value)) {
        if (value.type() != element_type::BOOL)
            return false;
        entry.api_error = value.get_bool().value_unsafe();
    }
    return true;
}

}  // namespace

std::optional<int64_t> parse_claude_timestamp(std::string_view t) {
    // ^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z$
    if (t.size() != 20 && t.size() != 24)
        return std::nullopt;
    static constexpr std::size_t k_digit_at[] = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};
    for (const std::size_t i : k_digit_at) {
        if (!is_digit(t[i]))
            return std::nullopt;
    }
    if (t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':' ||
        t.back() != 'Z')
        return std::nullopt;
    int millis = 0;
    if (t.size() == 24) {
        if (t[19] != '.' || !is_digit(t[20]) || !is_digit(t[21]) || !is_digit(t[22]))
            return std::nullopt;
        millis = digits(t, 20, 3);
    }
    const int month = digits(t, 5, 2);
    const int day = digits(t, 8, 2);
    // The schema is only a regex; JavaScript's Date then rolls odd values over. Real logs never
    // have them, so out-of-range fields are simply not counted as times here.
    if (month < 1 || month > 12 || day < 1 || day > 31)
        return std::nullopt;
    const int64_t days =
        days_from_civil(digits(t, 0, 4), static_cast<unsigned>(month), static_cast<unsigned>(day));
    const int64_t seconds =
        days * 86400 + digits(t, 11, 2) * 3600 + digits(t, 14, 2) * 60 + digits(t, 17, 2);
    return seconds * 1000 + millis;
}

std::optional<int64_t> parse_any_timestamp(std::string_view text) {
    if (auto fast = parse_claude_timestamp(text))
        return fast;
    auto parsed = parse_rfc3339(text);
    if (!parsed)
        return std::nullopt;
    return to_unix_ms(*parsed);
}

ClaudeLine parse_claude_line(simdjson::dom::parser& parser, std::string_view text) {
    ClaudeLine line;
    element root;
    const auto error = parser.parse(text.data(), text.size(), false).get(root);
    if (error != simdjson::SUCCESS) {
        line.kind = ClaudeLineKind::malformed;
        line.error = simdjson::error_message(error);
        return line;
    }
    if (root.type() != element_type::OBJECT)
        return line;
    const object obj = root.get_object().value_unsafe();
    element stamp;
    if (field(obj, "timestamp", stamp) && stamp.type() == element_type::STRING)
        line.timestamp_ms = parse_any_timestamp(stamp.get_string().value_unsafe());
    if (read_usage_entry(obj, line.entry))
        line.kind = ClaudeLineKind::usage;
    return line;
}

}  // namespace lifeline::budget
