#include <algorithm>

#include <lifeline/routing/decision.hpp>
#include <lifeline/routing/diversity.hpp>
#include <lifeline/util/strings.hpp>

namespace lifeline::routing {

std::vector<policy::Candidate> Decision::policy_chain() const {
    std::vector<policy::Candidate> result;
    for (const RouteCandidate& route : chain)
        result.push_back(route.candidate);
    return result;
}

Decision decide_route(const RoutingRequest& request) {
    Decision decision;
    decision.strategy = to_string(request.strategy);

    Constraints constraints = request.constraints;
    // A long-context lane's minimum is part of the lane: a flag may raise it, never lower it.
    constraints.min_context = std::max(constraints.min_context, request.candidates.min_context);

    if (request.candidates.candidates.empty()) {
        decision.warnings.push_back(request.candidates.lane.empty()
                                        ? "no candidates to choose from"
                                        : "lane " + request.candidates.lane + " lists no models");
        return decision;
    }

    std::vector<RouteCandidate> usable;
    for (const RouteCandidate& route : request.candidates.candidates) {
        std::vector<std::string> reasons = constraint_violations(route, constraints);
        // Constraints first, then health: a candidate that could never qualify should say so
        // rather than "circuit open", which suggests it will come back by itself.
        if (reasons.empty()) {
            if (const HealthSnapshot* health = find_health(request.health, route.candidate)) {
                if (auto why = health_rejection(*health))
                    reasons.push_back(*why);
            }
        }
        if (!reasons.empty()) {
            decision.rejected.push_back(
                {route.candidate.model, route.candidate.provider, join(reasons, "; ")});
            continue;
        }
        usable.push_back(route);
    }

    decision.chain = order_candidates(std::move(usable), request.strategy, request.health);
    const std::string warning = apply_diversity(decision.chain, request.diversity);
    if (!warning.empty())
        decision.warnings.push_back(warning);
    return decision;
}

}  // namespace lifeline::routing
