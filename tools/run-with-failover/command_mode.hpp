#pragma once
// Command mode: one attempt = the agent command run once as a child process in its own
// process group, pointed at the candidate by its adapter, its output streamed live through
// the Redactor, its result classified by the adapter (plus the config's classify: patterns).

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <lifeline/app/context.hpp>
#include <lifeline/config/model.hpp>
#include <lifeline/process/runner.hpp>
#include <lifeline/provider/credential.hpp>
#include <lifeline/routing/route_candidate.hpp>
#include <lifeline/secret/redactor.hpp>

#include "agent.hpp"
#include "failover_loop.hpp"
#include "stdin_plan.hpp"
#include "stdout_sink.hpp"

namespace run_with_failover {

struct CommandSettings {
    std::vector<std::string> argv;  // the user's command
    Duration attempt_timeout{0};    // 0 = none
    Duration idle_timeout{0};       // 0 = none
    Duration kill_grace{10'000};    // SIGTERM -> SIGKILL
    std::optional<int> max_turns;   // handed to agents that take one
    std::string compress_command;   // --on-context-exceeded (run with /bin/sh -c)
    std::vector<lifeline::config::ClassifyPattern> patterns;  // config classify:
    StdinPlan stdin_plan;                                     // what each attempt reads on stdin
    // Retries an agent that retries by itself may make per attempt (the policy's
    // same-candidate retries), capped by the attempts the budget has left.
    int agent_retries = 0;
    bool quiet_agent = false;  // AgentTarget::quiet
    // Where the agent's private home goes (created on first use, removed with the executor).
    std::string private_dir;
    // Proxy mode: the per-run token the agent gets instead of a provider key, the variables
    // (configured provider keys) removed from its environment, and the proxy's access log.
    std::optional<lifeline::secret::Secret> proxy_token;
    std::vector<std::string> hidden_env;
    std::string proxy_access_log;
    std::string background_model;  // AgentTarget::background_model
    // Proxy mode: readable once the sidecar failed before it was ready, and why (nullopt
    // while it has not); an agent running then is stopped and its attempt abandoned.
    int sidecar_failure_fd = -1;
    std::function<std::optional<std::string>()> sidecar_failure;
};

// The shortest attempt timeout a timeout retry is cut down to.
inline constexpr Duration k_min_attempt_timeout{5'000};

// The timeout for an attempt after `shorter_timeouts` timeout retries: halved each time, never
// below k_min_attempt_timeout (and 0 stays "none").
Duration attempt_timeout_for(Duration configured, int shorter_timeouts);

class CommandExecutor final : public AttemptExecutor {
  public:
    // Everything must outlive the executor. `redactor` learns every key handed to a child.
    CommandExecutor(lifeline::Context& context,
                    const std::vector<lifeline::routing::RouteCandidate>& chain,
                    const AgentAdapter& adapter, CommandSettings settings,
                    lifeline::provider::CredentialResolver& credentials,
                    lifeline::secret::Redactor& redactor);

    // Removes the private directory the agent's generated files went to.
    ~CommandExecutor() override;

    AttemptReport run_attempt(const AttemptRequest& request) override;
    lifeline::Status compress() override;

  private:
    AttemptReport run_child(const AttemptRequest& request);
    // The key the agent gets: the proxy's token in proxy mode, else the candidate's; either way
    // taught to the redactor.
    lifeline::Result<std::optional<lifeline::secret::Secret>> key_for(
        const lifeline::config::ProviderConfig& provider);
    // The child's spec: the adapter's argv and env, this attempt's timeouts, stdin, and the two
    // ways lifeline ends it early (its own stdout lost, the proxy failed before it was ready).
    lifeline::process::ProcessSpec process_spec(Invocation invocation,
                                                const AttemptRequest& request);
    // The report of an agent that lifeline ended (a forwarded signal, stdout lost, a timeout);
    // nullopt when the agent ended by itself.
    std::optional<AttemptReport> ended_by_lifeline(const lifeline::process::ProcessResult& result,
                                                   const lifeline::process::ProcessSpec& spec);
    // The report of an agent that ended by itself: the adapter's verdict, the config's classify
    // patterns over it.
    AttemptReport classified(const AgentOutput& output);
    std::optional<std::string> sidecar_failure() const;
    // Proxy mode: the proxy's requests during the attempt, and their class when it failed.
    void add_proxy_record(AttemptReport& report, lifeline::SystemTime started);
    // Writes the files the agent needs before it starts; an error names the file.
    lifeline::Status write_agent_files(const std::vector<AgentFile>& files);

    lifeline::Context& m_context;
    const std::vector<lifeline::routing::RouteCandidate>& m_chain;
    const AgentAdapter& m_adapter;
    CommandSettings m_settings;
    lifeline::provider::CredentialResolver& m_credentials;
    lifeline::secret::Redactor& m_redactor;
    StdoutSink m_stdout;
    bool m_noted_shared_stdin = false;
    bool m_wrote_private_dir = false;
};

}  // namespace run_with_failover
