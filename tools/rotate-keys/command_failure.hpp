#pragma once
// How rotate-keys reports a helper command (the aws CLI, a revoke command) that timed out or
// exited non-zero: its exit code and the last line of its stderr, where CLIs explain why.

#include <string>

#include <lifeline/process/runner.hpp>
#include <lifeline/util/error.hpp>

namespace lifeline::rotate {

// ErrorCode::unavailable "<what> exited <code>[: <last stderr line>]". Only for stderr that
// cannot hold a secret: stdout is never shown.
Error command_failure(const std::string& what, const process::ProcessResult& result);

}  // namespace lifeline::rotate
