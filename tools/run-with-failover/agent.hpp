#pragma once
// Agent adapters: how one attempt of a coding-agent CLI is pointed at a candidate (argv flags,
// environment) and how its result is read back (failure class, wait hint, token usage).
// One file per agent: agent_codex.cpp, agent_claude.cpp, agent_gemini.cpp, agent_generic.cpp.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <lifeline/classify/classification.hpp>
#include <lifeline/config/model.hpp>
#include <lifeline/provider/generation.hpp>
#include <lifeline/secret/secret.hpp>
#include <lifeline/util/time.hpp>

namespace run_with_failover {

enum class AgentKind { codex, claude, gemini, generic };

// "codex", "claude", "gemini", "generic".
const char* to_string(AgentKind kind);
// The kind for a name; nullopt for an unknown one.
std::optional<AgentKind> parse_agent_kind(std::string_view name);
// The agent a command runs, from the basename of its argv entries (codex, codex.js, claude,
// gemini); generic when none matches.
AgentKind detect_agent(const std::vector<std::string>& argv);

// The candidate one attempt runs on.
struct AgentTarget {
    const lifeline::config::ProviderConfig& provider;
    const lifeline::config::ModelConfig& model;
    // The key to hand over (nullptr = the provider needs none). Only ever put in the env.
    const lifeline::secret::Secret* credential = nullptr;
    std::optional<int> max_turns;  // --max-turns, for agents that take one
    // Retries the agent may make by itself on this candidate (agents with a retry setting);
    // they are counted against lifeline's attempt budget.
    int agent_retries = 0;
    // Turn off the agent's non-essential traffic (telemetry, usage statistics, update checks)
    // so it talks to the candidate only: the default under CI, --keep-agent-traffic keeps it.
    bool quiet = false;
    // A directory of this run, private to lifeline, where an adapter may give the agent a home
    // of its own (generated settings): the user's files are never touched. Absolute.
    std::string private_dir{};
    // The candidate is failover-proxy (proxy mode): the agent's own retries stay on (at least
    // one), since a turn the proxy ends with an error event is recovered by the agent resending it.
    bool via_proxy = false;
    // The model name for the agent's own background calls (Claude Code's small/fast model):
    // in proxy mode the lane's `background` lane. "" = the candidate's model.
    std::string background_model{};
};

using EnvMap = std::map<std::string, std::string>;

// A file the agent needs before it starts (generated settings), written under
// AgentTarget::private_dir with mode 0600.
struct AgentFile {
    std::string path;  // absolute, inside private_dir
    std::string content;
};

struct Invocation {
    std::vector<std::string> argv;
    EnvMap env;
    std::vector<AgentFile> files;
};

// What a finished child left: its exit code and the tails of what it printed.
struct AgentOutput {
    int exit_code = 0;
    std::string_view stdout_text;
    std::string_view stderr_text;
    int agent_retries = 0;  // AgentTarget::agent_retries of the attempt
};

struct AgentVerdict {
    // No failure_class = the attempt succeeded. task_failed = the agent ran but the task
    // failed (the run keeps the child's exit code).
    lifeline::Classification classification;
    std::optional<lifeline::provider::Usage> usage;  // nullopt: the agent reported none
    // Retries the agent made by itself before giving up (counted against the attempt budget).
    int agent_retries = 0;
    // The agent could not start for a reason of its set-up, not of the provider (Gemini CLI's
    // "Invalid auth method selected", an untrusted folder): the run stops with exit 2 and this
    // text, which names the fix. "" = none.
    std::string setup_error;
};

class AgentAdapter {
  public:
    virtual ~AgentAdapter() = default;
    virtual AgentKind kind() const = 0;
    // Whether prepare() hands AgentTarget::max_turns to the agent (Claude Code's --max-turns,
    // Gemini CLI's maxSessionTurns setting; Codex has none).
    virtual bool takes_max_turns() const { return false; }
    // Whether the agent retries failed model requests by itself with a count prepare() sets
    // from AgentTarget::agent_retries (Claude Code, Gemini CLI); Codex's are turned off.
    virtual bool retries_in_session() const { return false; }
    // Why this agent cannot talk to `provider` at all ("" = it can): such candidates are
    // skipped before the run, never attempted. Only certain mismatches count (Codex cannot use
    // an Anthropic or Gemini API); gateways that translate are the user's call.
    virtual std::string unusable_reason(const lifeline::config::ProviderConfig&) const {
        return "";
    }
    // The child's argv and environment for one attempt: the user's command and environment
    // with the candidate injected (a candidate with an unusable_reason is never prepared). Keys go
    // into the environment only, never argv.
    virtual Invocation prepare(const std::vector<std::string>& argv, EnvMap env,
                               const AgentTarget& target) const = 0;
    // Reads the result back. Timeouts are not its business (the runner knows those).
    virtual AgentVerdict classify(const AgentOutput& output, lifeline::SystemTime now) const = 0;
};

std::unique_ptr<AgentAdapter> make_agent_adapter(AgentKind kind);

// --- helpers shared by the adapters ---

// The provider's base URL, or the kind's default when the config left it empty.
std::string effective_base_url(const lifeline::config::ProviderConfig& provider);
// `argv` without `flags` and their values ("-m X", "--model X", "--model=X").
std::vector<std::string> strip_flag(const std::vector<std::string>& argv,
                                    const std::vector<std::string>& flags);
// The last `count` lines of `text`.
std::string_view tail_lines(std::string_view text, size_t count);
// A successful verdict with `usage`.
AgentVerdict success_verdict(std::optional<lifeline::provider::Usage> usage);
// `verdict` with the retries the agent was allowed (output.agent_retries) counted as made when
// its class is one the agent retries by itself (`retries_class`).
AgentVerdict count_agent_retries(AgentVerdict verdict, const AgentOutput& output,
                                 bool (*retries_class)(lifeline::FailureClass));
// task_failed with the child's exit code in the reason.
AgentVerdict task_failed_verdict(int exit_code, std::optional<lifeline::provider::Usage> usage);

}  // namespace run_with_failover
