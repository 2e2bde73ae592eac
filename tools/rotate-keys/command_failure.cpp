#include "command_failure.hpp"

#include <lifeline/util/strings.hpp>

namespace lifeline::rotate {

Error command_failure(const std::string& what, const process::ProcessResult& result) {
    // Trimmed first, so the last line is never blank.
    const auto lines = split(std::string(trim(result.captured_stderr)), '\n');
    return make_error(ErrorCode::unavailable, what + " exited " + std::to_string(result.exit_code) +
                                                  (lines.empty() ? "" : ": " + lines.back()));
}

}  // namespace lifeline::rotate
