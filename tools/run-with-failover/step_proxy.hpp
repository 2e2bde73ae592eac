#pragma once
// Proxy mode for one step: whether it goes through failover-proxy, the sidecar started for it,
// the candidate the agent sees instead of the lane's, and the sidecar stopped after.

#include <memory>
#include <string>

#include <lifeline/app/context.hpp>
#include <lifeline/routing/route_candidate.hpp>
#include <lifeline/util/result.hpp>

#include "agent.hpp"
#include "chain.hpp"
#include "proxy_sidecar.hpp"
#include "step.hpp"

namespace run_with_failover {

// The sidecar for a step that goes through the proxy (--via proxy, or auto for a lane of
// several candidates or one the agent cannot speak), started, and said so on stderr; null for
// a direct step, and for --via auto when it cannot start (with a warning). Errors: --via proxy
// and it cannot start.
lifeline::Result<std::unique_ptr<ProxySidecar>> choose_sidecar(lifeline::Context& context,
                                                               const Step& step);

// The one candidate the agent sees in proxy mode: the lane on the sidecar, with the smallest
// context window of the lane's candidates (so the agent compacts before any overflows).
lifeline::routing::RouteCandidate serving_route(AgentKind kind, const ProxySidecar& sidecar,
                                                const ChainPlan& plan);

// Stops the sidecar (when there is one) and removes its directory (its log and access log,
// already read): a leftover is harmless, so a failure to remove it is not the run's failure.
void stop_sidecar(lifeline::Context& context, std::unique_ptr<ProxySidecar>& sidecar,
                  const std::string& run_id);

}  // namespace run_with_failover
