// Codex CLI (`codex exec`): the candidate goes in as `-c` config overrides (a model provider
// named lifeline_<provider> with the key's env var as env_key); the result is read from the
// `--json` JSONL events when present, else from the human output's error lines.

#include <lifeline/provider/wire_api.hpp>

#include "agent.hpp"
#include "agent_text.hpp"
#include "jsonl.hpp"

namespace run_with_failover {

namespace {

// The variable a command-auth token is handed over in (env auth keeps the provider's own).
constexpr const char* k_token_env = "LIFELINE_API_KEY";

std::string codex_provider_id(const std::string& provider) {
    std::string id = "lifeline_";
    for (char c : provider)
        id += (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') ? c : '_';
    return id;
}

// A TOML basic string (the value syntax of `codex -c key=value`).
std::string toml_string(std::string_view text) {
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\')
            quoted += '\\';
        quoted += c;
    }
    return quoted + "\"";
}

class CodexAdapter final : public AgentAdapter {
  public:
    AgentKind kind() const override { return AgentKind::codex; }

    Invocation prepare(const std::vector<std::string>& argv, EnvMap env,
                       const AgentTarget& target) const override {
        const std::string id = codex_provider_id(target.provider.name);
        std::string env_key;
        if (target.credential) {
            env_key = target.provider.auth.mode == lifeline::config::AuthConfig::Mode::env
                          ? target.provider.auth.env
                          : k_token_env;
            env[env_key] = std::string(target.credential->reveal());
        }
        const bool responses =
            lifeline::provider::native_wire_api(target.provider, &target.model) ==
            lifeline::provider::WireApi::responses;
        std::string table = "{ name = " + toml_string(target.provider.name) +
                            ", base_url = " + toml_string(effective_base_url(target.provider));
        if (!env_key.empty())
            table += ", env_key = " + toml_string(env_key);
        // Codex's own retries stay off: lifeline's policy is the one retry layer (no nested
        // retries multiplying an outage's load).
        table += std::string(", wire_api = ") + (responses ? "\"responses\"" : "\"chat\"") +
                 ", request_max_retries = 0, stream_max_retries = 0 }";

        std::vector<std::string> stripped = strip_flag(argv, {"-m", "--model"});
        // Overrides go right after the codex executable: they are global options.
        size_t at = 1;
        for (size_t i = 0; i < stripped.size(); ++i) {
            if (detect_agent({stripped[i]}) == AgentKind::codex) {
                at = i + 1;
                break;
            }
        }
        at = std::min(at, stripped.size());
        const std::vector<std::string> overrides = {
            "-c", "model_provider=" + toml_string(id),
            "-c", "model_providers." + id + "=" + table,
            "-c", "model=" + toml_string(upstream_model_id(target.model)),
        };
        Invocation invocation;
        invocation.argv = stripped;
        invocation.argv.insert(invocation.argv.begin() + static_cast<long>(at), overrides.begin(),
                               overrides.end());
        invocation.env = std::move(env);
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
