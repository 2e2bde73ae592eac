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
#include <lifeline/routing/vendor_rule.hpp>

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
    VendorRule vendor_rule;  // cross-vendor review; inactive = no constraint
};

// How the vendor rule shaped a decision (present only when the rule was active).
struct VendorReview {
    std::vector<std::string> avoided;  // the author's vendors
    std::string author;                // "run 3f9c..." / "--avoid-vendor"
    std::string chosen_vendor;         // "" when nothing was chosen
    // Every usable candidate shared an author's vendor: nothing chosen, or (same-vendor
    // fallback) chosen anyway with a warning.
    bool all_same_vendor = false;
    bool same_vendor_fallback = false;
    std::string reason;  // one line for reports: why the choice is (or is not) a fit reviewer
};

struct Decision {
    std::vector<RouteCandidate> chain;   // chain[0] is the choice; empty = nothing usable
    std::vector<Rejection> rejected;     // in lane order
    std::vector<std::string> warnings;   // loud but not fatal: e.g. diversity impossible
    std::string strategy;                // the strategy applied
    std::optional<VendorReview> review;  // set when request.vendor_rule was active

    bool has_choice() const { return !chain.empty(); }
    const RouteCandidate& chosen() const { return chain.front(); }
    // The chain as run-with-failover's policy::ChainState wants it.
    std::vector<policy::Candidate> policy_chain() const;
};

// Filters by constraints (config policy denials must already be merged into
// request.constraints.deny_jurisdictions), then by health (open circuit, last probe auth /
// quota_exhausted / region_blocked), then by the vendor rule (when every usable candidate fails
// only that, none is chosen and review.all_same_vendor says why, or with allow_same_vendor they
// are kept with a warning), orders by the strategy and applies diversity.
Decision decide_route(const RoutingRequest& request);

}  // namespace lifeline::routing
