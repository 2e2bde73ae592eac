#include <algorithm>

#include <lifeline/policy/attempt_plan.hpp>
#include <lifeline/policy/candidate_selection.hpp>
#include <lifeline/policy/class_policy.hpp>
#include <lifeline/policy/wait_decision.hpp>
#include <lifeline/util/strings.hpp>

namespace lifeline::policy {

const char* to_string(NextStep::Kind kind) {
    switch (kind) {
        case NextStep::Kind::retry_same:
            return "retry_same";
        case NextStep::Kind::next_candidate:
            return "next_candidate";
        case NextStep::Kind::compress_then_retry:
            return "compress_then_retry";
        case NextStep::Kind::stop:
            return "stop";
    }
    return "stop";
}

namespace {

std::vector<AttemptRecord> history_with(const ChainState& state, const AttemptOutcome& outcome) {
    std::vector<AttemptRecord> history = state.history;
    history.push_back(AttemptRecord{state.current, outcome, state.compress_runs});
    return history;
}

NextStep stop_step(const ChainState& state, const AttemptOutcome& outcome, std::string reason) {
    NextStep step;
    step.kind = NextStep::Kind::stop;
    step.candidate = state.current;
    step.outcome = chain_outcome(history_with(state, outcome));
    step.reason = std::move(reason);
    return step;
}

// Why a class that is never retried and never handed on ends the chain at once.
std::string immediate_stop_reason(FailureClass failure_class, const AttemptOutcome& outcome) {
    switch (failure_class) {
        case FailureClass::task_failed:
            return "the task itself failed (exit " + std::to_string(outcome.exit_code) +
                   "), another provider would not fix it";
        case FailureClass::bad_request:
            return "the request itself is invalid, no provider would accept it";
        case FailureClass::budget_exceeded:
            return "the budget refused the attempt";
        default:
            return std::string("retry.") + to_string(failure_class) + ".then is stop";
    }
}

std::string none_left_reason(FallbackFilter filter) {
    switch (filter) {
        case FallbackFilter::different_credential:
            return "no candidate with a different credential left";
        case FallbackFilter::other_jurisdiction:
            return "no candidate on another provider left";
        case FallbackFilter::larger_context:
            return "no candidate with a larger context window left";
        case FallbackFilter::any:
            break;
    }
    return "no candidate left";
}

// How the status trail names the candidate just tried.
std::string current_label(const ChainState& state) {
    return state.current < state.candidates.size()
               ? state.candidates[state.current].label()
               : std::string("candidate ") + std::to_string(state.current);
}

// Why this failure ends the chain whatever the budget: a class that is never retried nor
// handed on, or output the caller already saw. nullopt when the chain may go on.
std::optional<std::string> final_failure_reason(const ClassAction& action,
                                                const AttemptOutcome& outcome) {
    if (action.then == Then::stop && action.retries == 0)
        return immediate_stop_reason(outcome.failure_class, outcome);
    if (outcome.committed)
        return "output already reached the caller, nothing can be retried";
    return std::nullopt;
}

// The time left before the chain's deadline; Duration::max() when there is none.
Duration time_remaining(const ChainState& state, const config::RetryConfig& retry) {
    return retry.deadline > Duration{0} ? retry.deadline - state.elapsed : Duration::max();
}

// Why the chain's attempt budget or deadline is spent; nullopt when neither is.
std::optional<std::string> chain_limit_reason(const ChainState& state,
                                              const AttemptOutcome& outcome,
                                              const config::RetryConfig& retry) {
    const int max_attempts = std::max(1, retry.max_attempts);
    const int used = state.attempts_used + 1 + std::max(0, outcome.agent_retries);
    if (used >= max_attempts) {
        return "attempt budget spent (" + std::to_string(used) + "/" +
               std::to_string(max_attempts) + ")";
    }
    if (retry.deadline > Duration{0} && time_remaining(state, retry) <= Duration{0})
        return "deadline " + format_duration(retry.deadline) + " reached";
    return std::nullopt;
}

// Either a retry of the current candidate, or why the chain moves on from it.
struct RetryDecision {
    std::optional<NextStep> retry;
    std::string why_moving;  // without retry, e.g. "retries spent (2/2) on openai/gpt-5.5"
};

RetryDecision decide_retry(const ChainState& state, const AttemptOutcome& outcome,
                           const ClassAction& action, const ChainPolicy& policy,
                           RandomSource& random, const std::string& head,
                           const std::string& label) {
    RetryDecision decision;
    const int retries_done = state.attempts_on_current + std::max(0, outcome.agent_retries);
    if (retries_done < action.retries) {
        const WaitDecision wait =
            decide_wait(action, outcome.wait_hint, policy.retry.backoff, retries_done,
                        time_remaining(state, policy.retry), random);
        if (wait.kind == WaitDecision::Kind::wait) {
            NextStep step;
            step.kind = NextStep::Kind::retry_same;
            step.candidate = state.current;
            step.wait = wait.delay;
            step.shorter_timeout = action.shorter_timeout;
            step.reason = head + wait.reason + ", retry " + std::to_string(retries_done + 1) + "/" +
                          std::to_string(action.retries) + " on " + label +
                          (action.shorter_timeout ? " with a shorter timeout" : "");
            decision.retry = std::move(step);
            return decision;
        }
        decision.why_moving = wait.reason;
    } else if (action.retries == 0) {
        decision.why_moving = "not retried";
    } else {
        decision.why_moving = "retries spent (" + std::to_string(action.retries) + "/" +
                              std::to_string(action.retries) + ")";
    }
    decision.why_moving += " on " + label;
    return decision;
}

// Leaving the current candidate: the next eligible one, else the compress hook when the class
// allows it and runs are left, else stop.
NextStep move_on(const ChainState& state, const AttemptOutcome& outcome, const ClassAction& action,
                 const ChainPolicy& policy, const std::string& head, const std::string& why_moving,
                 const std::string& label) {
    const Exclusions exclusions =
        collect_exclusions(state.candidates, history_with(state, outcome));
    const Selection selection = select_next_candidate(state, exclusions);
    const std::string skipped =
        selection.skipped.empty() ? "" : " (skipped " + join(selection.skipped, "; ") + ")";
    if (selection.index) {
        NextStep step;
        step.kind = NextStep::Kind::next_candidate;
        step.candidate = *selection.index;
        step.reason = head + why_moving + ", moving to " +
                      state.candidates[*selection.index].label() + skipped;
        return step;
    }
    if (action.may_compress && policy.has_compress_hook &&
        state.compress_runs < policy.max_compress_runs) {
        NextStep step;
        step.kind = NextStep::Kind::compress_then_retry;
        step.candidate = state.current;
        step.reason = head + none_left_reason(action.filter) + skipped +
                      ", running the compress hook, then retrying " + label;
        return step;
    }
    return stop_step(state, outcome,
                     head + why_moving + ", " + none_left_reason(action.filter) + skipped);
}

}  // namespace

NextStep decide_next(const ChainState& state, const AttemptOutcome& outcome,
                     const ChainPolicy& policy, RandomSource& random) {
    const std::string label = current_label(state);
    if (outcome.success)
        return stop_step(state, outcome, "ok on " + label);

    const FailureClass failure_class = outcome.failure_class;
    const ClassAction action = resolve_class_action(failure_class, policy.retry);
    const std::string head = std::string(to_string(failure_class)) + ": ";

    if (std::optional<std::string> reason = final_failure_reason(action, outcome))
        return stop_step(state, outcome, head + *reason);
    // One budget and one deadline for the whole chain: checked before any retry or fallback,
    // so an outage costs at most max_attempts requests however the chain is shaped.
    if (std::optional<std::string> reason = chain_limit_reason(state, outcome, policy.retry))
        return stop_step(state, outcome, head + *reason);

    RetryDecision retry = decide_retry(state, outcome, action, policy, random, head, label);
    if (retry.retry)
        return std::move(*retry.retry);

    if (action.then == Then::stop) {
        return stop_step(
            state, outcome,
            head + retry.why_moving + ", retry." + to_string(failure_class) + ".then is stop");
    }
    return move_on(state, outcome, action, policy, head, retry.why_moving, label);
}

void advance(ChainState& state, const AttemptOutcome& outcome, const NextStep& step) {
    state.history.push_back(AttemptRecord{state.current, outcome, state.compress_runs});
    const int requests = 1 + std::max(0, outcome.agent_retries);
    state.attempts_used += requests;
    state.attempts_on_current += requests;
    switch (step.kind) {
        case NextStep::Kind::retry_same:
        case NextStep::Kind::stop:
            break;
        case NextStep::Kind::compress_then_retry:
            // A compressed prompt is a new request: its own transient retries are allowed.
            ++state.compress_runs;
            state.current = step.candidate;
            state.attempts_on_current = 0;
            break;
        case NextStep::Kind::next_candidate:
            state.current = step.candidate;
            state.attempts_on_current = 0;
            break;
    }
}

}  // namespace lifeline::policy
