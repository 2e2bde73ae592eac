#pragma once
// The gather step of pick-provider: health for the candidates from the one source the flags
// name — a probe-endpoint document (--probe-results), probes sent now (--probe), or the state
// store (the default; --no-state skips it).

#include <string>
#include <vector>

#include <lifeline/app/tool_support.hpp>
#include <lifeline/config/model.hpp>
#include <lifeline/routing/health.hpp>
#include <lifeline/routing/route_candidate.hpp>
#include <lifeline/util/result.hpp>

#include "pick_provider.hpp"

namespace pick_provider {

struct GatheredHealth {
    lifeline::routing::HealthMap health;  // empty when the source knows nothing
    // "probe-results", "probe", "state", or "none" (--no-state, or the store was unusable).
    std::string source;
    std::vector<std::string> warnings;  // "health unknown: ..." when the state store failed
};

// Health of `candidates` from the source the flags name. A state store that cannot be opened
// or read is not an error: health is then unknown, with a warning. Errors: the --probe-results
// file unreadable or not a probe-endpoint document; --probe targets that cannot be resolved.
lifeline::Result<GatheredHealth> gather_health(const Options& options, const Settings& settings,
                                               const lifeline::config::Config& config,
                                               const lifeline::routing::CandidateList& candidates,
                                               lifeline::app::ToolRun& run);

}  // namespace pick_provider
