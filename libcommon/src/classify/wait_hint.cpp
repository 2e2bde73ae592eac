#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <string>
#include <vector>

#include <lifeline/classify/wait_hint.hpp>
#include <lifeline/util/strings.hpp>

namespace lifeline {
namespace {

// Anything beyond a day is not a retry hint but a broken header; cap so arithmetic stays sane.
constexpr double k_max_wait_ms = 24.0 * 3600.0 * 1000.0;

// A plain non-negative decimal ("12", "1.5"); nullopt for anything else.
std::optional<double> parse_decimal(std::string_view text) {
    text = trim(text);
    if (text.empty()) {
        return std::nullopt;
    }
    bool seen_digit = false;
    bool seen_dot = false;
    for (const char c : text) {
        if (c >= '0' && c <= '9') {
            seen_digit = true;
        } else if (c == '.' && !seen_dot) {
            seen_dot = true;
        } else {
            return std::nullopt;
        }
    }
    if (!seen_digit) {
        return std::nullopt;
    }
    return std::stod(std::string(text));
}

Duration from_ms(double ms) {
    return Duration{static_cast<int64_t>(std::llround(std::min(ms, k_max_wait_ms)))};
}

Duration non_negative(Duration d) {
    return d.count() < 0 ? Duration{0} : d;
}

// Reset hint of one dimension with whether that dimension is known to be exhausted.
struct DimensionReset {
    Duration wait;
    bool exhausted;
};

// The rule documented in wait_hint.hpp for a family of reset headers.
std::optional<Duration> pick_reset(const std::vector<DimensionReset>& resets) {
    std::optional<Duration> latest_exhausted;
    std::optional<Duration> earliest_nonzero;
    for (const DimensionReset& r : resets) {
        if (r.exhausted && (!latest_exhausted || r.wait > *latest_exhausted)) {
            latest_exhausted = r.wait;
        }
        if (r.wait.count() > 0 && (!earliest_nonzero || r.wait < *earliest_nonzero)) {
            earliest_nonzero = r.wait;
        }
    }
    if (latest_exhausted) {
        return latest_exhausted;
    }
    if (earliest_nonzero) {
        return earliest_nonzero;
    }
    // Every reset is 0: the limit refills right now.
    return resets.empty() ? std::nullopt : std::optional<Duration>{Duration{0}};
}

bool remaining_is_zero(const Headers& headers, const std::string& name) {
    const auto value = find_header(headers, name);
    return value && *value == "0";
}

std::optional<Duration> openai_reset(const Headers& headers) {
    std::vector<DimensionReset> resets;
    for (const char* dimension : {"requests", "tokens"}) {
        const std::string suffix = dimension;
        const auto value = find_header(headers, "x-ratelimit-reset-" + suffix);
        if (!value) {
            continue;
        }
        if (const auto wait = parse_reset_duration(*value)) {
            resets.push_back(
                {*wait, remaining_is_zero(headers, "x-ratelimit-remaining-" + suffix)});
        }
    }
    return pick_reset(resets);
}

std::optional<Duration> anthropic_reset(const Headers& headers, SystemTime now) {
    std::vector<DimensionReset> resets;
    for (const char* dimension : {"requests", "tokens", "input-tokens", "output-tokens"}) {
        const std::string prefix = std::string("anthropic-ratelimit-") + dimension;
        const auto value = find_header(headers, prefix + "-reset");
        if (!value) {
            continue;
        }
        if (const auto wait = parse_reset_time(*value, now)) {
            resets.push_back({*wait, remaining_is_zero(headers, prefix + "-remaining")});
        }
    }
    return pick_reset(resets);
}

// Maps a spelled-out unit ("seconds", "sec", "ms", "minutes") to a parse_duration unit.
std::string_view unit_word(std::string_view word) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> k_units = {{
        {"ms", "ms"},
        {"millisecond", "ms"},
        {"milliseconds", "ms"},
        {"s", "s"},
        {"sec", "s"},
        {"secs", "s"},
        {"second", "s"},
        {"seconds", "s"},
        {"min", "m"},
        {"mins", "m"},
        {"minute", "m"},
        {"minutes", "m"},
    }};
    for (const auto& [spelled, unit] : k_units) {
        if (iequals(word, spelled)) {
            return unit;
        }
    }
    return {};
}

bool is_token_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.';
}

