#include "chain.hpp"

#include <lifeline/routing/store_health.hpp>

namespace run_with_failover {

namespace routing = lifeline::routing;

lifeline::Result<ChainPlan> plan_chain(const lifeline::config::Config& config,
                                       const std::string& lane,
                                       const std::vector<std::string>& models,
                                       lifeline::state::StateStore* store, lifeline::SystemTime now,
                                       const routing::ReviewAuthor& author) {
    routing::CandidateSource source;
    source.lane = lane;
    source.chain = models;
    routing::RoutingRequest request;
    request.candidates = LIFELINE_TRY(routing::build_candidates(config, source));
    request.constraints.deny_jurisdictions = config.policy.deny_jurisdictions;
    request.strategy = routing::Strategy::ordered;  // the lane's order is the failover order
    request.diversity = config.policy.diversity;
    request.vendor_rule =
        LIFELINE_TRY(routing::resolve_vendor_rule(author, store, config, request.candidates.lane));
    std::vector<std::string> store_warnings;
    if (store) {
        // A store that cannot be read must not stop the agent step: run on the lane's order.
        auto health =
            routing::health_from_store(*store, request.candidates.candidates, config.circuit, now);
        if (health)
            request.health = std::move(*health);
        else
            store_warnings.push_back("health from the state store ignored: " +
                                     health.error().to_string());
    }
    const routing::Decision decision = routing::decide_route(request);
    ChainPlan plan;
    plan.chain = decision.chain;
    plan.lane = request.candidates.lane;
    plan.vendor_rule = request.vendor_rule;
    plan.no_cross_vendor_reviewer = decision.review && decision.review->all_same_vendor &&
                                    !decision.review->same_vendor_fallback;
    plan.warnings = decision.warnings;
    plan.warnings.insert(plan.warnings.end(), store_warnings.begin(), store_warnings.end());
    for (const routing::Rejection& rejection : decision.rejected)
        plan.skipped.push_back(rejection.summary());
    return plan;
}

}  // namespace run_with_failover
