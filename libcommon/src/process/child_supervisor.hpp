#pragma once
// Internal to the process module: watches one started child until it and its whole process
// group are gone. One poll() loop moves stdin_data in, output out (to the callbacks as it
// arrives, or into the captured strings), enforces the overall and idle-output timeouts,
// forwards signals announced on the wake pipe, and escalates SIGTERM to SIGKILL.

#include <chrono>
#include <optional>

#include <lifeline/process/runner.hpp>

#include "spawn.hpp"
#include "unique_fd.hpp"

namespace lifeline::process::detail {

class ChildSupervisor {
  public:
    using Clock = std::chrono::steady_clock;

    // Takes over `child`; `wake_read` is the non-blocking read end of the run's wake pipe
    // (see signal_forwarding.hpp); `started` is when the run began (for `timeout`).
    ChildSupervisor(const ProcessSpec& spec, SpawnedChild child, int wake_read,
                    Clock::time_point started);
    ChildSupervisor(const ChildSupervisor&) = delete;
    ChildSupervisor& operator=(const ChildSupervisor&) = delete;
    // If wait() did not finish (an output callback threw), SIGKILLs the group. Either way
    // releases the subreaper and reaps it.
    ~ChildSupervisor();

    // Blocks until the child has been reaped and its process group is empty (or, after
    // SIGKILL, stuck processes were given up on), then returns the result. elapsed is set by
    // the caller.
    ProcessResult wait();

  private:
    struct Output {
        UniqueFd fd;
        const std::function<void(std::string_view)>* callback = nullptr;
        std::string* capture = nullptr;
    };

    void check_deadlines(Clock::time_point now);
    void begin_termination(Clock::time_point now, bool send_sigterm);
    void signal_group(int signal_number) const;
    int poll_timeout_ms(Clock::time_point now) const;
    void poll_once(Clock::time_point now);
    // Reads one chunk; returns false at EOF or on error (the stream is then closed).
    bool read_output(Output& output);
    void drain_outputs();
    void write_stdin();
    void read_wake_pipe(Clock::time_point now);
    // Reads the subreaper's report of the child's exit; EOF means the subreaper is gone.
    void read_reports();
    void record_exit(int status);

    const ProcessSpec& m_spec;
    pid_t m_pid;
    Output m_stdout;
    Output m_stderr;
    UniqueFd m_stdin;
    size_t m_stdin_written = 0;
    int m_wake_read;
    pid_t m_subreaper;
    UniqueFd m_reports;
    UniqueFd m_lifeline;
    Clock::time_point m_started;
    Clock::time_point m_last_output;
    bool m_reaped = false;
    bool m_finished = false;  // wait() returned normally
    bool m_terminating = false;
    bool m_stop_fd_readable = false;  // ProcessSpec::stop_fd fired
    bool m_killed = false;
    Clock::time_point m_kill_at{};
    Clock::time_point m_killed_at{};
    ProcessResult m_result;
};

}  // namespace lifeline::process::detail
