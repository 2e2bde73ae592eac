#include "chain.hpp"

#include <lifeline/policy/circuit_breaker.hpp>

namespace run_with_failover {

namespace routing = lifeline::routing;

lifeline::Result<ChainPlan> plan_chain(const lifeline::config::Config& config,
                                       const std::string& lane,
                                       const std::vector<std::string>& models,
                                       lifeline::state::StateStore* store,
                                       lifeline::SystemTime now) {
    routing::CandidateSource source;
    source.lane = lane;
    source.chain = models;
    routing::RoutingRequest request;
    request.candidates = LIFELINE_TRY(routing::build_candidates(config, source));
    request.constraints.deny_jurisdictions = config.policy.deny_jurisdictions;
    request.strategy = routing::Strategy::ordered;  // the lane's order is the failover order
    request.diversity = config.policy.diversity;
    if (store) {
        std::vector<lifeline::policy::Candidate> candidates;
        for (const routing::RouteCandidate& candidate : request.candidates.candidates)
            candidates.push_back(candidate.candidate);
        request.health = health_from_store(*store, candidates, config.circuit, now);
    }
    const routing::Decision decision = routing::decide_route(request);
    ChainPlan plan;
    plan.chain = decision.chain;
    plan.lane = request.candidates.lane;
    plan.warnings = decision.warnings;
    for (const routing::Rejection& rejection : decision.rejected)
        plan.skipped.push_back(rejection.provider + "/" + rejection.model + ": " +
                               rejection.reason);
    return plan;
}

routing::HealthMap health_from_store(lifeline::state::StateStore& store,
                                     const std::vector<lifeline::policy::Candidate>& candidates,
                                     const lifeline::config::CircuitConfig& circuit,
                                     lifeline::SystemTime now) {
    routing::HealthMap health;
    for (const lifeline::policy::Candidate& candidate : candidates) {
        auto recent = store.recent_observations(candidate.label(), 64);
        if (!recent || recent->empty())
            continue;
        std::vector<lifeline::policy::Observation> observations;
        for (const lifeline::state::Observation& seen : *recent) {
            lifeline::policy::Observation observation;
            observation.time = seen.time;
            observation.success = seen.succeeded();
            if (seen.failure)
                observation.failure_class = *seen.failure;
            observation.retry_after = seen.retry_after;
            observations.push_back(observation);
        }
        const lifeline::policy::CircuitStatus status =
            lifeline::policy::evaluate_circuit(observations, circuit, now);
        const lifeline::state::HealthSummary summary =
            lifeline::state::summarise_observations(candidate.label(), *recent);
        routing::HealthSnapshot snapshot;
        snapshot.circuit = status.state;
        snapshot.circuit_reason = status.reason;
        snapshot.success_rate = summary.success_rate;
        snapshot.latency_p50 = summary.latency_p50;
        // Only the circuit decides here: a last request that failed for a caller-side reason
        // or a transient one must not rule a candidate out of the next run.
        snapshot.source = "state";
        health[candidate.label()] = snapshot;
    }
    return health;
}

}  // namespace run_with_failover
