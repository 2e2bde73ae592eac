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
};

using EnvMap = std::map<std::string, std::string>;

struct Invocation {
    std::vector<std::string> argv;
    EnvMap env;
};

// What a finished child left: its exit code and the tails of what it printed.
struct AgentOutput {
    int exit_code = 0;
    std::string_view stdout_text;
    std::string_view stderr_text;
};

struct AgentVerdict {
    // No failure_class = the attempt succeeded. task_failed = the agent ran but the task
    // failed (the run keeps the child's exit code).
    lifeline::Classification classification;
    std::optional<lifeline::provider::Usage> usage;  // nullopt: the agent reported none
};

class AgentAdapter {
  public:
    virtual ~AgentAdapter() = default;
    virtual AgentKind kind() const = 0;
    // Whether prepare() hands AgentTarget::max_turns to the agent (only Claude Code has a
    // turn-limit flag; Codex has none, Gemini CLI reads one from its settings.json only).
    virtual bool takes_max_turns() const { return false; }
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
// task_failed with the child's exit code in the reason.
AgentVerdict task_failed_verdict(int exit_code, std::optional<lifeline::provider::Usage> usage);

}  // namespace run_with_failover
