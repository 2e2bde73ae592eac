#pragma once
// What happens around each attempt of a real run: the budget check, the ledger and health
// bookkeeping, one progress line on stderr, and under GitHub Actions a
// `::group::Attempt N — provider/model` fold per attempt with a warning annotation when the
// run retries or falls back.

#include <vector>

#include <lifeline/app/tool_support.hpp>
#include <lifeline/policy/candidate.hpp>

#include "budget.hpp"
#include "failover_loop.hpp"

namespace run_with_failover {

class RunHooks final : public LoopHooks {
  public:
    // All references must outlive the hooks. `group_attempts`: fold each attempt's output in
    // the GitHub log (command mode; request mode keeps stdout for the body).
    RunHooks(lifeline::app::ToolRun& tool, RunBookkeeping& bookkeeping,
             const std::vector<lifeline::policy::Candidate>& chain, bool group_attempts);

    std::optional<std::string> admit(const AttemptRequest& request) override;
    void started(const AttemptRequest& request) override;
    void finished(const AttemptRequest& request, const AttemptEntry& entry) override;

  private:
    lifeline::app::ToolRun& m_tool;
    RunBookkeeping& m_bookkeeping;
    const std::vector<lifeline::policy::Candidate>& m_chain;
    bool m_group_attempts;
    bool m_group_open = false;
};

}  // namespace run_with_failover
