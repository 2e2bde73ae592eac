#include <algorithm>

#include <lifeline/policy/circuit_breaker.hpp>
#include <lifeline/routing/store_health.hpp>
#include <lifeline/state/health.hpp>

namespace lifeline::routing {

Result<HealthMap> health_from_store(state::HealthStore& store,
                                    const std::vector<RouteCandidate>& candidates,
                                    const config::CircuitConfig& circuit, SystemTime now) {
    HealthMap health;
    for (const RouteCandidate& route : candidates) {
        const std::string label = route.candidate.label();
        std::vector<state::Observation> observations =
            LIFELINE_TRY(store.recent_observations(label, state::k_default_health_window));
        // probe-endpoint records provider-wide probes under the provider's name.
        const std::vector<state::Observation> provider_wide = LIFELINE_TRY(
            store.recent_observations(route.candidate.provider, state::k_default_health_window));
        observations.insert(observations.end(), provider_wide.begin(), provider_wide.end());
        std::stable_sort(observations.begin(), observations.end(),
                         [](const auto& a, const auto& b) { return a.time > b.time; });
        if (observations.size() > state::k_default_health_window)
            observations.resize(state::k_default_health_window);

        const state::CircuitState stored = LIFELINE_TRY(store.get_circuit(label));
        const bool stored_open = stored.phase == state::CircuitPhase::open &&
                                 (!stored.retry_at || *stored.retry_at > now);
        if (observations.empty() && !stored_open)
            continue;

        HealthSnapshot snapshot;
        snapshot.source = "state";
        const state::HealthSummary summary = state::summarise_observations(label, observations);
        if (summary.calls > 0) {
            snapshot.last_class = summary.last_class;
            snapshot.success_rate = summary.success_rate;
            snapshot.latency_p50 = summary.latency_p50;
        }

        std::vector<policy::Observation> outcomes;
        for (const auto& observation : observations) {
            policy::Observation outcome;
            outcome.time = observation.time;
            outcome.success = observation.succeeded();
            if (observation.failure)
                outcome.failure_class = *observation.failure;
            outcome.retry_after = observation.retry_after;
            outcomes.push_back(outcome);
        }
        const policy::CircuitStatus status = policy::evaluate_circuit(outcomes, circuit, now);
        snapshot.circuit = status.state;
        snapshot.circuit_reason = status.reason;
        if (stored_open) {
            snapshot.circuit = policy::CircuitState::open;
            snapshot.circuit_reason = stored.retry_at ? "open in the state store until " +
                                                            format_rfc3339(*stored.retry_at)
                                                      : "open in the state store";
        }
        health[label] = std::move(snapshot);
    }
    return health;
}

}  // namespace lifeline::routing
