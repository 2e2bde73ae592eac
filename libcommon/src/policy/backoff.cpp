#include <algorithm>
#include <cmath>

#include <lifeline/policy/backoff.hpp>

namespace lifeline::policy {

Duration backoff_cap(const config::BackoffConfig& backoff, int retry_index) {
    const int64_t max_ms = std::max<int64_t>(0, backoff.max.count());
    const int64_t initial_ms = std::max<int64_t>(0, backoff.initial.count());
    const double multiplier =
        std::isfinite(backoff.multiplier) && backoff.multiplier > 1.0 ? backoff.multiplier : 1.0;
    if (initial_ms == 0)
        return Duration{0};
    const int n = std::max(0, retry_index);
    // Work in doubles: initial * multiplier^n overflows int64 after a few dozen retries, while
    // a double saturates to inf, which the comparison below turns into max.
    const double grown = static_cast<double>(initial_ms) * std::pow(multiplier, n);
    if (!(grown < static_cast<double>(max_ms)))
        return Duration{max_ms};
    return Duration{static_cast<int64_t>(grown)};
}

Duration jittered_backoff(const config::BackoffConfig& backoff, int retry_index,
                          RandomSource& random) {
    return Duration{uniform_int(random, backoff_cap(backoff, retry_index).count())};
}

}  // namespace lifeline::policy
