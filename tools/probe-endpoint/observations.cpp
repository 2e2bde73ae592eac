#include "observations.hpp"

#include <cmath>

#include <lifeline/policy/candidate.hpp>

namespace probe_endpoint {

std::string candidate_of(const ProbeResult& result) {
    return result.model.empty() ? result.provider
                                : lifeline::policy::candidate_label(result.provider, result.model);
}

std::vector<lifeline::state::Observation> observations_of(const std::vector<ProbeResult>& results,
                                                          lifeline::SystemTime now) {
    std::vector<lifeline::state::Observation> observations;
    for (const ProbeResult& result : results) {
        if (!result.latency)
            continue;
        lifeline::state::Observation observation;
        observation.candidate = candidate_of(result);
        observation.failure = result.failure;
        observation.latency = lifeline::Duration(std::llround(result.latency->total_ms));
        observation.http_status = result.http_status;
        observation.time = now;
        observation.retry_after = result.retry_after;
        observations.push_back(std::move(observation));
    }
    return observations;
}

lifeline::Status record_observations(
    lifeline::state::StateStore& store,
    const std::vector<lifeline::state::Observation>& observations) {
    for (const lifeline::state::Observation& observation : observations)
        LIFELINE_TRY_VOID(store.record_observation(observation));
    return {};
}

}  // namespace probe_endpoint
