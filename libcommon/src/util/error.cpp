#include <lifeline/util/error.hpp>

namespace lifeline {

const char* to_string(ErrorCode code) {
    switch (code) {
        case ErrorCode::invalid_input:
            return "invalid_input";
        case ErrorCode::config:
            return "config";
        case ErrorCode::io:
            return "io";
        case ErrorCode::parse:
            return "parse";
        case ErrorCode::not_found:
            return "not_found";
        case ErrorCode::unavailable:
            return "unavailable";
        case ErrorCode::timeout:
            return "timeout";
        case ErrorCode::conflict:
            return "conflict";
        case ErrorCode::unsupported:
            return "unsupported";
        case ErrorCode::internal:
            return "internal";
    }
    return "internal";
}

std::string Error::to_string() const {
    std::string out;
    if (location && !location->file.empty()) {
        out += location->file;
        if (location->line > 0) {
            out += ':' + std::to_string(location->line);
            if (location->column > 0) {
                out += ':' + std::to_string(location->column);
            }
        }
        out += ": ";
    }
    if (!key_path.empty()) {
        out += key_path + ": ";
    }
    out += message;
    return out;
}

Error make_error(ErrorCode code, std::string message) {
    return Error{code, std::move(message), std::nullopt, {}};
}

Error make_error_at(ErrorCode code, SourceLocation where, std::string key_path,
                    std::string message) {
    return Error{code, std::move(message), std::move(where), std::move(key_path)};
}

}  // namespace lifeline
