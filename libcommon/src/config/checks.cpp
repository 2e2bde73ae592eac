#include <limits>

#include <lifeline/util/strings.hpp>

#include "sections.hpp"

namespace lifeline::config::detail {

Result<int64_t> read_int_in(const YamlNode& node, int64_t min, int64_t max) {
    const int64_t value = LIFELINE_TRY(node.as_int64());
    if (value < min) {
        if (min == 0)
            return fail(node.error("must not be negative, got " + std::to_string(value)));
        return fail(node.error("must be at least " + std::to_string(min) + ", got " +
                               std::to_string(value)));
    }
    if (value > max) {
        return fail(node.error("must be at most " + std::to_string(max) + ", got " +
                               std::to_string(value)));
    }
    return value;
}

Result<double> read_non_negative(const YamlNode& node) {
    const double value = LIFELINE_TRY(node.as_double());
    if (value < 0)
        return fail(node.error("must not be negative, got " + *node.as_string()));
    return value;
}

Result<double> read_fraction(const YamlNode& node) {
    const double value = LIFELINE_TRY(node.as_double());
    if (value <= 0 || value > 1) {
        return fail(node.error("must be a fraction above 0 and at most 1 (e.g. 0.8), got " +
                               *node.as_string()));
    }
    return value;
}

Result<Duration> read_positive_duration(const YamlNode& node) {
    const Duration value = LIFELINE_TRY(node.as_duration());
    if (value.count() <= 0)
        return fail(node.error("must be longer than 0s"));
    return value;
}

Result<std::string> read_non_empty(const YamlNode& node) {
    std::string value = LIFELINE_TRY(node.as_string());
    if (trim(value).empty())
        return fail(node.error("must not be empty"));
    return value;
}

bool is_env_var_name(std::string_view name) {
    if (name.empty() || (name[0] >= '0' && name[0] <= '9'))
        return false;
    for (const char c : name) {
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    }
    return true;
}

std::string http_url_problem(std::string_view url) {
    const std::string lower = to_lower(url);
    size_t rest = 0;
    if (lower.rfind("https://", 0) == 0)
        rest = 8;
    else if (lower.rfind("http://", 0) == 0)
        rest = 7;
    else
        return "is not an http(s) URL (e.g. https://api.example.com/v1)";
    for (const char c : url) {
        if (c == ' ' || c == '\t' || c == '\n')
            return "contains whitespace";
    }
    const size_t host_end = url.find_first_of("/?#", rest);
    const std::string_view authority = url.substr(
        rest, host_end == std::string_view::npos ? std::string_view::npos : host_end - rest);
    if (authority.find('@') != std::string_view::npos)
        return "carries credentials; put them under auth instead";
    std::string_view host = authority;
    std::string_view port;
    bool has_port = false;
    if (!host.empty() && host.front() == '[') {  // [::1]:8000
        const size_t close = host.find(']');
        if (close == std::string_view::npos)
            return "has an unclosed [ in its host";
        if (close + 1 < host.size()) {
            if (host[close + 1] != ':')
                return "has junk after its [IPv6] host";
            port = host.substr(close + 2);
            has_port = true;
        }
        host = host.substr(1, close - 1);
    } else if (const size_t colon = host.rfind(':'); colon != std::string_view::npos) {
        port = host.substr(colon + 1);
        host = host.substr(0, colon);
        has_port = true;
    }
    if (host.empty())
        return "has no host";
    if (has_port && port.empty())
        return "has an empty port";
    if (!port.empty()) {
        int value = 0;
        for (const char c : port) {
            if (c < '0' || c > '9')
                return "has a port that is not a number";
            value = value * 10 + (c - '0');
            if (value > 65535)
                break;
        }
        if (value < 1 || value > 65535)
            return "has a port outside 1-65535";
    }
    return "";
}

Error unknown_name(const YamlNode& node, std::string_view what, std::string_view name,
                   const std::vector<std::string>& known) {
    std::string message = "unknown " + std::string(what) + " \"" + std::string(name) + "\" (";
    const std::string suggestion = closest_match(name, known);
    if (!suggestion.empty())
        message += "did you mean \"" + suggestion + "\"? ";
    message += known.empty() ? std::string("none are defined") : "known: " + join(known, ", ");
    return node.error(message + ")");
}

}  // namespace lifeline::config::detail
