#pragma once
// How a whole run over a chain ended, and the exit code that tells CI (docs/architecture.md exit
// codes).

#include <optional>
#include <string>
#include <vector>

#include <lifeline/policy/chain_state.hpp>

namespace lifeline::policy {

enum class ChainResult {
    succeeded,        // the last attempt succeeded (exit 0)
    task_failed,      // the agent ran and the task failed: the child's own exit code
    budget_exceeded,  // a budget refused the next attempt (exit 1)
    all_transient,    // every failure was transient: a later job retry may pass (exit 75)
    auth_everywhere,  // every failure was auth (exit 77)
    failed,           // anything else (exit 1)
};

// "succeeded", "task_failed", "budget_exceeded", "all_transient", "auth_everywhere", "failed".
const char* to_string(ChainResult result);

struct ChainOutcome {
    ChainResult result = ChainResult::failed;
    int exit_code = 1;
    std::optional<FailureClass> last_class;  // nullopt on success or when nothing ran
    std::string summary;  // e.g. "3 attempts on 2 candidates, all failed transiently"
};

// The outcome of a chain whose attempts are `history` (the final attempt last), judged by the
// final attempt first (success, task_failed, budget_exceeded) and then by every failure: all
// transient -> 75, all auth -> 77, else 1. A task_failed child that exited 0 still yields 1.
// An empty history is `failed` (nothing could run).
ChainOutcome chain_outcome(const std::vector<AttemptRecord>& history);

}  // namespace lifeline::policy
