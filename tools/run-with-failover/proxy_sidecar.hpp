#pragma once
// Proxy mode (--via proxy): failover-proxy started for one step on a free loopback port with a
// fresh token, the agent pointed at it, stopped after the step. The sidecar runs in a process
// group of its own (signals meant for the agent's group never reach it) and with
// --exit-with-parent, so a run-with-failover that dies without stopping it leaves no orphan.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

#include <lifeline/config/model.hpp>
#include <lifeline/core/environment.hpp>
#include <lifeline/routing/route_candidate.hpp>
#include <lifeline/util/duration.hpp>
#include <lifeline/util/result.hpp>

#include "agent.hpp"

namespace run_with_failover {

struct SidecarSpec {
    std::string binary;             // failover-proxy
    std::vector<std::string> args;  // after the binary; start() adds --ready-fd
    EnvMap env;                     // exactly these variables
    std::string log_file;           // its stderr
    lifeline::Duration ready_timeout{10'000};
};

class ProxySidecar {
  public:
    // Starts the proxy and reads its ready lines (LIFELINE_PROXY_URL / _TOKEN) from a pipe it
    // inherits as --ready-fd: no polling, and the token never touches the disk. Errors
    // (ErrorCode::unavailable): it could not start, exited or did not become ready in time;
    // the message has the end of its log.
    static lifeline::Result<std::unique_ptr<ProxySidecar>> start(const SidecarSpec& spec);
    // Stops it (SIGTERM, then SIGKILL after 5 s) if stop() was not called.
    ~ProxySidecar();
    ProxySidecar(const ProxySidecar&) = delete;
    ProxySidecar& operator=(const ProxySidecar&) = delete;

    const std::string& url() const { return m_url; }      // http://127.0.0.1:PORT
    const std::string& token() const { return m_token; }  // the per-run token
    pid_t pid() const { return m_pid; }
    // SIGTERM, wait for the drain (bounded), SIGKILL past that. The wait ends the moment the
    // proxy exits (a pidfd, where the kernel has them).
    void stop();

  private:
    ProxySidecar() = default;
    pid_t m_pid = -1;
    std::string m_url;
    std::string m_token;
};

// failover-proxy: $LIFELINE_PROXY_BIN, else beside this executable, else on PATH; "" when none.
std::string find_proxy_binary(const lifeline::Environment& env);

// The one candidate an agent sees in proxy mode: the lane, served by the proxy at `url`, in the
// shape `agent` speaks (Codex: an openai provider on the Responses API at URL/v1; Claude Code:
// anthropic; Gemini CLI: gemini; generic: openai-compatible at URL/v1). Its auth is the proxy's
// token in LIFELINE_PROXY_TOKEN.
lifeline::routing::RouteCandidate proxy_candidate(AgentKind agent, const std::string& url,
                                                  const std::string& lane);

// The variables holding configured provider keys (auth: {env: NAME}), which an agent in proxy
// mode must not see.
std::vector<std::string> provider_key_variables(const lifeline::config::Config& config);

}  // namespace run_with_failover
