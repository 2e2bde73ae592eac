#pragma once
// The system side of the proxy sidecar: the loopback socket it serves, its process started
// with posix_spawn, its ready line read from a pipe, its exit waited for. ProxySidecar
// (proxy_sidecar.hpp) puts them together.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

#include <lifeline/core/environment.hpp>
#include <lifeline/util/duration.hpp>

#include "agent.hpp"

namespace run_with_failover {

// The variable that carries the per-run token to the proxy (--auth-token-env) and the agent.
inline constexpr std::string_view k_proxy_token_variable = "LIFELINE_PROXY_TOKEN";

struct SidecarSpec {
    std::string binary;             // failover-proxy
    std::vector<std::string> args;  // after the binary; spawn_proxy() adds socket, pipe, token
    EnvMap env;                     // exactly these variables
    std::string log_file;           // its stderr
    lifeline::Duration ready_timeout{10'000};
};

// A TCP socket listening on a free port of 127.0.0.1 (close-on-exec), its port in `port`; -1
// with errno set.
int listen_on_loopback(int& port);

// Starts the proxy on `listen_fd` (closed here) with the write end of a fresh pipe as
// --ready-fd and --auth-token-env k_proxy_token_variable; `ready_read` gets the read end.
// posix_spawn, not fork: the caller's pages are not made copy-on-write under the agent's start.
// -1 with errno set when the pipe or the spawn failed.
pid_t spawn_proxy(const SidecarSpec& spec, int listen_fd, int& ready_read);

// What was read on the ready pipe.
struct ReadyLines {
    std::string text;
    bool timed_out = false;  // the deadline passed first
};

// The ready lines, read until the proxy closes its end of the pipe (right after writing them,
// or by exiting before it was ready), `deadline` passes or `cancel_fd` becomes readable (what
// was written by then still counts).
ReadyLines read_ready_lines(int fd, int cancel_fd, std::chrono::steady_clock::time_point deadline);

// Waits up to `limit` for `pid` to exit and reaps it (through a pidfd where the kernel has
// them, else short sleeps); true when it exited.
bool wait_for_exit(pid_t pid, std::chrono::milliseconds limit);

// Adds one to the eventfd `fd`, making it readable.
void signal_event(int fd);

// The whole of the file at `path`; "" when it cannot be read.
std::string read_text(const std::string& path);

}  // namespace run_with_failover
