#pragma once
// Where a run over a failover chain stands: the candidates, the attempts made so far and the
// time spent. run-with-failover owns one ChainState and feeds it to decide_next (attempt_plan.hpp).

#include <algorithm>
#include <cstddef>
#include <optional>
#include <vector>

#include <lifeline/classify/failure_class.hpp>
#include <lifeline/policy/candidate.hpp>
#include <lifeline/util/duration.hpp>

namespace lifeline::policy {

// What one attempt ended with.
struct AttemptOutcome {
    bool success = false;
    FailureClass failure_class = FailureClass::server_error;  // meaningful when !success
    int exit_code = 0;                  // the child's own exit code (command mode)
    std::optional<Duration> wait_hint;  // Retry-After and friends; nullopt = none sent
    // Output already reached the caller (request mode: the first byte was written). Nothing
    // can be retried or handed to another candidate after that.
    bool committed = false;
    // Retries the agent made by itself on this candidate inside the attempt (Claude Code's
    // CLAUDE_CODE_MAX_RETRIES): they count against the attempt budget and the class's
    // same-candidate retries as if lifeline had made them.
    int agent_retries = 0;

    static AttemptOutcome succeeded() {
        AttemptOutcome outcome;
        outcome.success = true;
        return outcome;
    }
    static AttemptOutcome failed(FailureClass failure_class,
                                 std::optional<Duration> wait_hint = std::nullopt) {
        AttemptOutcome outcome;
        outcome.failure_class = failure_class;
        outcome.wait_hint = wait_hint;
        return outcome;
    }
};

struct AttemptRecord {
    size_t candidate = 0;  // index into ChainState::candidates
    AttemptOutcome outcome;
    int compress_runs = 0;  // times the prompt had been compressed when this attempt ran
};

struct ChainState {
    std::vector<Candidate> candidates;   // in order of preference
    size_t current = 0;                  // the candidate of the attempt just made
    int attempts_used = 0;               // finished attempts over the whole chain
    int attempts_on_current = 0;         // finished attempts on `current` since moving to it
    int compress_runs = 0;               // times the compress hook ran
    Duration elapsed{0};                 // since the chain started, when deciding
    std::vector<AttemptRecord> history;  // every finished attempt, in order

    // True when any attempt ran on candidate `index`.
    bool attempted(size_t index) const {
        return std::any_of(history.begin(), history.end(),
                           [index](const AttemptRecord& r) { return r.candidate == index; });
    }
};

}  // namespace lifeline::policy
