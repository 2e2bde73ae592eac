#include <algorithm>
#include <cmath>

#include <lifeline/policy/circuit_breaker.hpp>

namespace lifeline::policy {

const char* to_string(CircuitState state) {
    switch (state) {
        case CircuitState::closed:
            return "closed";
        case CircuitState::open:
            return "open";
        case CircuitState::half_open:
            return "half_open";
    }
    return "closed";
}

namespace {

std::string percent(double fraction) {
    return std::to_string(static_cast<int>(std::lround(fraction * 100))) + "%";
}

}  // namespace

CircuitStatus evaluate_circuit(const std::vector<Observation>& recent,
                               const config::CircuitConfig& config, SystemTime now) {
    std::vector<Observation> counted;
    for (const Observation& observation : recent) {
        if (observation.time > now)
            continue;
        if (!observation.success && is_caller_side(observation.failure_class))
            continue;
        counted.push_back(observation);
    }
    // Observations from several runners arrive out of order; the rules are about sequence.
    std::stable_sort(counted.begin(), counted.end(),
                     [](const Observation& a, const Observation& b) { return a.time < b.time; });

    const int consecutive_limit = std::max(1, config.consecutive_failures);
    CircuitStatus status;
    size_t first = 0;  // observations before a successful trial are forgotten
    int consecutive = 0;
    std::optional<SystemTime> hint_until;  // the latest "retry after" a failure asked for

    auto open = [&](SystemTime at, std::string reason) {
        status.state = CircuitState::open;
        status.opened_at = at;
        SystemTime until = at + config.cooldown;
        if (hint_until && *hint_until > until)
            until = *hint_until;
        status.retry_at = until;
        status.reason = std::move(reason);
    };
    auto note_hint = [&](const Observation& o) {
        if (!o.success && o.retry_after) {
            const SystemTime until = o.time + *o.retry_after;
            if (!hint_until || until > *hint_until)
                hint_until = until;
        }
    };

    for (size_t i = 0; i < counted.size(); ++i) {
        const Observation& o = counted[i];
        if (status.state == CircuitState::open) {
            if (o.time < *status.retry_at) {
                // Requests that slipped through while open (another runner, a probe) cannot
                // close it early, but a longer Retry-After from them is honoured.
                note_hint(o);
                if (hint_until && *hint_until > *status.retry_at)
                    status.retry_at = hint_until;
                continue;
            }
            if (o.success) {
                status.state = CircuitState::closed;
                status.retry_at.reset();
                status.reason = "trial at " + format_rfc3339(o.time) + " succeeded";
                first = i;
                consecutive = 0;
                hint_until.reset();
            } else {
                note_hint(o);
                consecutive = 1;
                open(o.time, std::string("trial failed (") + to_string(o.failure_class) + ")");
            }
            continue;
        }

        note_hint(o);
        consecutive = o.success ? 0 : consecutive + 1;
        if (o.success)
            continue;
        if (consecutive >= consecutive_limit) {
            open(o.time, std::to_string(consecutive) +
                             " consecutive failures (last: " + to_string(o.failure_class) + ")");
            continue;
        }
        int calls = 0;
        int failures = 0;
        for (size_t j = first; j <= i; ++j) {
            if (counted[j].time + config.window < o.time)
                continue;
            ++calls;
            failures += counted[j].success ? 0 : 1;
        }
        const double rate = static_cast<double>(failures) / calls;
        if (calls >= config.min_calls && rate > config.failure_rate) {
            open(o.time, "failure rate " + percent(rate) + " > " + percent(config.failure_rate) +
                             " over " + format_duration(config.window) + " (" +
                             std::to_string(failures) + "/" + std::to_string(calls) + " calls)");
        }
    }

    if (status.state == CircuitState::open && now >= *status.retry_at) {
        status.state = CircuitState::half_open;
        status.reason = "cooldown ended at " + format_rfc3339(*status.retry_at) +
                        ", one trial allowed (opened: " + status.reason + ")";
    } else if (status.state == CircuitState::open) {
        status.reason += ", open until " + format_rfc3339(*status.retry_at);
    } else if (status.reason.empty()) {
        status.reason = consecutive == 0
                            ? "healthy"
                            : std::to_string(consecutive) + " consecutive failures, below " +
                                  std::to_string(consecutive_limit);
    }
    return status;
}

}  // namespace lifeline::policy
