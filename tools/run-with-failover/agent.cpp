#include "agent.hpp"

#include <algorithm>

namespace run_with_failover {

std::unique_ptr<AgentAdapter> make_codex_adapter();
std::unique_ptr<AgentAdapter> make_claude_adapter();
std::unique_ptr<AgentAdapter> make_gemini_adapter();
std::unique_ptr<AgentAdapter> make_generic_adapter();

const char* to_string(AgentKind kind) {
    switch (kind) {
        case AgentKind::codex:
            return "codex";
        case AgentKind::claude:
            return "claude";
        case AgentKind::gemini:
            return "gemini";
        case AgentKind::generic:
            return "generic";
    }
    return "generic";
}

std::optional<AgentKind> parse_agent_kind(std::string_view name) {
    for (AgentKind kind :
         {AgentKind::codex, AgentKind::claude, AgentKind::gemini, AgentKind::generic}) {
        if (name == to_string(kind))
            return kind;
    }
    return std::nullopt;
}

AgentKind detect_agent(const std::vector<std::string>& argv) {
    // Look past wrappers such as `npx`, `node` or `env`: the first entry naming an agent wins.
    for (const std::string& arg : argv) {
        const size_t slash = arg.find_last_of('/');
        const std::string base = slash == std::string::npos ? arg : arg.substr(slash + 1);
        if (base == "codex" || base == "codex.js")
            return AgentKind::codex;
        if (base == "claude")
            return AgentKind::claude;
        if (base == "gemini")
            return AgentKind::gemini;
        if (!arg.empty() && arg[0] == '-')
            break;
    }
    return AgentKind::generic;
}

std::unique_ptr<AgentAdapter> make_agent_adapter(AgentKind kind) {
    switch (kind) {
        case AgentKind::codex:
            return make_codex_adapter();
        case AgentKind::claude:
            return make_claude_adapter();
        case AgentKind::gemini:
            return make_gemini_adapter();
        case AgentKind::generic:
            break;
    }
    return make_generic_adapter();
}

std::string effective_base_url(const lifeline::config::ProviderConfig& provider) {
    return provider.base_url.empty() ? lifeline::config::default_base_url(provider.kind)
                                     : provider.base_url;
}

std::vector<std::string> strip_flag(const std::vector<std::string>& argv,
                                    const std::vector<std::string>& flags) {
    std::vector<std::string> kept;
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& arg = argv[i];
        if (arg == "--") {  // everything after belongs to the agent's prompt
            kept.insert(kept.end(), argv.begin() + static_cast<long>(i), argv.end());
            return kept;
        }
        bool dropped = false;
        for (const std::string& flag : flags) {
            if (arg == flag) {
                ++i;  // and its value
                dropped = true;
                break;
            }
            if (arg.rfind(flag + "=", 0) == 0) {
                dropped = true;
                break;
            }
        }
        if (!dropped)
            kept.push_back(arg);
    }
    return kept;
}

std::string_view tail_lines(std::string_view text, size_t count) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
        text.remove_suffix(1);
    size_t pos = text.size();
    for (size_t lines = 0; lines < count; ++lines) {
        const size_t newline = text.rfind('\n', pos == 0 ? 0 : pos - 1);
        if (newline == std::string_view::npos || pos == 0)
            return text;
        pos = newline;
    }
    return text.substr(pos + 1);
}

AgentVerdict success_verdict(std::optional<lifeline::provider::Usage> usage) {
    AgentVerdict verdict;
    verdict.usage = usage;
    return verdict;
}

AgentVerdict count_agent_retries(AgentVerdict verdict, const AgentOutput& output,
                                 bool (*retries_class)(lifeline::FailureClass)) {
    if (verdict.classification.failure_class &&
        retries_class(*verdict.classification.failure_class))
        verdict.agent_retries = output.agent_retries;
    return verdict;
}

AgentVerdict task_failed_verdict(int exit_code, std::optional<lifeline::provider::Usage> usage) {
    AgentVerdict verdict;
    verdict.classification.failure_class = lifeline::FailureClass::task_failed;
    verdict.classification.reason =
        "exit " + std::to_string(exit_code) + " with no provider failure in the output";
    verdict.usage = usage;
    return verdict;
}

}  // namespace run_with_failover
