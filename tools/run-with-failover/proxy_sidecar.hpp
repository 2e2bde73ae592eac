#pragma once
// Proxy mode (--via proxy): failover-proxy started for one step on a free loopback port with a
// fresh token, the agent pointed at it, stopped after the step. The sidecar runs in a process
// group of its own (signals meant for the agent's group never reach it) and with
// --exit-with-parent, so a run-with-failover that dies without stopping it leaves no orphan.

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <sys/types.h>

#include <lifeline/config/model.hpp>
#include <lifeline/core/environment.hpp>
#include <lifeline/routing/route_candidate.hpp>
#include <lifeline/util/duration.hpp>
#include <lifeline/util/result.hpp>

#include "sidecar_process.hpp"

namespace run_with_failover {

class ProxySidecar {
  public:
    // Binds a free loopback port, makes a fresh token and has a watcher thread start the proxy
    // serving that socket (--listen-fd) with the token in its environment (--auth-token-env).
    // Returns at once: url() and token() are known already, and an agent started now finds
    // its connections waiting in the socket's backlog until the proxy accepts them, so the
    // proxy's start-up overlaps the agent's. The watcher then reads the ready line
    // (--ready-fd): failure_fd() becomes readable when the proxy cannot be spawned, exits
    // before it is ready or is not ready within ready_timeout. Errors (unavailable): no
    // socket or eventfd.
    static lifeline::Result<std::unique_ptr<ProxySidecar>> start(const SidecarSpec& spec);
    // Stops it (as stop()) if stop() was not called.
    ~ProxySidecar();
    ProxySidecar(const ProxySidecar&) = delete;
    ProxySidecar& operator=(const ProxySidecar&) = delete;

    const std::string& url() const { return m_url; }      // http://127.0.0.1:PORT
    const std::string& token() const { return m_token; }  // the per-run token
    // Readable once the proxy failed before it was ready (ProcessSpec::stop_fd for the agent:
    // an agent that cannot get an answer is stopped at once). Owned by the sidecar.
    int failure_fd() const { return m_failure_fd; }
    // Why it failed before it was ready, with the end of its log; nullopt while it is ready or
    // still starting.
    std::optional<std::string> failure() const;
    // SIGTERM, wait for the drain (bounded), SIGKILL past that; SIGKILL at once for a proxy
    // that has not said it is ready (it has accepted nothing). The wait ends the moment the
    // proxy exits (a pidfd, where the kernel has them). A proxy stopped before it was ready is
    // not a failure. Call it once the agents are gone.
    void stop();

  private:
    ProxySidecar() = default;
    // The watcher thread: spawns the proxy on `listen_fd`, then reads its ready line.
    void watch(int listen_fd, SidecarSpec spec);
    // Records the outcome of the start (once); a failure writes failure_fd.
    void settle(bool ready, std::string failure);

    pid_t m_pid = -1;  // set by the watcher, under m_mutex
    std::string m_url;
    std::string m_token;
    int m_failure_fd = -1;  // eventfd: written once, on failure
    int m_cancel_fd = -1;   // eventfd: ends the watcher early
    std::thread m_watcher;
    mutable std::mutex m_mutex;
    bool m_ready = false;  // the ready line arrived
    bool m_stopping = false;
    std::optional<std::string> m_failure;
};

// failover-proxy: $LIFELINE_PROXY_BIN, else beside this executable, else on PATH; "" when none.
std::string find_proxy_binary(const lifeline::Environment& env);

}  // namespace run_with_failover
