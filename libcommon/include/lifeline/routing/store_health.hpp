#pragma once
// Health of route candidates as the state store knows it: what probe-endpoint and
// run-with-failover recorded. pick-provider and run-with-failover read it the same way.

#include <vector>

#include <lifeline/config/model.hpp>
#include <lifeline/routing/health.hpp>
#include <lifeline/routing/route_candidate.hpp>
#include <lifeline/state/health_store.hpp>
#include <lifeline/util/result.hpp>
#include <lifeline/util/time.hpp>

namespace lifeline::routing {

// Per candidate: the recent observations of "provider/model" and of "provider" (probes of the
// provider as a whole) summarised (last class, success rate, p50 latency), the circuit
// evaluated over them with `circuit` at `now`, and a stored circuit that is open until later
// than `now` honoured. Candidates the store knows nothing about are left out. Errors: the
// store's own (unavailable, io).
Result<HealthMap> health_from_store(state::HealthStore& store,
                                    const std::vector<RouteCandidate>& candidates,
                                    const config::CircuitConfig& circuit, SystemTime now);

}  // namespace lifeline::routing
