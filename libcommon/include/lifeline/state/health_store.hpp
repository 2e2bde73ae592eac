#pragma once
// HealthStore: the health of candidates (recorded outcomes) and their circuits, shared by every
// tool and replica that reads the same store. Errors as in store.hpp.

#include <cstddef>
#include <string>
#include <vector>

#include <lifeline/state/circuit.hpp>
#include <lifeline/state/health.hpp>
#include <lifeline/util/duration.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::state {

class HealthStore {
  public:
    virtual ~HealthStore() = default;

    // Records one outcome; the store keeps the newest k_observations_kept per candidate.
    virtual Status record_observation(const Observation& observation) = 0;
    // The newest `limit` observations of `candidate`, newest first; empty when none.
    virtual Result<std::vector<Observation>> recent_observations(const std::string& candidate,
                                                                 std::size_t limit) = 0;
    // Every candidate with at least one observation, sorted.
    virtual Result<std::vector<std::string>> observed_candidates() = 0;
    // summarise_observations over the newest `last_n`.
    Result<HealthSummary> summarise_health(const std::string& candidate,
                                           std::size_t last_n = k_default_health_window);

    // The stored circuit; a candidate never stored is closed.
    virtual Result<CircuitState> get_circuit(const std::string& candidate) = 0;
    // Replaces the stored circuit (the policy decided the transition).
    virtual Status set_circuit(const std::string& candidate, const CircuitState& circuit) = 0;
    // Atomically takes the single half-open trial: true when the circuit was open with retry_at
    // passed (or missing), or half-open with no live trial lease; it is then half_open with
    // trial_owner = owner until now + lease. False when closed, still cooling down, or another
    // owner holds a live trial.
    virtual Result<bool> claim_half_open_trial(const std::string& candidate,
                                               const std::string& owner, Duration lease) = 0;
};

}  // namespace lifeline::state
