#include <charconv>

#include <lifeline/state/state_url.hpp>

namespace lifeline::state {
namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

// Passwords often contain reserved characters and arrive percent-encoded.
std::string percent_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        int value = 0;
        if (text[i] == '%' && i + 2 < text.size() &&
            std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16).ptr ==
                text.data() + i + 3) {
            out.push_back(static_cast<char>(value));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

bool parse_int(std::string_view text, int& out) {
    if (text.empty()) {
        return false;
    }
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && ptr == text.data() + text.size() && out >= 0;
}

// Everything before '@' in the authority is credentials; the message must never show them.
std::string redact_for_message(std::string_view url) {
    const auto scheme_end = url.find("://");
    const auto at = url.rfind('@');
    if (scheme_end == std::string_view::npos || at == std::string_view::npos || at < scheme_end) {
        return std::string(url);
    }
    return std::string(url.substr(0, scheme_end + 3)) + "***@" + std::string(url.substr(at + 1));
}

Result<StateUrl> parse_redis(std::string_view url, std::string_view rest) {
    const std::string shown = redact_for_message(url);
    StateUrl parsed;
    parsed.backend = StateBackend::redis;
    std::string_view query;
    if (auto q = rest.find('?'); q != std::string_view::npos) {
        query = rest.substr(q + 1);
        rest = rest.substr(0, q);
    }
    std::string_view path;
    if (auto slash = rest.find('/'); slash != std::string_view::npos) {
        path = rest.substr(slash + 1);
        rest = rest.substr(0, slash);
    }
    if (auto at = rest.rfind('@'); at != std::string_view::npos) {
        std::string_view credentials = rest.substr(0, at);
        rest = rest.substr(at + 1);
        if (auto colon = credentials.find(':'); colon != std::string_view::npos) {
            parsed.user = percent_decode(credentials.substr(0, colon));
            parsed.password = percent_decode(credentials.substr(colon + 1));
        } else {
            parsed.password = percent_decode(credentials);
        }
    }
    std::string_view port_text;
    if (starts_with(rest, "[")) {
        const auto close = rest.find(']');
        if (close == std::string_view::npos) {
            return fail(ErrorCode::invalid_input, "state URL " + shown + ": unterminated [host]");
        }
        parsed.host = std::string(rest.substr(1, close - 1));
        if (close + 1 < rest.size() && rest[close + 1] == ':') {
            port_text = rest.substr(close + 2);
        }
    } else if (auto colon = rest.rfind(':'); colon != std::string_view::npos) {
        parsed.host = std::string(rest.substr(0, colon));
        port_text = rest.substr(colon + 1);
    } else {
        parsed.host = std::string(rest);
    }
    if (parsed.host.empty()) {
        return fail(ErrorCode::invalid_input, "state URL " + shown + ": missing host");
    }
    if (!port_text.empty() &&
        (!parse_int(port_text, parsed.port) || parsed.port == 0 || parsed.port > 65535)) {
        return fail(ErrorCode::invalid_input,
                    "state URL " + shown + ": bad port \"" + std::string(port_text) + "\"");
    }
    if (!path.empty() && !parse_int(path, parsed.database)) {
        return fail(ErrorCode::invalid_input, "state URL " + shown +
                                                  ": the path must be a database number, not \"" +
                                                  std::string(path) + "\"");
    }
    while (!query.empty()) {
        const auto amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        const auto eq = pair.find('=');
        std::string_view key = pair.substr(0, eq);
        if (key == "prefix" && eq != std::string_view::npos) {
            parsed.prefix = percent_decode(pair.substr(eq + 1));
        } else {
            return fail(ErrorCode::invalid_input, "state URL " + shown + ": unknown parameter \"" +
                                                      std::string(key) + "\" (known: prefix)");
        }
    }
    return parsed;
}

}  // namespace

std::string StateUrl::redacted() const {
    switch (backend) {
        case StateBackend::memory:
            return "memory:";
        case StateBackend::sqlite:
            return "sqlite://" + path;
        case StateBackend::redis: {
            std::string credentials;
            if (!user.empty() || !password.empty()) {
                credentials = user + (password.empty() ? "" : ":***") + "@";
            }
            const bool v6 = host.find(':') != std::string::npos;
            return "redis://" + credentials + (v6 ? "[" + host + "]" : host) + ":" +
                   std::to_string(port) + "/" + std::to_string(database);
        }
    }
    return {};
}

Result<StateUrl> parse_state_url(std::string_view url) {
    if (url == "memory:" || url == "memory://") {
        return StateUrl{};
    }
    if (starts_with(url, "sqlite:")) {
        std::string_view path = url.substr(7);
        // "sqlite:///abs" keeps its leading '/', "sqlite://rel" and "sqlite:rel" are relative.
        if (starts_with(path, "//")) {
            path = path.substr(2);
        }
        if (path.empty()) {
            return fail(
                ErrorCode::invalid_input,
                "state URL " + std::string(url) + ": missing file path (sqlite:///abs/state.db)");
        }
        StateUrl parsed;
        parsed.backend = StateBackend::sqlite;
        parsed.path = std::string(path);
        return parsed;
    }
    if (starts_with(url, "redis://")) {
        return parse_redis(url, url.substr(8));
    }
    return fail(ErrorCode::invalid_input,
                "state URL " + redact_for_message(url) +
                    ": unknown scheme (use memory:, sqlite://PATH or redis://HOST:PORT/DB)");
}

}  // namespace lifeline::state
