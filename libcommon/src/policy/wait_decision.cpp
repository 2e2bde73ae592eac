#include <algorithm>

#include <lifeline/policy/backoff.hpp>
#include <lifeline/policy/wait_decision.hpp>

namespace lifeline::policy {

namespace {

WaitDecision skip(WaitDecision::Source source, Duration delay, std::string reason) {
    return WaitDecision{WaitDecision::Kind::skip, source, delay, std::move(reason)};
}

}  // namespace

WaitDecision decide_wait(const ClassAction& action, std::optional<Duration> hint,
                         const config::BackoffConfig& backoff, int retry_index, Duration remaining,
                         RandomSource& random) {
    if (remaining <= Duration{0})
        return skip(WaitDecision::Source::backoff, Duration{0}, "deadline reached");

    if (hint) {
        const Duration wanted = std::max(Duration{0}, *hint);
        const std::string shown = "Retry-After " + format_duration(wanted);
        // Waiting less than the provider asked for only earns another 429, so a hint we will
        // not honour in full means trying someone else.
        if (wanted > action.max_wait) {
            return skip(WaitDecision::Source::hint, wanted,
                        shown + " > max_wait " + format_duration(action.max_wait));
        }
        if (wanted >= remaining) {
            return skip(
                WaitDecision::Source::hint, wanted,
                shown + " would pass the deadline (" + format_duration(remaining) + " left)");
        }
        return WaitDecision{WaitDecision::Kind::wait, WaitDecision::Source::hint, wanted,
                            shown + " <= max_wait " + format_duration(action.max_wait)};
    }

    const Duration cap = std::min(backoff_cap(backoff, retry_index), action.max_wait);
    const Duration delay = Duration{uniform_int(random, cap.count())};
    const std::string shown =
        "backoff " + format_duration(delay) + " (jitter cap " + format_duration(cap) + ")";
    // The attempt after the wait needs time of its own; waiting up to the deadline is waste.
    if (delay >= remaining) {
        return skip(WaitDecision::Source::backoff, delay,
                    shown + " would pass the deadline (" + format_duration(remaining) + " left)");
    }
    return WaitDecision{WaitDecision::Kind::wait, WaitDecision::Source::backoff, delay, shown};
}

}  // namespace lifeline::policy
