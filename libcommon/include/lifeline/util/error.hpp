#pragma once
// The typed error every fallible lifeline function returns inside a Result.

#include <optional>
#include <string>

namespace lifeline {

// What kind of thing went wrong. Tools map these to exit codes (see core/exit_codes.hpp).
enum class ErrorCode {
    invalid_input,  // bad flag, bad value, malformed document: the user can fix it (exit 2)
    config,         // lifeline.yaml (or another config file) is wrong (exit 2)
    io,             // a file or pipe could not be read or written
    parse,          // a document could not be parsed
    not_found,      // the thing asked for does not exist
    unavailable,    // a backend or service could not be reached
    timeout,        // a deadline passed
    conflict,       // a compare-and-set or lock lost a race
    unsupported,    // the operation is not available for this kind/backend
    internal,       // a bug in lifeline
};

// Stable lower-case id of an ErrorCode ("invalid_input", ...).
const char* to_string(ErrorCode code);

// A position in a text file. line and column are 1-based; 0 means unknown.
struct SourceLocation {
    std::string file;
    int line = 0;
    int column = 0;
};

struct Error {
    ErrorCode code = ErrorCode::internal;
    std::string message;
    // Where in a file the problem is, when it came from one (config, scenario, log line).
    std::optional<SourceLocation> location;
    // The dotted key path inside a document, e.g. "lanes.code[1]"; empty when not applicable.
    std::string key_path;

    // One line: "file:line:col: key.path: message" (parts that are unknown are left out).
    std::string to_string() const;
};

// Shorthand constructors.
Error make_error(ErrorCode code, std::string message);
Error make_error_at(ErrorCode code, SourceLocation where, std::string key_path,
                    std::string message);

}  // namespace lifeline
