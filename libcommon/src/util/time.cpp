#include <array>
#include <cctype>
#include <cstdio>
#include <cstring>

#include <lifeline/util/time.hpp>

namespace lifeline {
namespace {

struct CivilDate {
    int64_t year;
    unsigned month;
    unsigned day;
};

CivilDate civil_from_days(int64_t z) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2), m, d};
}

bool valid_fields(int year, int month, int day, int hour, int minute, int second) {
    return year >= 1970 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= 31 &&
           hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 60;
}

SystemTime make_time(int year, int month, int day, int hour, int minute, int second,
                     int64_t extra_ms) {
    const int64_t days =
        days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    const int64_t ms =
        ((days * 24 + hour) * 60 + minute) * 60'000 + int64_t{second} * 1000 + extra_ms;
    return from_unix_ms(ms);
}

// Reads exactly `count` digits at `pos`; -1 when they are not there.
int read_digits(std::string_view text, size_t& pos, size_t count) {
    if (pos + count > text.size()) {
        return -1;
    }
    int value = 0;
    for (size_t i = 0; i < count; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9') {
            return -1;
        }
        value = value * 10 + (c - '0');
    }
    pos += count;
    return value;
}

bool expect(std::string_view text, size_t& pos, char c) {
    if (pos < text.size() && std::tolower(static_cast<unsigned char>(text[pos])) ==
                                 std::tolower(static_cast<unsigned char>(c))) {
        ++pos;
        return true;
    }
    return false;
}

int month_from_name(std::string_view name) {
    static constexpr std::array<const char*, 12> k_months = {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    if (name.size() != 3) {
        return -1;
    }
    for (size_t i = 0; i < k_months.size(); ++i) {
        if (strncasecmp(name.data(), k_months[i], 3) == 0) {
            return static_cast<int>(i) + 1;
        }
    }
    return -1;
}

Failure<Error> bad_time(std::string_view kind, std::string_view text) {
    return fail(ErrorCode::invalid_input,
                "invalid " + std::string(kind) + " \"" + std::string(text) + "\"");
}

}  // namespace

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    // H. Hinnant's days_from_civil.
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

int64_t to_unix_ms(SystemTime time) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

SystemTime from_unix_ms(int64_t ms) {
    // SystemTime counts nanoseconds in 64 bits: a time outside it (a year 2925 timestamp in a
    // log or a reset header) would overflow the conversion, so it saturates instead.
    constexpr int64_t k_max_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(SystemTime::duration::max()).count();
    constexpr int64_t k_min_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(SystemTime::duration::min()).count();
    if (ms > k_max_ms)
        return SystemTime::max();
    if (ms < k_min_ms)
        return SystemTime::min();
    return SystemTime{
        std::chrono::duration_cast<SystemTime::duration>(std::chrono::milliseconds{ms})};
}

std::string format_rfc3339(SystemTime time, bool with_millis) {
    const int64_t ms = to_unix_ms(time);
    int64_t days = ms / 86'400'000;
    int64_t ms_of_day = ms % 86'400'000;
    if (ms_of_day < 0) {
        ms_of_day += 86'400'000;
        --days;
    }
    const CivilDate date = civil_from_days(days);
    const int64_t seconds_of_day = ms_of_day / 1000;
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02lld:%02lld:%02lld",
                  static_cast<long long>(date.year), date.month, date.day,
                  static_cast<long long>(seconds_of_day / 3600),
                  static_cast<long long>(seconds_of_day / 60 % 60),
                  static_cast<long long>(seconds_of_day % 60));
    std::string out = buffer;
    if (with_millis) {
        std::snprintf(buffer, sizeof buffer, ".%03lld", static_cast<long long>(ms_of_day % 1000));
        out += buffer;
    }
    return out + "Z";
}

Result<SystemTime> parse_rfc3339(std::string_view text) {
    size_t pos = 0;
    const int year = read_digits(text, pos, 4);
    if (year < 0 || !expect(text, pos, '-'))
        return bad_time("RFC 3339 time", text);
    const int month = read_digits(text, pos, 2);
    if (month < 0 || !expect(text, pos, '-'))
        return bad_time("RFC 3339 time", text);
    const int day = read_digits(text, pos, 2);
    if (day < 0 || !(expect(text, pos, 'T') || expect(text, pos, ' '))) {
        return bad_time("RFC 3339 time", text);
    }
    const int hour = read_digits(text, pos, 2);
    if (hour < 0 || !expect(text, pos, ':'))
        return bad_time("RFC 3339 time", text);
    const int minute = read_digits(text, pos, 2);
    if (minute < 0 || !expect(text, pos, ':'))
        return bad_time("RFC 3339 time", text);
    const int second = read_digits(text, pos, 2);
    if (second < 0 || !valid_fields(year, month, day, hour, minute, second)) {
        return bad_time("RFC 3339 time", text);
    }
    int64_t fraction_ms = 0;
    if (expect(text, pos, '.')) {
        int digits = 0;
        int64_t scale = 100;
        while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
            fraction_ms += (text[pos] - '0') * scale;
            scale /= 10;
            ++pos;
            ++digits;
        }
        if (digits == 0)
            return bad_time("RFC 3339 time", text);
    }
    int64_t offset_minutes = 0;
    if (expect(text, pos, 'Z')) {
        offset_minutes = 0;
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        const int sign = text[pos] == '-' ? -1 : 1;
        ++pos;
        const int offset_hours = read_digits(text, pos, 2);
        if (offset_hours < 0 || !expect(text, pos, ':'))
            return bad_time("RFC 3339 time", text);
        const int offset_mins = read_digits(text, pos, 2);
        if (offset_mins < 0)
            return bad_time("RFC 3339 time", text);
        offset_minutes = sign * (offset_hours * 60 + offset_mins);
    } else {
        return bad_time("RFC 3339 time", text);
    }
    if (pos != text.size())
        return bad_time("RFC 3339 time", text);
    return make_time(year, month, day, hour, minute, second, fraction_ms - offset_minutes * 60'000);
}

Result<SystemTime> parse_http_date(std::string_view text) {
    // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
    // RFC 850:     "Sunday, 06-Nov-94 08:49:37 GMT"
    // asctime:     "Sun Nov  6 08:49:37 1994"
    char weekday[16] = {};
    char month_name[4] = {};
    int day = 0, year = 0, hour = 0, minute = 0, second = 0;
    const std::string copy(text);
    char zone[8] = {};
    if (std::sscanf(copy.c_str(), "%15[A-Za-z], %2d %3s %4d %2d:%2d:%2d %7s", weekday, &day,
                    month_name, &year, &hour, &minute, &second, zone) == 8 ||
        std::sscanf(copy.c_str(), "%15[A-Za-z], %2d-%3s-%2d %2d:%2d:%2d %7s", weekday, &day,
                    month_name, &year, &hour, &minute, &second, zone) == 8) {
        if (std::strcmp(zone, "GMT") != 0 && std::strcmp(zone, "UTC") != 0) {
            return bad_time("HTTP date", text);
        }
        if (year < 100) {
            year += year < 70 ? 2000 : 1900;
        }
    } else if (std::sscanf(copy.c_str(), "%15[A-Za-z] %3s %2d %2d:%2d:%2d %4d", weekday, month_name,
                           &day, &hour, &minute, &second, &year) != 7) {
        return bad_time("HTTP date", text);
    }
    const int month = month_from_name(month_name);
    if (month < 0 || !valid_fields(year, month, day, hour, minute, second)) {
        return bad_time("HTTP date", text);
    }
    return make_time(year, month, day, hour, minute, second, 0);
}

}  // namespace lifeline
