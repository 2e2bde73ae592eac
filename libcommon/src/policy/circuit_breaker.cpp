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

// The observations that count at `now`, oldest first.
std::vector<Observation> counted_in_time_order(const std::vector<Observation>& recent,
                                               SystemTime now) {
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
    return counted;
}

// What the replay remembers from one observation to the next.
struct Replay {
    CircuitStatus status;
    size_t first = 0;  // observations before a successful trial are forgotten
    int consecutive = 0;
    std::optional<SystemTime> hint_until;  // the latest "retry after" a failure asked for
};

void note_hint(Replay& replay, const Observation& o) {
    if (!o.success && o.retry_after) {
        const SystemTime until = o.time + *o.retry_after;
        if (!replay.hint_until || until > *replay.hint_until)
            replay.hint_until = until;
    }
}

// Opens the circuit at `at` until the cooldown ends, or the latest hint if that is later.
void open_circuit(Replay& replay, SystemTime at, Duration cooldown, std::string reason) {
    CircuitStatus& status = replay.status;
    status.state = CircuitState::open;
    status.opened_at = at;
    SystemTime until = at + cooldown;
    if (replay.hint_until && *replay.hint_until > until)
        until = *replay.hint_until;
    status.retry_at = until;
    status.reason = std::move(reason);
}

// counted[index] while the circuit is open: before retry_at it can only extend the wait; after
// it, it is the trial that closes or re-opens the circuit.
void replay_while_open(Replay& replay, const Observation& o, size_t index, Duration cooldown) {
    CircuitStatus& status = replay.status;
    if (o.time < *status.retry_at) {
        // Requests that slipped through while open (another runner, a probe) cannot
        // close it early, but a longer Retry-After from them is honoured.
        note_hint(replay, o);
        if (replay.hint_until && *replay.hint_until > *status.retry_at)
            status.retry_at = replay.hint_until;
        return;
    }
    if (o.success) {
        status.state = CircuitState::closed;
        status.retry_at.reset();
        status.reason = "trial at " + format_rfc3339(o.time) + " succeeded";
        replay.first = index;
        replay.consecutive = 0;
        replay.hint_until.reset();
    } else {
        note_hint(replay, o);
        replay.consecutive = 1;
        open_circuit(replay, o.time, cooldown,
                     std::string("trial failed (") + to_string(o.failure_class) + ")");
    }
}

// Why the failure rate over the window ending at counted[last] (from counted[first] on) opens
// the circuit; nullopt when it does not.
std::optional<std::string> failure_rate_trip(const std::vector<Observation>& counted, size_t first,
                                             size_t last, const config::CircuitConfig& config) {
    const SystemTime at = counted[last].time;
    int calls = 0;
    int failures = 0;
    for (size_t j = first; j <= last; ++j) {
        if (counted[j].time + config.window < at)
            continue;
        ++calls;
        failures += counted[j].success ? 0 : 1;
    }
    const double rate = static_cast<double>(failures) / calls;
    if (calls >= config.min_calls && rate > config.failure_rate) {
        return "failure rate " + percent(rate) + " > " + percent(config.failure_rate) + " over " +
               format_duration(config.window) + " (" + std::to_string(failures) + "/" +
               std::to_string(calls) + " calls)";
    }
    return std::nullopt;
}

// counted[index] while the circuit is closed: a failure opens it on a run of failures in a row
// or on the failure rate.
void replay_while_closed(Replay& replay, const std::vector<Observation>& counted, size_t index,
                         const config::CircuitConfig& config, int consecutive_limit) {
    const Observation& o = counted[index];
    note_hint(replay, o);
    replay.consecutive = o.success ? 0 : replay.consecutive + 1;
    if (o.success)
        return;
    if (replay.consecutive >= consecutive_limit) {
        open_circuit(replay, o.time, config.cooldown,
                     std::to_string(replay.consecutive) +
                         " consecutive failures (last: " + to_string(o.failure_class) + ")");
        return;
    }
    if (std::optional<std::string> reason = failure_rate_trip(counted, replay.first, index, config))
        open_circuit(replay, o.time, config.cooldown, std::move(*reason));
}

// Turns the replayed status into the one at `now`: an open circuit whose cooldown has ended is
// half-open, and the reason says until when or why it is still closed.
void settle_at(Replay& replay, SystemTime now, int consecutive_limit) {
    CircuitStatus& status = replay.status;
    if (status.state == CircuitState::open && now >= *status.retry_at) {
        status.state = CircuitState::half_open;
        status.reason = "cooldown ended at " + format_rfc3339(*status.retry_at) +
                        ", one trial allowed (opened: " + status.reason + ")";
    } else if (status.state == CircuitState::open) {
        status.reason += ", open until " + format_rfc3339(*status.retry_at);
    } else if (status.reason.empty()) {
        status.reason = replay.consecutive == 0
                            ? "healthy"
                            : std::to_string(replay.consecutive) + " consecutive failures, below " +
                                  std::to_string(consecutive_limit);
    }
}

}  // namespace

CircuitStatus evaluate_circuit(const std::vector<Observation>& recent,
                               const config::CircuitConfig& config, SystemTime now) {
    const std::vector<Observation> counted = counted_in_time_order(recent, now);
    const int consecutive_limit = std::max(1, config.consecutive_failures);
    Replay replay;
    for (size_t i = 0; i < counted.size(); ++i) {
        if (replay.status.state == CircuitState::open)
            replay_while_open(replay, counted[i], i, config.cooldown);
        else
            replay_while_closed(replay, counted, i, config, consecutive_limit);
    }
    settle_at(replay, now, consecutive_limit);
    return replay.status;
}

}  // namespace lifeline::policy
