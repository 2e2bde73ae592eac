#pragma once
// The failover loop, shared by command and request mode: run one attempt, ask the policy
// (policy/attempt_plan.hpp) what follows, wait or move on, until the chain succeeds or stops.
// What an attempt is (a child process, an HTTP request) is behind AttemptExecutor, and the
// side effects around it (budget, ledger, GitHub groups) behind LoopHooks, so the loop itself
// is tested with fakes.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <lifeline/core/clock.hpp>
#include <lifeline/policy/attempt_plan.hpp>
#include <lifeline/policy/candidate.hpp>
#include <lifeline/provider/generation.hpp>
#include <lifeline/util/result.hpp>

#include "trail.hpp"

namespace run_with_failover {

// Which attempt to run now.
struct AttemptRequest {
    int number = 1;         // 1-based over the whole chain
    size_t candidate = 0;   // index into the chain
    bool is_retry = false;  // the same candidate as the attempt before
    bool is_fallback = false;
    // How many times the policy asked for a shorter timeout on this candidate (timeouts).
    int shorter_timeouts = 0;
    // Attempts the budget allows after this one: the most retries an agent may make by itself
    // inside this attempt (they count against the same budget).
    int attempts_left_after = 0;
};

// What an attempt ended with.
struct AttemptReport {
    lifeline::policy::AttemptOutcome outcome;
    // Proxy mode: what failover-proxy did during the attempt (proxy_trail.hpp); null otherwise.
    nlohmann::json proxy;
    std::optional<int> exit_code;  // command mode
    int http_status = 0;           // request mode; 0 = no HTTP response
    std::string detail;            // why this class, for the trail
    std::optional<lifeline::provider::Usage> usage;
    // lifeline itself received SIGINT/SIGTERM/SIGHUP (forwarded to the child): the run ends
    // with 128 + signal, whatever the policy would say.
    std::optional<int> signal;
    // lifeline's own stdout could not be written (EPIPE or another write error): the output
    // is lost, the child was ended, and the run ends with this text and exit 1, or with 141
    // (128 + SIGPIPE, as for a shell's writer) when `signal` is SIGPIPE (the reader left).
    std::optional<std::string> output_lost;
    // The agent could not start for a reason of its set-up that no other candidate fixes
    // (Gemini CLI without an auth method, an untrusted folder): the run ends with exit 2 and
    // this text, which names the fix.
    std::optional<std::string> setup_error;
    // The attempt lost what it stood on, outside the agent and the candidate (the proxy
    // sidecar failed before it was ready, so the agent could get no answer): the run stops
    // with exit 1 and this text, and LoopResult::abandoned lets the caller choose another way.
    std::optional<std::string> abandoned;
};

// A failed attempt of `failure_class`, `detail` saying why; `committed` when its output had
// already reached the caller (nothing can be retried after that).
AttemptReport failed_attempt(lifeline::FailureClass failure_class, std::string detail,
                             bool committed = false);

class AttemptExecutor {
  public:
    virtual ~AttemptExecutor() = default;
    // Runs one attempt on chain[request.candidate]. Never throws for provider failures: they
    // are outcomes.
    virtual AttemptReport run_attempt(const AttemptRequest& request) = 0;
    // Runs the compress hook (--on-context-exceeded) before a retry. Errors end the chain.
    virtual lifeline::Status compress() {
        return lifeline::fail(lifeline::ErrorCode::unsupported, "no compress hook");
    }
};

class LoopHooks {
  public:
    virtual ~LoopHooks() = default;
    // Before an attempt: nullopt lets it run; a reason refuses it (budget_exceeded, the run
    // stops with exit 1).
    virtual std::optional<std::string> admit(const AttemptRequest&) { return std::nullopt; }
    virtual void started(const AttemptRequest&) {}
    // After an attempt, with its trail entry (next/reason filled in).
    virtual void finished(const AttemptRequest&, const AttemptEntry&) {}
};

struct LoopResult {
    std::vector<AttemptEntry> attempts;
    lifeline::policy::ChainOutcome outcome;
    std::optional<int> signal;  // the run ended because lifeline received this signal
    bool abandoned = false;     // the last attempt was abandoned (AttemptReport::abandoned)
};

// Runs the chain `candidates` (in order of preference) under `policy`. An empty chain fails
// at once (exit 1). Waits go through clock.sleep_for; jitter comes from `random`.
LoopResult run_failover(const std::vector<lifeline::policy::Candidate>& candidates,
                        const lifeline::policy::ChainPolicy& policy, AttemptExecutor& executor,
                        LoopHooks& hooks, lifeline::Clock& clock,
                        lifeline::policy::RandomSource& random);

}  // namespace run_with_failover
