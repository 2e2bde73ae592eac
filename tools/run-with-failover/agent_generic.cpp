// Any other command: placeholders {model} {provider} {base_url} in argv, and the candidate in
// LIFELINE_* and OPENAI_* variables (what OpenAI-compatible tools read). Success is exit 0;
// a failure is a provider failure only when the output names one.

#include "agent.hpp"
#include "agent_text.hpp"

namespace run_with_failover {

namespace {

std::string replace_all(std::string text, std::string_view from, const std::string& to) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

class GenericAdapter final : public AgentAdapter {
  public:
    AgentKind kind() const override { return AgentKind::generic; }

    Invocation prepare(const std::vector<std::string>& argv, EnvMap env,
                       const AgentTarget& target) const override {
        const std::string model = target.model.upstream_id();
        const std::string base_url = effective_base_url(target.provider);
        Invocation invocation;
        for (std::string arg : argv) {
            arg = replace_all(std::move(arg), "{model}", model);
            arg = replace_all(std::move(arg), "{provider}", target.provider.name);
            arg = replace_all(std::move(arg), "{base_url}", base_url);
            invocation.argv.push_back(std::move(arg));
        }
        env["LIFELINE_PROVIDER"] = target.provider.name;
        env["LIFELINE_MODEL"] = model;
        env["LIFELINE_BASE_URL"] = base_url;
        env["OPENAI_BASE_URL"] = base_url;
        env["OPENAI_MODEL"] = model;
        if (target.credential) {
            env["OPENAI_API_KEY"] = std::string(target.credential->reveal());
            env["LIFELINE_API_KEY"] = std::string(target.credential->reveal());
        }
        invocation.env = std::move(env);
        return invocation;
    }

    AgentVerdict classify(const AgentOutput& output, lifeline::SystemTime now) const override {
        if (output.exit_code == 0)
            return success_verdict(std::nullopt);
        const std::string text = std::string(tail_lines(output.stderr_text, 30)) + "\n" +
                                 std::string(tail_lines(output.stdout_text, 10));
        if (auto classification = classify_agent_text(text, now)) {
            AgentVerdict verdict;
            verdict.classification = *classification;
            return verdict;
        }
        return task_failed_verdict(output.exit_code, std::nullopt);
    }
};

}  // namespace

std::unique_ptr<AgentAdapter> make_generic_adapter() {
    return std::make_unique<GenericAdapter>();
}

}  // namespace run_with_failover
