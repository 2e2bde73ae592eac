#include <algorithm>
#include <set>

#include <lifeline/core/exit_codes.hpp>
#include <lifeline/policy/chain_outcome.hpp>

namespace lifeline::policy {

const char* to_string(ChainResult result) {
    switch (result) {
        case ChainResult::succeeded:
            return "succeeded";
        case ChainResult::task_failed:
            return "task_failed";
        case ChainResult::budget_exceeded:
            return "budget_exceeded";
        case ChainResult::all_transient:
            return "all_transient";
        case ChainResult::auth_everywhere:
            return "auth_everywhere";
        case ChainResult::failed:
            return "failed";
    }
    return "failed";
}

namespace {

std::string plural(size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

ChainOutcome chain_outcome(const std::vector<AttemptRecord>& history) {
    ChainOutcome outcome;
    if (history.empty()) {
        outcome.summary = "no attempt was made";
        return outcome;
    }
    std::set<size_t> candidates;
    for (const AttemptRecord& record : history)
        candidates.insert(record.candidate);
    const std::string tried =
        plural(history.size(), "attempt") + " on " + plural(candidates.size(), "candidate");

    const AttemptOutcome& last = history.back().outcome;
    if (last.success) {
        outcome.result = ChainResult::succeeded;
        outcome.exit_code = to_int(ExitCode::ok);
        outcome.summary = "succeeded after " + tried;
        return outcome;
    }
    outcome.last_class = last.failure_class;
    if (last.failure_class == FailureClass::task_failed) {
        outcome.result = ChainResult::task_failed;
        // The child's code is the test verdict CI should see; a "failed" task that exited 0
        // must still not pass the job.
        outcome.exit_code = last.exit_code != 0 ? last.exit_code : to_int(ExitCode::failed);
        outcome.summary =
            "the task failed (exit " + std::to_string(last.exit_code) + ") after " + tried;
        return outcome;
    }
    if (last.failure_class == FailureClass::budget_exceeded) {
        outcome.result = ChainResult::budget_exceeded;
        outcome.exit_code = to_int(ExitCode::failed);
        outcome.summary = "budget exceeded after " + tried;
        return outcome;
    }
    auto failures_all = [&history](auto predicate) {
        return std::all_of(history.begin(), history.end(), [&](const AttemptRecord& record) {
            return record.outcome.success || predicate(record.outcome.failure_class);
        });
    };
    if (failures_all([](FailureClass c) { return is_transient(c); })) {
        outcome.result = ChainResult::all_transient;
        outcome.exit_code = to_int(ExitCode::all_transient);
        outcome.summary = tried + ", all failed transiently";
    } else if (failures_all([](FailureClass c) { return c == FailureClass::auth; })) {
        outcome.result = ChainResult::auth_everywhere;
        outcome.exit_code = to_int(ExitCode::auth_failed);
        outcome.summary = tried + ", authentication failed everywhere";
    } else {
        outcome.result = ChainResult::failed;
        outcome.exit_code = to_int(ExitCode::failed);
        outcome.summary = tried + ", last failure " + std::string(to_string(last.failure_class));
    }
    return outcome;
}

}  // namespace lifeline::policy
