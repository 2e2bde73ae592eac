#pragma once
// pick-provider's decision (shared with run-with-failover): from the candidates of a lane, the
// constraints, the policy and what is known about health, the candidate to use and its ordered
// fallbacks, with one reason per rejected candidate. Pure.

#include <optional>
#include <string>
#include <vector>

#include <lifeline/config/model.hpp>
#include <lifeline/policy/candidate.hpp>
#include <lifeline/routing/constraints.hpp>
#include <lifeline/routing/health.hpp>
#include <lifeline/routing/route_candidate.hpp>
#include <lifeline/routing/strategy.hpp>

namespace lifeline::routing {

struct Rejection {
    std::string model;
    std::string provider;
    std::string reason;  // every violated rule, "; "-separated

    // "provider/model: reason", as listed in reports and errors.
    std::string summary() const { return policy::candidate_label(provider, model) + ": " + reason; }
};

struct RoutingRequest {
    CandidateList candidates;
    Constraints constraints;  // min_context is raised to the lane's when that is larger
    Strategy strategy = Strategy::ordered;
    config::PolicyConfig::Diversity diversity = config::PolicyConfig::Diversity::none;
    HealthMap health;
};

struct Decision {
    std::vector<RouteCandidate> chain;  // chain[0] is the choice; empty = nothing usable
    std::vector<Rejection> rejected;    // in lane order
    std::vector<std::string> warnings;  // loud but not fatal: e.g. diversity impossible
    std::string strategy;               // the strategy applied

    bool has_choice() const { return !chain.empty(); }
    const RouteCandidate& chosen() const { return chain.front(); }
    // The chain as run-with-failover's policy::ChainState wants it.
    std::vector<policy::Candidate> policy_chain() const;
};

// Filters by constraints (config policy denials must already be merged into
// request.constraints.deny_jurisdictions), then by health (open circuit, last probe auth /
// quota_exhausted / region_blocked), orders by the strategy and applies diversity.
Decision decide_route(const RoutingRequest& request);

}  // namespace lifeline::routing
