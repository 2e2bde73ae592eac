#include <cmath>
#include <cstdint>
#include <limits>

#include <lifeline/util/duration.hpp>

namespace lifeline {
namespace {

// Milliseconds per unit, or 0 when the unit is unknown.
double unit_to_ms(std::string_view unit) {
    if (unit == "ms")
        return 1.0;
    if (unit == "s")
        return 1000.0;
    if (unit == "m")
        return 60'000.0;
    if (unit == "h")
        return 3'600'000.0;
    return 0.0;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

Failure<Error> bad_duration(std::string_view text, const std::string& why) {
    return fail(ErrorCode::invalid_input, "invalid duration \"" + std::string(text) + "\": " + why +
                                              " (examples: 250ms, 1.5s, 6m0s, 55m, 1h30m)");
}

}  // namespace

Result<Duration> parse_duration(std::string_view text) {
    if (text.empty()) {
        return bad_duration(text, "empty");
    }
    if (text == "0") {
        return Duration{0};
    }
    double total_ms = 0.0;
    size_t pos = 0;
    while (pos < text.size()) {
        const size_t number_start = pos;
        bool seen_dot = false;
        while (pos < text.size() && (is_digit(text[pos]) || (text[pos] == '.' && !seen_dot))) {
            seen_dot = seen_dot || text[pos] == '.';
            ++pos;
        }
        const std::string_view number = text.substr(number_start, pos - number_start);
        if (number.empty() || number == ".") {
            return bad_duration(text, text[number_start] == '-'
                                          ? "negative durations are not allowed"
                                          : "expected a number");
        }
        const size_t unit_start = pos;
        while (pos < text.size() && !is_digit(text[pos]) && text[pos] != '.') {
            ++pos;
        }
        const std::string_view unit = text.substr(unit_start, pos - unit_start);
        if (unit.empty()) {
            return bad_duration(text, "missing unit after " + std::string(number));
        }
        const double factor = unit_to_ms(unit);
        if (factor == 0.0) {
            return bad_duration(text, "unknown unit \"" + std::string(unit) + "\"");
        }
        total_ms += std::stod(std::string(number)) * factor;
    }
    if (!std::isfinite(total_ms) ||
        total_ms > static_cast<double>(std::numeric_limits<int64_t>::max() / 2)) {
        return bad_duration(text, "too large");
    }
    return Duration{static_cast<int64_t>(std::llround(total_ms))};
}

std::string format_duration(Duration duration) {
    int64_t ms = duration.count();
    std::string sign;
    if (ms < 0) {
        sign = "-";
        ms = -ms;
    }
    if (ms == 0) {
        return "0s";
    }
    if (ms < 1000) {
        return sign + std::to_string(ms) + "ms";
    }
    const int64_t hours = ms / 3'600'000;
    const int64_t minutes = (ms / 60'000) % 60;
    const int64_t whole_seconds = (ms / 1000) % 60;
    const int64_t fraction_ms = ms % 1000;

    std::string seconds = std::to_string(whole_seconds);
    if (fraction_ms != 0) {
        std::string fraction = std::to_string(fraction_ms);
        fraction.insert(0, 3 - fraction.size(), '0');
        while (!fraction.empty() && fraction.back() == '0') {
            fraction.pop_back();
        }
        seconds += "." + fraction;
    }
    std::string out = sign;
    if (hours > 0) {
        out += std::to_string(hours) + "h";
    }
    if (hours > 0 || minutes > 0) {
        out += std::to_string(minutes) + "m";
    }
    return out + seconds + "s";
}

}  // namespace lifeline
