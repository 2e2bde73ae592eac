// Claude Code (`claude -p`): the candidate goes in as ANTHROPIC_BASE_URL / ANTHROPIC_MODEL and
// the key env; the result is read from `--output-format json|stream-json` (the `result`
// object's is_error, subtype, result text and usage), because the exit code alone does not
// tell an API error from a finished task.

#include <lifeline/provider/usage_json.hpp>

#include "agent.hpp"
#include "agent_text.hpp"
#include "jsonl.hpp"

namespace run_with_failover {

namespace {

std::optional<lifeline::provider::Usage> claude_usage(const nlohmann::json& result) {
    // The result object carries the Anthropic API's usage object as it is.
    if (!result.contains("usage"))
        return std::nullopt;
    return lifeline::provider::anthropic_usage(result["usage"]);
}

// The final `result` object: the one document of --output-format json, or the last
// {"type":"result"} line of stream-json.
std::optional<nlohmann::json> find_result(std::string_view stdout_text) {
    if (auto whole = try_parse_json(stdout_text); whole && whole->is_object())
        return whole;
    std::optional<nlohmann::json> result;
    for_each_json_line(stdout_text, [&](const nlohmann::json& event) {
        if (json_string(event, "type") == "result")
            result = event;
    });
    return result;
}

class ClaudeAdapter final : public AgentAdapter {
  public:
    AgentKind kind() const override { return AgentKind::claude; }
    bool takes_max_turns() const override { return true; }

    Invocation prepare(const std::vector<std::string>& argv, EnvMap env,
                       const AgentTarget& target) const override {
        env["ANTHROPIC_BASE_URL"] = effective_base_url(target.provider);
        env["ANTHROPIC_MODEL"] = target.model.upstream_id();
        if (target.credential) {
            env["ANTHROPIC_API_KEY"] = std::string(target.credential->reveal());
            if (target.provider.auth.mode == lifeline::config::AuthConfig::Mode::env)
                env[target.provider.auth.env] = std::string(target.credential->reveal());
        }
        Invocation invocation;
        invocation.argv = strip_flag(argv, {"--model"});
        if (target.max_turns) {
            invocation.argv = strip_flag(invocation.argv, {"--max-turns"});
            invocation.argv.insert(invocation.argv.begin() + 1,
                                   {"--max-turns", std::to_string(*target.max_turns)});
        }
        invocation.env = std::move(env);
        return invocation;
    }

    AgentVerdict classify(const AgentOutput& output, lifeline::SystemTime now) const override {
        if (auto result = find_result(output.stdout_text)) {
            const auto usage = claude_usage(*result);
            const bool is_error = result->value("is_error", false);
            const std::string subtype = json_string(*result, "subtype");
            if (!is_error && (subtype.empty() || subtype == "success"))
                return success_verdict(usage);
            AgentVerdict verdict;
            verdict.usage = usage;
            if (subtype == "error_max_turns") {
                verdict.classification.failure_class = lifeline::FailureClass::budget_exceeded;
                verdict.classification.reason = "claude stopped at its --max-turns limit";
                return verdict;
            }
            const std::string text = json_string(*result, "result");
            if (auto classification = classify_agent_text(text, now)) {
                verdict.classification = *classification;
                return verdict;
            }
            return task_failed_verdict(output.exit_code == 0 ? 1 : output.exit_code, usage);
        }
        // Text output: "API Error: ..." lines and the usage-limit notice.
        const std::string text = std::string(tail_lines(output.stderr_text, 30)) + "\n" +
                                 std::string(tail_lines(output.stdout_text, 10));
        if (output.exit_code != 0 || text.find("API Error") != std::string::npos ||
            text.find("usage limit reached") != std::string::npos) {
            if (auto classification = classify_agent_text(text, now)) {
                AgentVerdict verdict;
                verdict.classification = *classification;
                return verdict;
            }
        }
        if (output.exit_code == 0)
            return success_verdict(std::nullopt);
        return task_failed_verdict(output.exit_code, std::nullopt);
    }
};

}  // namespace

std::unique_ptr<AgentAdapter> make_claude_adapter() {
    return std::make_unique<ClaudeAdapter>();
}

}  // namespace run_with_failover
