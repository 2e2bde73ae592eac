// Codex CLI (`codex exec`): the candidate goes in as `-c` config overrides, the same ones
// pick-provider emits (routing/codex_profile.hpp: a model provider lifeline-<provider> on the
// Responses API, the key's variable as env_key, api-version for Azure, Codex's retries off).
// The result is read from the `--json` JSONL events when present, else from the human output's
// error lines.

#include <lifeline/routing/codex_profile.hpp>

#include "agent.hpp"
#include "agent_text.hpp"
#include "jsonl.hpp"

namespace run_with_failover {

namespace {

// The variable a command-auth token is handed over in (env auth keeps the provider's own).
constexpr const char* k_token_env = "LIFELINE_API_KEY";

class CodexAdapter final : public AgentAdapter {
  public:
    AgentKind kind() const override { return AgentKind::codex; }

    std::string unusable_reason(const lifeline::config::ProviderConfig& provider) const override {
        return lifeline::routing::codex_unusable_reason(provider);
    }

    Invocation prepare(const std::vector<std::string>& argv, EnvMap env,
                       const AgentTarget& target) const override {
        std::string env_key;  // "" = no key: Codex gets no env_key
        if (target.credential) {
            env_key = target.provider.auth.mode == lifeline::config::AuthConfig::Mode::env
                          ? target.provider.auth.env
                          : k_token_env;
            env[env_key] = std::string(target.credential->reveal());
        }
        // Direct: Codex's own retries stay off, lifeline's policy is the one retry layer (no
        // nested retries multiplying an outage's load). Through the proxy they stay on: a
        // stream the proxy ends without response.completed makes Codex resend the turn, which
        // the proxy serves from a healthy candidate.
        const lifeline::routing::CodexRetrySettings retries =
            target.via_proxy ? lifeline::routing::CodexRetrySettings{1, 2}
                             : lifeline::routing::CodexRetrySettings{0, 0};
        auto overrides =
            lifeline::routing::codex_overrides(target.provider, target.model, retries, env_key);

        std::vector<std::string> stripped = strip_flag(argv, {"-m", "--model"});
        Invocation invocation;
        invocation.env = std::move(env);
        invocation.argv = stripped;
        if (!overrides)
            return invocation;  // not reached: run() skips providers with an unusable_reason
        // Overrides go right after the codex executable: they are global options.
        size_t at = 1;
        for (size_t i = 0; i < stripped.size(); ++i) {
            if (detect_agent({stripped[i]}) == AgentKind::codex) {
                at = i + 1;
                break;
            }
        }
        at = std::min(at, stripped.size());
        std::vector<std::string> flags;
        for (const std::string& override : *overrides) {
            flags.push_back("-c");
            flags.push_back(override);
        }
        invocation.argv.insert(invocation.argv.begin() + static_cast<long>(at), flags.begin(),
                               flags.end());
        return invocation;
    }

    AgentVerdict classify(const AgentOutput& output, lifeline::SystemTime now) const override {
        std::optional<lifeline::provider::Usage> usage;
        std::string failure;       // turn.failed or a terminal error event
        std::string reconnecting;  // the last "Reconnecting..." (not terminal by itself)
        for_each_json_line(output.stdout_text, [&](const nlohmann::json& event) {
            const std::string type = json_string(event, "type");
            if (type == "turn.completed" && event.contains("usage")) {
                const nlohmann::json& u = event["usage"];
                if (!usage)
                    usage.emplace();
                usage->input_tokens += json_int(u, "input_tokens");
                usage->cached_input_tokens += json_int(u, "cached_input_tokens");
                usage->output_tokens += json_int(u, "output_tokens");
            } else if (type == "turn.failed") {
                failure = json_string(event.value("error", nlohmann::json::object()), "message");
            } else if (type == "error") {
                const std::string message = json_string(event, "message");
                if (message.rfind("Reconnecting", 0) == 0)
                    reconnecting = message;
                else
                    failure = message;
            }
        });
        if (output.exit_code == 0 && failure.empty())
            return success_verdict(usage);
        // The terminal error says what happened; a Reconnecting... line alone (the agent gave
        // up while retrying) still names the cause in its parentheses.
        std::string text = !failure.empty() ? failure : reconnecting;
        if (text.empty()) {
            text = std::string(tail_lines(output.stderr_text, 30)) + "\n" +
                   std::string(tail_lines(output.stdout_text, 10));
        }
        if (auto classification = classify_agent_text(text, now)) {
            AgentVerdict verdict;
            verdict.classification = *classification;
            if (verdict.classification.message.empty())
                verdict.classification.message = lifeline::one_line_message(text);
            verdict.usage = usage;
            return verdict;
        }
        if (output.exit_code == 0)
            return success_verdict(usage);
        return task_failed_verdict(output.exit_code, usage);
    }
};

}  // namespace

std::unique_ptr<AgentAdapter> make_codex_adapter() {
    return std::make_unique<CodexAdapter>();
}

}  // namespace run_with_failover
