#pragma once
// The vendors that produced successful output in this step: what a later review step must
// avoid (the `vendors` step output, LIFELINE_AUTHOR_VENDORS in the dotenv report).

#include <string>
#include <vector>

#include <lifeline/config/model.hpp>
#include <lifeline/state/store.hpp>

#include "trail.hpp"

namespace run_with_failover {

// The vendors of the run's successful ledger rows in `store` (nullable), which include the rows
// failover-proxy wrote for the step's requests, together with those of the trail's successful
// attempts (a store that could not be read or written still leaves the direct attempts).
// Sorted, unique; "unknown" for a model nobody can name. A store error is reported in `warning`.
// Only rows from `run_started` on are read (less a minute for clocks), not the whole ledger.
std::vector<std::string> step_vendors(const std::vector<AttemptEntry>& attempts,
                                      lifeline::state::StateStore* store, const std::string& run_id,
                                      lifeline::SystemTime run_started,
                                      const lifeline::config::Config& config, std::string& warning);

}  // namespace run_with_failover
