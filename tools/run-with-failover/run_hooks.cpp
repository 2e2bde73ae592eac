#include "run_hooks.hpp"

#include <ostream>

#include <lifeline/output/github_commands.hpp>

namespace run_with_failover {

RunHooks::RunHooks(lifeline::app::ToolRun& tool, RunBookkeeping& bookkeeping,
                   const std::vector<lifeline::policy::Candidate>& chain, bool group_attempts)
    : m_tool(tool), m_bookkeeping(bookkeeping), m_chain(chain), m_group_attempts(group_attempts) {}

std::optional<std::string> RunHooks::admit(const AttemptRequest&) {
    return m_bookkeeping.admit();
}

void RunHooks::started(const AttemptRequest& request) {
    if (!m_tool.in_github_actions() || !m_group_attempts)
        return;
    lifeline::output::GitHubCommands commands(m_tool.context().err, m_tool.redactor());
    commands.group("Attempt " + std::to_string(request.number) + " \u2014 " +
                   m_chain.at(request.candidate).label());
    m_tool.context().err.flush();
    m_group_open = true;
}

void RunHooks::finished(const AttemptRequest&, const AttemptEntry& entry) {
    m_bookkeeping.record(entry);
    std::ostream& err = m_tool.context().err;
    if (m_group_open) {
        lifeline::output::GitHubCommands(err, m_tool.redactor()).end_group();
        m_group_open = false;
    }
    err << m_tool.redactor().redact("run-with-failover: " + describe(entry)) << "\n";
    if (entry.failure_class && (entry.next == "retry_same" || entry.next == "next_candidate" ||
                                entry.next == "compress_then_retry")) {
        std::string message = "attempt " + std::to_string(entry.number) + " on " + entry.label() +
                              " failed: " + to_string(*entry.failure_class);
        if (!entry.detail.empty())
            message += " (" + entry.detail + ")";
        message += "; " + entry.reason;
        m_tool.annotate(
            lifeline::output::AnnotationLevel::warning,
            entry.next == "retry_same" ? "run-with-failover: retry" : "run-with-failover: fallback",
            message);
    }
    err.flush();
}

}  // namespace run_with_failover
