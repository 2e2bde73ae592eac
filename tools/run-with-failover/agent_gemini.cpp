// Gemini CLI (`gemini -p`): the candidate goes in as GOOGLE_GEMINI_BASE_URL, GEMINI_API_KEY
// and `-m`; the result is read from `--output-format json` ({response, stats, error}) or
// stream-json (`result` / `error` events), its documented exit codes, and its error texts
// (RESOURCE_EXHAUSTED, "User location is not supported").

#include "agent.hpp"
#include "agent_text.hpp"
#include "jsonl.hpp"

namespace run_with_failover {

namespace {

// Gemini CLI's fatal exit codes (packages/core FatalError subclasses).
constexpr int k_exit_auth = 41;
constexpr int k_exit_input = 42;
constexpr int k_exit_sandbox = 44;
constexpr int k_exit_config = 52;
constexpr int k_exit_turn_limit = 53;

// stats.models.<name>.tokens {prompt, candidates, cached, thoughts} summed over the models
// (json), or the result event's stats {input_tokens, output_tokens} (stream-json).
std::optional<lifeline::provider::Usage> gemini_usage(const nlohmann::json& stats) {
    if (!stats.is_object())
        return std::nullopt;
    lifeline::provider::Usage usage;
    bool found = false;
    if (stats.contains("models") && stats["models"].is_object()) {
        for (const auto& [name, model] : stats["models"].items()) {
            if (!model.contains("tokens"))
                continue;
            const nlohmann::json& tokens = model["tokens"];
            usage.input_tokens += json_int(tokens, "prompt");
            usage.output_tokens += json_int(tokens, "candidates") + json_int(tokens, "thoughts");
            usage.cached_input_tokens += json_int(tokens, "cached");
            usage.reasoning_tokens += json_int(tokens, "thoughts");
            found = true;
        }
    } else if (stats.contains("input_tokens") || stats.contains("output_tokens")) {
        usage.input_tokens = json_int(stats, "input_tokens");
        usage.output_tokens = json_int(stats, "output_tokens");
        usage.cached_input_tokens = json_int(stats, "cached");
        found = true;
    }
    return found ? std::optional(usage) : std::nullopt;
}

class GeminiAdapter final : public AgentAdapter {
  public:
    AgentKind kind() const override { return AgentKind::gemini; }

    Invocation prepare(const std::vector<std::string>& argv, EnvMap env,
                       const AgentTarget& target) const override {
        env["GOOGLE_GEMINI_BASE_URL"] = effective_base_url(target.provider);
        if (target.credential)
            env["GEMINI_API_KEY"] = std::string(target.credential->reveal());
        Invocation invocation;
        invocation.argv = strip_flag(argv, {"-m", "--model"});
        invocation.argv.insert(invocation.argv.begin() + (invocation.argv.empty() ? 0 : 1),
                               {"-m", target.model.upstream_id()});
        invocation.env = std::move(env);
        return invocation;
    }

    AgentVerdict classify(const AgentOutput& output, lifeline::SystemTime now) const override {
        std::optional<lifeline::provider::Usage> usage;
        std::string error_text;
        auto read_document = [&](const nlohmann::json& doc) {
            if (doc.contains("stats"))
                usage = gemini_usage(doc["stats"]);
            if (doc.contains("error") && doc["error"].is_object()) {
                const nlohmann::json& error = doc["error"];
                const int64_t code = json_int(error, "code");
                error_text = (code >= 400 && code <= 599 ? "status " + std::to_string(code) + " "
                                                         : std::string()) +
                             json_string(error, "message");
            }
        };
        if (auto whole = try_parse_json(output.stdout_text); whole && whole->is_object()) {
            read_document(*whole);
        } else {
            for_each_json_line(output.stdout_text, [&](const nlohmann::json& event) {
                const std::string type = json_string(event, "type");
                if (type == "result") {
                    read_document(event);
                    if (json_string(event, "status") == "error" && error_text.empty())
                        error_text = json_string(event, "message");
                }
            });
        }
        if (output.exit_code == 0 && error_text.empty())
            return success_verdict(usage);

        AgentVerdict verdict;
        verdict.usage = usage;
        const std::string text = !error_text.empty()
                                     ? error_text
                                     : std::string(tail_lines(output.stderr_text, 30)) + "\n" +
                                           std::string(tail_lines(output.stdout_text, 10));
        if (auto classification = classify_agent_text(text, now)) {
            verdict.classification = *classification;
            return verdict;
        }
        switch (output.exit_code) {
            case k_exit_auth:
                verdict.classification.failure_class = lifeline::FailureClass::auth;
                verdict.classification.reason = "gemini exit 41 (authentication failed)";
                return verdict;
            case k_exit_input:
                verdict.classification.failure_class = lifeline::FailureClass::bad_request;
                verdict.classification.reason = "gemini exit 42 (invalid prompt or arguments)";
                return verdict;
            case k_exit_turn_limit:
                verdict.classification.failure_class = lifeline::FailureClass::budget_exceeded;
                verdict.classification.reason = "gemini exit 53 (turn limit exceeded)";
                return verdict;
            case k_exit_sandbox:
            case k_exit_config:
            default:
                break;
        }
        if (output.exit_code == 0)
            return success_verdict(usage);
        return task_failed_verdict(output.exit_code, usage);
    }
};

}  // namespace

std::unique_ptr<AgentAdapter> make_gemini_adapter() {
    return std::make_unique<GeminiAdapter>();
}

}  // namespace run_with_failover
