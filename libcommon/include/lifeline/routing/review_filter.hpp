#pragma once
// The vendor rule applied to candidates that passed every other check: the one step
// pick-provider and run-with-failover (decide_route) and failover-proxy (per request) share,
// so the three choose the same reviewer for the same author. Pure.

#include <string>
#include <vector>

#include <lifeline/routing/route_candidate.hpp>
#include <lifeline/routing/vendor_rule.hpp>

namespace lifeline::routing {

struct ReviewFilter {
    // The candidates removed, each with its reason (vendor_violation), in input order.
    std::vector<std::pair<RouteCandidate, std::string>> rejected;
    // Every candidate shared an author's vendor (or none was provably different).
    bool all_same_vendor = false;
    // ... and they were kept because the rule allows it.
    bool same_vendor_fallback = false;
    // Loud but not fatal: what happened when all_same_vendor ("" otherwise).
    std::string warning;
};

// True when some candidate of `lane` (all of it, usable now or not) may review under `rule`.
bool lane_has_another_vendor(const std::vector<RouteCandidate>& lane, const VendorRule& rule);

// Removes from `candidates` (the usable ones) every one `rule` keeps from reviewing. When that
// would remove all of them: with rule.allow_same_vendor they stay (same_vendor_fallback, a
// warning); else they go, and all_same_vendor is set only when the whole lane has no other
// vendor (`another_vendor_in_lane` false) — a reviewer of another vendor that is merely
// unusable now (open circuit, too small a window) is a transient failure, not a missing one.
// An inactive rule changes nothing.
ReviewFilter filter_reviewers(std::vector<RouteCandidate>& candidates, const VendorRule& rule,
                              bool another_vendor_in_lane);

}  // namespace lifeline::routing
