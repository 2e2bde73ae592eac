#include <lifeline/core/exit_codes.hpp>

namespace lifeline {

const char* describe(ExitCode code) {
    switch (code) {
        case ExitCode::ok:
            return "ok";
        case ExitCode::failed:
            return "the checked thing failed";
        case ExitCode::usage:
            return "usage or bad input";
        case ExitCode::all_transient:
            return "every candidate failed transiently";
        case ExitCode::auth_failed:
            return "authentication failed everywhere";
        case ExitCode::interrupted:
            return "interrupted (SIGINT)";
        case ExitCode::terminated:
            return "terminated (SIGTERM)";
    }
    return "unknown";
}

}  // namespace lifeline
