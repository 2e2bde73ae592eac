#pragma once
// ProcessRunner: the one door to child processes. The POSIX implementation lives in
// process/posix_runner.hpp; tests use tests/fakes/fake_process_runner.hpp.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <lifeline/util/duration.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::process {

struct ProcessSpec {
    // argv[0] is looked up on PATH when it has no '/'. Never put secrets in argv: pass them
    // through `env`.
    std::vector<std::string> argv;
    // The child's complete environment.
    std::map<std::string, std::string> env;
    std::optional<std::string> working_directory;
    // Kill the whole process group after this long; 0 = no limit.
    Duration timeout{0};
    // Kill the group when neither stdout nor stderr produced a byte for this long; 0 = off.
    Duration idle_timeout{0};
    // Between SIGTERM and SIGKILL when a timeout (or a forwarded signal) ends the child.
    Duration kill_grace{5'000};
    // Inherit lifeline's stdin (true) or give the child /dev/null (false), unless stdin_data
    // is set, in which case it is written to the child's stdin and then closed.
    bool inherit_stdin = false;
    std::optional<std::string> stdin_data;
    // Output, as it arrives (unbuffered). When a callback is absent the stream is captured
    // into ProcessResult instead.
    std::function<void(std::string_view)> on_stdout;
    std::function<void(std::string_view)> on_stderr;
    // Asked after the output callbacks ran: true ends the whole group as a timeout does
    // (SIGTERM, SIGKILL after kill_grace) and sets ProcessResult::stopped. For a caller that
    // can no longer pass the output on (its own stdout closed by its reader). Absent = never.
    std::function<bool()> stop_requested;
    // A descriptor of the caller's that becomes readable when the group must be ended the same
    // way (ProcessResult::stopped): for a stop decided on another thread, which can wake the
    // wait at once through an eventfd or a pipe. Not closed by the runner; -1 = none.
    int stop_fd = -1;
};

// exit_code when the child's status could not be collected (the host process ignores
// SIGCHLD, so the kernel reaped the child before lifeline could).
inline constexpr int k_exit_status_lost = -1;

struct ProcessResult {
    // The child's exit status; for a child killed by a signal, 128 + signal number;
    // k_exit_status_lost when the status was lost.
    int exit_code = 0;
    std::optional<int> term_signal;       // set when the child was ended by a signal
    bool timed_out = false;               // the overall timeout fired
    bool idle_timed_out = false;          // the idle-output timeout fired
    std::optional<int> forwarded_signal;  // SIGINT/SIGTERM/SIGHUP received and forwarded
    bool stopped = false;                 // ended by stop_requested() or stop_fd
    // The child exited but left processes in its group; they were sent SIGTERM (SIGKILL after
    // kill_grace) so nothing outlives the run.
    bool orphans_killed = false;
    Duration elapsed{0};
    std::string captured_stdout;  // only when on_stdout was not given
    std::string captured_stderr;  // only when on_stderr was not given
};

class ProcessRunner {
  public:
    virtual ~ProcessRunner() = default;
    // Runs the child in its own process group and waits for it (and its group) to end.
    // Errors: ErrorCode::not_found when argv[0] cannot be executed, ErrorCode::io for
    // pipe/fork failures, ErrorCode::invalid_input for an empty argv.
    virtual Result<ProcessResult> run(const ProcessSpec& spec) = 0;
};

}  // namespace lifeline::process
