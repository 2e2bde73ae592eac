#pragma once
// Internal to the process module: forwarding SIGINT/SIGTERM/SIGHUP that lifeline receives to
// the process groups of every child currently running, from any thread.
//
// How it stays async-signal-safe with concurrent runs: a fixed table of slots made of
// lock-free atomics. Each run claims a slot holding its group id and the write end of its own
// wake pipe. The handler walks the table, writes one byte to each run's wake pipe (the
// signal number, plus k_already_forwarded when the group is known) and then kill()s that
// group; the run's poll() loop sees the byte, records it, signals the group itself when the
// handler could not, and escalates to SIGKILL after the grace period. A per-slot "busy" counter
// lets a run release its slot only once no handler is still reading it, so the handler never writes
// to a recycled descriptor number. The handlers are installed when the first run starts and the
// previous dispositions restored when the last one ends (reference counted under a mutex, outside
// signal context). Signals lifeline inherited as ignored (e.g. SIGHUP under nohup) stay ignored and
// are not forwarded.

#include <sys/types.h>

#include <lifeline/util/result.hpp>

namespace lifeline::process::detail {

// Flag bit in a wake byte: the handler delivers the signal to the group itself.
inline constexpr unsigned char k_already_forwarded = 0x80;

// One run's registration. Move-only; destruction unregisters (and may restore handlers).
class SignalForwarding {
  public:
    // Installs the handlers if needed and claims a slot whose wake bytes go to wake_fd.
    // Errors: ErrorCode::unavailable when every slot is taken (too many concurrent runs),
    // ErrorCode::io when sigaction fails.
    static Result<SignalForwarding> start(int wake_fd);

    SignalForwarding(SignalForwarding&& other) noexcept;
    SignalForwarding& operator=(SignalForwarding&&) = delete;
    SignalForwarding(const SignalForwarding&) = delete;
    SignalForwarding& operator=(const SignalForwarding&) = delete;
    ~SignalForwarding();

    // From now on signals are forwarded to this process group. A signal that arrived before
    // this call is still announced on the wake pipe, without k_already_forwarded.
    void set_group(pid_t pgid);
    // Stops forwarding to the group (call before the group id could be reused).
    void clear_group();

  private:
    explicit SignalForwarding(int slot) : m_slot(slot) {}
    int m_slot = -1;
};

}  // namespace lifeline::process::detail
