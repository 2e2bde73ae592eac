#include "failover_loop.hpp"

#include <algorithm>
#include <csignal>

#include <lifeline/core/exit_codes.hpp>

namespace run_with_failover {

namespace policy = lifeline::policy;

namespace {

AttemptEntry entry_for(const policy::Candidate& candidate, const AttemptRequest& request,
                       Duration wait_before, lifeline::SystemTime started_at) {
    AttemptEntry entry;
    entry.number = request.number;
    entry.provider = candidate.provider;
    entry.model = candidate.model;
    entry.is_retry = request.is_retry;
    entry.is_fallback = request.is_fallback;
    entry.wait_before = wait_before;
    entry.started_at = started_at;
    return entry;
}

const char* signal_name(int signal) {
    switch (signal) {
        case SIGINT:
            return "SIGINT";
        case SIGTERM:
            return "SIGTERM";
        case SIGHUP:
            return "SIGHUP";
        default:
            return "a signal";
    }
}

// The budget refused the attempt before it ran: the chain is judged as if it had failed for
// budget, so chain_outcome says budget_exceeded (exit 1) whatever came before.
void refuse(AttemptEntry& entry, const std::string& refusal, const policy::ChainState& state,
            size_t candidate, LoopResult& result) {
    entry.refused = true;
    entry.failure_class = lifeline::FailureClass::budget_exceeded;
    entry.detail = refusal;
    entry.next = policy::to_string(policy::NextStep::Kind::stop);
    entry.reason = "budget_exceeded: " + refusal;
    std::vector<policy::AttemptRecord> history = state.history;
    history.push_back({candidate,
                       policy::AttemptOutcome::failed(lifeline::FailureClass::budget_exceeded),
                       state.compress_runs});
    result.outcome = policy::chain_outcome(history);
}

void take_report(AttemptEntry& entry, const AttemptReport& report, Duration duration) {
    entry.duration = duration;
    entry.exit_code = report.exit_code;
    entry.http_status = report.http_status;
    entry.detail = report.detail;
    entry.usage = report.usage;
    entry.proxy = report.proxy;
    if (!report.outcome.success)
        entry.failure_class = report.outcome.failure_class;
}

// Stops that no policy decides, true when `report` is one: a person, the CI runner or the
// reader of our stdout ended the run; or the agent's own set-up is broken, or what the attempt
// stood on, so every candidate would fail the same way. Fills the entry's next step and
// reason and the result's outcome.
bool stopped_outside_policy(const AttemptReport& report, int attempt_number, AttemptEntry& entry,
                            LoopResult& result) {
    if (!report.signal && !report.output_lost && !report.setup_error && !report.abandoned)
        return false;
    entry.next = policy::to_string(policy::NextStep::Kind::stop);
    result.outcome.result = policy::ChainResult::failed;
    result.outcome.last_class = entry.failure_class;
    if (report.signal || report.output_lost) {
        entry.reason = report.output_lost
                           ? *report.output_lost
                           : std::string("interrupted by ") + signal_name(*report.signal);
        result.signal = report.signal;
        result.outcome.exit_code =
            report.signal ? 128 + *report.signal : lifeline::to_int(lifeline::ExitCode::failed);
        result.outcome.summary = entry.reason + " during attempt " +
                                 std::to_string(attempt_number) + " on " + entry.label();
        return true;
    }
    entry.reason = report.setup_error ? "the agent could not start: " + *report.setup_error
                                      : *report.abandoned;
    result.abandoned = report.abandoned.has_value();
    result.outcome.exit_code = lifeline::to_int(report.setup_error ? lifeline::ExitCode::usage
                                                                   : lifeline::ExitCode::failed);
    result.outcome.summary = entry.reason;
    return true;
}

// The request for the attempt `step` asks for after `request`.
AttemptRequest following(const AttemptRequest& request, const policy::NextStep& step) {
    const bool same = step.candidate == request.candidate;
    AttemptRequest next;
    next.number = request.number + 1;
    next.candidate = step.candidate;
    next.is_retry = same;
    next.is_fallback = !same;
    next.shorter_timeouts = same ? request.shorter_timeouts + (step.shorter_timeout ? 1 : 0) : 0;
    return next;
}

}  // namespace

AttemptReport failed_attempt(lifeline::FailureClass failure_class, std::string detail,
                             bool committed) {
    AttemptReport report;
    report.outcome = policy::AttemptOutcome::failed(failure_class);
    report.outcome.committed = committed;
    report.detail = std::move(detail);
    return report;
}

LoopResult run_failover(const std::vector<policy::Candidate>& candidates,
                        const policy::ChainPolicy& chain_policy, AttemptExecutor& executor,
                        LoopHooks& hooks, lifeline::Clock& clock, policy::RandomSource& random) {
    LoopResult result;
    if (candidates.empty()) {
        result.outcome = policy::chain_outcome({});
        result.outcome.summary = "no candidate to run";
        return result;
    }
    policy::ChainState state;
    state.candidates = candidates;
    const lifeline::SteadyTime chain_start = clock.steady_now();
    AttemptRequest request;
    Duration wait_before{0};
    const int max_attempts = std::max(1, chain_policy.retry.max_attempts);
    while (true) {
        request.attempts_left_after = std::max(0, max_attempts - state.attempts_used - 1);
        AttemptEntry entry =
            entry_for(candidates[request.candidate], request, wait_before, clock.now());
        auto finish = [&] {
            hooks.finished(request, entry);
            result.attempts.push_back(std::move(entry));
        };
        if (auto refusal = hooks.admit(request)) {
            refuse(entry, *refusal, state, request.candidate, result);
            finish();
            return result;
        }
        hooks.started(request);
        const lifeline::SteadyTime attempt_start = clock.steady_now();
        AttemptReport report = executor.run_attempt(request);
        const lifeline::SteadyTime attempt_end = clock.steady_now();
        take_report(entry, report, lifeline::elapsed_between(attempt_start, attempt_end));
        if (stopped_outside_policy(report, request.number, entry, result)) {
            finish();
            return result;
        }

        state.elapsed = lifeline::elapsed_between(chain_start, attempt_end);
        const policy::NextStep step =
            policy::decide_next(state, report.outcome, chain_policy, random);
        entry.next = policy::to_string(step.kind);
        entry.reason = step.reason;
        finish();
        policy::advance(state, report.outcome, step);

        if (step.kind == policy::NextStep::Kind::stop) {
            result.outcome = step.outcome.value_or(policy::chain_outcome(state.history));
            return result;
        }
        if (step.kind == policy::NextStep::Kind::compress_then_retry) {
            if (lifeline::Status compressed = executor.compress(); !compressed) {
                result.outcome = policy::chain_outcome(state.history);
                result.outcome.summary +=
                    "; the compress hook failed: " + compressed.error().to_string();
                return result;
            }
        }
        wait_before = Duration{0};
        if (step.kind == policy::NextStep::Kind::retry_same && step.wait > Duration{0}) {
            clock.sleep_for(step.wait);
            wait_before = step.wait;
        }
        request = following(request, step);
    }
}

}  // namespace run_with_failover
