#pragma once
// The candidate chain of a run: the lane or --chain resolved by the routing decision that
// pick-provider uses (routing/decision.hpp), with the health pick-provider sees
// (routing/store_health.hpp): candidates whose circuit is open, or whose last probe failed with
// auth, quota_exhausted or region_blocked, are skipped.

#include <string>
#include <vector>

#include <lifeline/config/model.hpp>
#include <lifeline/routing/decision.hpp>
#include <lifeline/routing/review_author.hpp>
#include <lifeline/state/store.hpp>
#include <lifeline/util/result.hpp>
#include <lifeline/util/time.hpp>

namespace run_with_failover {

struct ChainPlan {
    std::vector<lifeline::routing::RouteCandidate> chain;  // in the order to try
    std::vector<std::string> skipped;                      // "provider/model: why", for the trail
    std::vector<std::string> warnings;                     // loud but not fatal
    std::string lane;                                      // the lane used ("" for --chain)
    lifeline::routing::VendorRule vendor_rule;             // the review constraint applied
    // Every candidate shared the author's vendor and --review-fallback is fail: the run stops
    // with exit 1 before any attempt.
    bool no_cross_vendor_reviewer = false;
};

// Resolves `lane` / `models` (at most one of them; neither = the config's default lane, else
// every model) and filters them with what `store` (nullable) knows of their health at `now`
// and with the review `author` (routing/review_author.hpp: a review lane needs one; the
// author's vendors are skipped). Errors: invalid_input for an unknown lane or model (with a
// "did you mean"), both given, a review lane without an author or an author run without a
// successful row; unavailable for --review-of without a store.
lifeline::Result<ChainPlan> plan_chain(const lifeline::config::Config& config,
                                       const std::string& lane,
                                       const std::vector<std::string>& models,
                                       lifeline::state::StateStore* store, lifeline::SystemTime now,
                                       const lifeline::routing::ReviewAuthor& author = {});

}  // namespace run_with_failover
