#pragma once
// Probe results as health observations for the state store, which feed the circuit breakers
// and pick-provider.

#include <string>
#include <vector>

#include <lifeline/probe/probe_result.hpp>
#include <lifeline/state/health.hpp>
#include <lifeline/state/store.hpp>
#include <lifeline/util/result.hpp>
#include <lifeline/util/time.hpp>

namespace probe_endpoint {

// The probes themselves (targets, plans, running and reading them) are libcommon's probe module.
using lifeline::probe::ProbeResult;

// The store's candidate name for a result: "provider/model" (policy::Candidate::label) when
// the result names a model, else the provider's name.
std::string candidate_of(const ProbeResult& result);

// One observation per probe that reached the network; probes never sent (no credential) say
// nothing about the provider and are left out. A success that missed a --require condition is
// still a success here: the store records what the provider did, not the user's thresholds.
std::vector<lifeline::state::Observation> observations_of(const std::vector<ProbeResult>& results,
                                                          lifeline::SystemTime now);

// Records them all; stops at the first store error and returns it.
lifeline::Status record_observations(lifeline::state::StateStore& store,
                                     const std::vector<lifeline::state::Observation>& observations);

}  // namespace probe_endpoint
