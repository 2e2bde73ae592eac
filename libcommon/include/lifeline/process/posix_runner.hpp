#pragma once
// The POSIX implementation of ProcessRunner: fork/exec into a new process group, pipes for
// output, poll() for timeouts, SIGTERM then SIGKILL to the whole group, and forwarding of
// SIGINT/SIGTERM/SIGHUP received by lifeline while a child runs.

#include <lifeline/process/runner.hpp>

namespace lifeline::process {

class PosixProcessRunner final : public ProcessRunner {
  public:
    Result<ProcessResult> run(const ProcessSpec& spec) override;
};

}  // namespace lifeline::process
