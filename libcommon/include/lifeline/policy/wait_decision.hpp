#pragma once
// How long to wait before retrying the same candidate: the provider's hint when it sent one,
// else the jittered backoff; or not at all, when the wait is too long to be worth it.

#include <optional>
#include <string>

#include <lifeline/config/model.hpp>
#include <lifeline/policy/class_policy.hpp>
#include <lifeline/policy/random_source.hpp>
#include <lifeline/util/duration.hpp>

namespace lifeline::policy {

struct WaitDecision {
    enum class Kind {
        wait,  // retry the same candidate after `delay` (0 = at once)
        skip,  // do not retry this candidate: move to the next one at once
    };
    enum class Source { hint, backoff };
    Kind kind = Kind::wait;
    Source source = Source::backoff;
    Duration delay{0};
    // For the status trail, e.g. "Retry-After 2s <= max_wait 1m0s" or
    // "Retry-After 2m0s > max_wait 1m0s".
    std::string reason;
};

// Decides the wait before retry number `retry_index` (0 = first retry) on the same candidate.
// - hint present: wait exactly the hint (never less; 0 = retry now, negative counts as 0);
//   a hint above action.max_wait skips to the next candidate instead of waiting.
// - no hint: a full-jitter backoff (backoff.hpp), capped at action.max_wait.
// - a wait that would reach or pass `remaining` (time left before the chain's deadline) skips.
WaitDecision decide_wait(const ClassAction& action, std::optional<Duration> hint,
                         const config::BackoffConfig& backoff, int retry_index, Duration remaining,
                         RandomSource& random);

}  // namespace lifeline::policy