// Reads the duration right after a "try again in" phrase at `pos`.
std::optional<Duration> read_duration_at(std::string_view text, size_t pos) {
    while (pos < text.size() && text[pos] == ' ') {
        ++pos;
    }
    size_t end = pos;
    while (end < text.size() && is_token_char(text[end])) {
        ++end;
    }
    std::string token(text.substr(pos, end - pos));
    // "11.054s." ends a sentence; the dot is punctuation, not a fraction.
    while (!token.empty() && token.back() == '.') {
        token.pop_back();
    }
    if (token.empty() || !std::isdigit(static_cast<unsigned char>(token.front()))) {
        return std::nullopt;
    }
    if (parse_decimal(token)) {
        // "6 seconds", "2 minutes": a bare number followed by a unit word (seconds if none).
        size_t word_start = end;
        while (word_start < text.size() && text[word_start] == ' ') {
            ++word_start;
        }
        size_t word_end = word_start;
        while (word_end < text.size() && std::isalpha(static_cast<unsigned char>(text[word_end]))) {
            ++word_end;
        }
        const std::string_view unit = unit_word(text.substr(word_start, word_end - word_start));
        token += unit.empty() ? std::string_view("s") : unit;
    }
    const auto parsed = parse_duration(to_lower(token));
    if (!parsed) {
        return std::nullopt;
    }
    return std::min(*parsed, from_ms(k_max_wait_ms));
}

}  // namespace

std::optional<Duration> parse_retry_after(std::string_view value, SystemTime now) {
    if (const auto seconds = parse_decimal(value)) {
        return from_ms(*seconds * 1000.0);
    }
    const auto date = parse_http_date(trim(value));
    if (!date) {
        return std::nullopt;
    }
    return non_negative(std::chrono::duration_cast<Duration>(*date - now));
}

std::optional<Duration> parse_retry_after_ms(std::string_view value) {
    if (const auto ms = parse_decimal(value)) {
        return from_ms(*ms);
    }
    return std::nullopt;
}

std::optional<Duration> parse_reset_duration(std::string_view value) {
    value = trim(value);
    if (const auto seconds = parse_decimal(value)) {
        return from_ms(*seconds * 1000.0);
    }
    const auto parsed = parse_duration(value);
    if (!parsed) {
        return std::nullopt;
    }
    return *parsed;
}

std::optional<Duration> parse_reset_time(std::string_view value, SystemTime now) {
    const auto time = parse_rfc3339(trim(value));
    if (!time) {
        return std::nullopt;
    }
    return non_negative(std::chrono::duration_cast<Duration>(*time - now));
}

std::optional<Duration> parse_try_again_text(std::string_view text) {
    static constexpr std::array<std::string_view, 5> k_phrases = {
        "try again in", "retry in", "retry after", "try again after", "retrying in"};
    const std::string lower = to_lower(text);
    // Earliest phrase in the text wins, so the hint the reader sees first is the one we use.
    std::optional<std::pair<size_t, Duration>> best;
    for (const std::string_view phrase : k_phrases) {
        size_t at = lower.find(phrase);
        while (at != std::string::npos) {
            if (const auto wait = read_duration_at(text, at + phrase.size())) {
                if (!best || at < best->first) {
                    best = std::make_pair(at, *wait);
                }
                break;
            }
            at = lower.find(phrase, at + 1);
        }
    }
    if (!best) {
        return std::nullopt;
    }
    return best->second;
}

std::optional<Duration> wait_hint_from_headers(const Headers& headers, SystemTime now) {
    if (const auto value = find_header(headers, "retry-after-ms")) {
        if (const auto wait = parse_retry_after_ms(*value)) {
            return wait;
        }
    }
    if (const auto value = find_header(headers, "retry-after")) {
        if (const auto wait = parse_retry_after(*value, now)) {
            return wait;
        }
    }
    if (const auto wait = openai_reset(headers)) {
        return wait;
    }
    return anthropic_reset(headers, now);
}

std::optional<Duration> choose_wait_hint(const Headers& headers, SystemTime now,
                                         std::optional<Duration> retry_delay,
                                         std::string_view message) {
    if (const auto wait = wait_hint_from_headers(headers, now)) {
        return wait;
    }
    if (retry_delay) {
        return non_negative(*retry_delay);
    }
    return parse_try_again_text(message);
}

}  // namespace lifeline
