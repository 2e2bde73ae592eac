#pragma once
// The heart of run-with-failover: after each attempt, decide whether to wait and retry the same
// candidate, move to another one, compress the prompt and retry, or stop — from the failure's
// class, one attempt budget for the whole chain, and one deadline. Pure: time and randomness
// come in as arguments.

#include <cstddef>
#include <optional>
#include <string>

#include <lifeline/config/model.hpp>
#include <lifeline/policy/chain_outcome.hpp>
#include <lifeline/policy/chain_state.hpp>
#include <lifeline/policy/random_source.hpp>
#include <lifeline/util/duration.hpp>

namespace lifeline::policy {

// The rules a chain runs under.
struct ChainPolicy {
    // max_attempts (retries and fallbacks together; < 1 counts as 1), deadline (0 = none),
    // backoff, max_wait and the per-class overrides.
    config::RetryConfig retry;
    bool has_compress_hook = false;  // --on-context-exceeded was given
    int max_compress_runs = 1;       // the hook runs at most this often per chain
};

struct NextStep {
    enum class Kind {
        retry_same,           // wait `wait`, then retry candidates[candidate] (= current)
        next_candidate,       // run candidates[candidate] next, at once
        compress_then_retry,  // run the compress hook, then retry candidates[candidate]
        stop,                 // the chain is over: see `outcome`
    };
    Kind kind = Kind::stop;
    size_t candidate = 0;          // who runs the next attempt (not meaningful for stop)
    Duration wait{0};              // retry_same: sleep this long first
    bool shorter_timeout = false;  // retry after a timeout: give the attempt a shorter timeout
    std::optional<ChainOutcome> outcome;  // stop: how the chain ended and its exit code
    // One line for the status trail, e.g.
    // "rate_limited: Retry-After 2s <= max_wait 1m0s, retry 1/2 on openai/gpt-5.5".
    std::string reason;
};

// "retry_same", "next_candidate", "compress_then_retry", "stop".
const char* to_string(NextStep::Kind kind);

// Decides what follows `outcome`, the result of the attempt just made on state.current.
// `state` does not include that attempt yet (advance() records it); state.elapsed is the time
// since the chain started, measured now. Draws backoff jitter from `random` only when it waits
// without a provider hint. Never returns a step that would exceed the attempt budget or start
// after the deadline.
NextStep decide_next(const ChainState& state, const AttemptOutcome& outcome,
                     const ChainPolicy& policy, RandomSource& random);

// Records `outcome` for state.current and moves `state` to where `step` leads.
void advance(ChainState& state, const AttemptOutcome& outcome, const NextStep& step);

}  // namespace lifeline::policy
