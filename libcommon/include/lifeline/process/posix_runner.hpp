#pragma once
// The POSIX implementation of ProcessRunner: posix_spawn into a new process group (by a small
// subreaper between lifeline and the child), pipes for output, poll() for timeouts, SIGTERM then
// SIGKILL to the whole group, and forwarding of SIGINT/SIGTERM/SIGHUP received by lifeline while
// a child runs.

#include <lifeline/process/runner.hpp>

namespace lifeline::process {

// Behaviour beyond the ProcessRunner contract:
// - argv[0] without '/' is searched on spec.env's PATH (see executable_lookup.hpp); the child
//   gets exactly spec.env, spec.working_directory, and no descriptor but 0, 1 and 2.
// - Output is delivered to the callbacks from the calling thread, chunk by chunk, as the
//   child writes it. stdin_data is fed in the same poll() loop, so large input cannot
//   deadlock against large output.
// - On timeout, idle timeout or a forwarded signal the group gets SIGTERM (the forwarded
//   signal itself), then SIGKILL after kill_grace. When the child exits but leaves processes
//   in its group, they are terminated the same way (ProcessResult::orphans_killed); run()
//   never waits for EOF from a process outside the group.
// - While any run() is active, SIGINT/SIGTERM/SIGHUP are caught and forwarded to every
//   running child's group (ProcessResult::forwarded_signal); the previous handlers are
//   restored when the last concurrent run ends. Signals inherited as ignored stay ignored.
// - An exception thrown by an output callback SIGKILLs the group, reaps the child and then
//   propagates out of run().
// - The child's parent is a subreaper forked for the run (see src/process/subreaper.hpp). When
//   lifeline dies without finishing run() (SIGKILL, the OOM killer), the subreaper sends
//   SIGTERM to the child's group and to every process descended from the child, even ones that
//   left the group (setsid), SIGKILLs them after kill_grace, reaps them and exits. After a
//   normal run it exits at once and ends nothing that run() would not have ended before.
// - run() is safe to call from several threads at once; each call keeps its own state.
class PosixProcessRunner final : public ProcessRunner {
  public:
    Result<ProcessResult> run(const ProcessSpec& spec) override;
};

}  // namespace lifeline::process
