#pragma once
// Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And
// Jitter"): delay = uniform(0, min(max, initial * multiplier^n)). Full jitter spreads a fleet of
// CI runners that all failed at the same second, so they do not retry in lockstep.

#include <lifeline/config/model.hpp>
#include <lifeline/policy/random_source.hpp>
#include <lifeline/util/duration.hpp>

namespace lifeline::policy {

// The cap for retry number `retry_index` (0 = the first retry): min(max, initial *
// multiplier^retry_index), never negative, never overflowing for any retry_index (a huge index
// simply yields max). A negative index counts as 0; a multiplier below 1 counts as 1.
Duration backoff_cap(const config::BackoffConfig& backoff, int retry_index);

// A delay drawn uniformly from [0, backoff_cap(backoff, retry_index)], both ends included.
Duration jittered_backoff(const config::BackoffConfig& backoff, int retry_index,
                          RandomSource& random);

}  // namespace lifeline::policy
