// Claude Code (`claude -p`): the candidate goes in as ANTHROPIC_BASE_URL, every model variable
// Claude Code reads (main, small/fast and the haiku/sonnet/opus defaults, so no request leaves
// the chain), the key, and CLAUDE_CODE_MAX_RETRIES (lifeline owns the retry budget: Claude
// Code's default of 10 retries would storm a failing provider). The result is read from
// `--output-format json|stream-json` (the `result` object's is_error, subtype, api_error_status,
// result text and usage), because the exit code alone does not tell an API error from a
// finished task. As root Claude Code refuses --dangerously-skip-permissions: headless runs
// allow tools with --allowedTools.

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

// Every variable that names a model Claude Code may ask for.
constexpr const char* k_model_variables[] = {
    "ANTHROPIC_MODEL",
    "ANTHROPIC_SMALL_FAST_MODEL",
    "ANTHROPIC_DEFAULT_HAIKU_MODEL",
    "ANTHROPIC_DEFAULT_SONNET_MODEL",
    "ANTHROPIC_DEFAULT_OPUS_MODEL",
    "CLAUDE_CODE_SUBAGENT_MODEL",
};

// The variables of the small, fast model Claude Code uses for its own background calls.
constexpr const char* k_background_variables[] = {
    "ANTHROPIC_SMALL_FAST_MODEL",
    "ANTHROPIC_DEFAULT_HAIKU_MODEL",
};

// Anthropic's own API: everything else (a gateway, a compatible server) may reject the
// experimental betas Claude Code asks for.
bool is_anthropic_api(const std::string& base_url) {
    return base_url.find("://api.anthropic.com") != std::string::npos;
}

// Claude Code retries every failed API request by itself (429, 5xx, 529, 401 alike; a
// Retry-After it will not wait for excepted), never a request the caller got wrong.
bool claude_retries(lifeline::FailureClass failure_class) {
    return !lifeline::is_caller_side(failure_class);
}

class ClaudeAdapter final : public AgentAdapter {
  public:
    AgentKind kind() const override { return AgentKind::claude; }
    bool takes_max_turns() const override { return true; }
    bool retries_in_session() const override { return true; }

    Invocation prepare(const std::vector<std::string>& argv, EnvMap env,
                       const AgentTarget& target) const override {
        const std::string base_url = effective_base_url(target.provider);
        env["ANTHROPIC_BASE_URL"] = base_url;
        for (const char* variable : k_model_variables)
            env[variable] = target.model.upstream_id();
        if (!target.background_model.empty()) {
            for (const char* variable : k_background_variables)
                env[variable] = target.background_model;
        }
        // A token of the user's own would be sent beside (or instead of) the candidate's key.
        env.erase("ANTHROPIC_AUTH_TOKEN");
        env.erase("ANTHROPIC_API_KEY");
        if (target.credential) {
            env["ANTHROPIC_API_KEY"] = std::string(target.credential->reveal());
            if (target.provider.auth.mode == lifeline::config::AuthConfig::Mode::env)
                env[target.provider.auth.env] = std::string(target.credential->reveal());
        }
        env["CLAUDE_CODE_MAX_RETRIES"] = std::to_string(std::max(0, target.agent_retries));
        if (!is_anthropic_api(base_url))
            env["CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS"] = "1";
        if (target.quiet) {
            env["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1";
            env["DISABLE_TELEMETRY"] = "1";
            env["DISABLE_AUTOUPDATER"] = "1";
            env["DISABLE_ERROR_REPORTING"] = "1";
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
        // A class Claude Code retries by itself was retried CLAUDE_CODE_MAX_RETRIES times
        // before it gave up: those requests count against lifeline's budget.
        return count_agent_retries(read_verdict(output, now), output, claude_retries);
    }

  private:
    static AgentVerdict read_verdict(const AgentOutput& output, lifeline::SystemTime now) {
        if (auto result = find_result(output.stdout_text)) {
            const auto usage = claude_usage(*result);
            // Read without throwing: a non-boolean is_error is taken as absent.
            const nlohmann::json* is_error_field = lifeline::json_member(*result, "is_error");
            const bool is_error =
                is_error_field && is_error_field->is_boolean() && is_error_field->get<bool>();
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
            // "API Error: 529 {...}" in `result`, and the bare status in api_error_status.
            std::string text = json_string(*result, "result");
            if (const int64_t status = json_int(*result, "api_error_status"); status >= 400)
                text += "\nstatus " + std::to_string(status);
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
