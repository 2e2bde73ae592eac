#pragma once
// Cross-vendor review for one request: the proxy's own author (--review-of / --avoid-vendor,
// resolved once at start) and the vendors a client names in X-Lifeline-Avoid-Vendor. The rule
// is then applied by routing::filter_reviewers, as pick-provider and run-with-failover do.

#include <lifeline/routing/vendor_rule.hpp>
#include <lifeline/util/headers.hpp>
#include <lifeline/util/result.hpp>

#include "lane_choice.hpp"

namespace failover_proxy {

inline constexpr const char* k_avoid_vendor_header = "x-lifeline-avoid-vendor";
inline constexpr const char* k_review_of_header = "x-lifeline-review-of";

// The rule for a request on `lane`. Errors (invalid_input, sent back as bad_request): a header
// that is no vendor list; X-Lifeline-Review-Of naming another run than the proxy's --review-of
// (the proxy does not read the ledger while serving: send that run's vendors in
// X-Lifeline-Avoid-Vendor); a review lane (different_vendor_from: author) with no author.
lifeline::Result<lifeline::routing::VendorRule> request_review_rule(
    const lifeline::routing::VendorRule& proxy_rule, const std::string& proxy_review_of,
    const lifeline::Headers& headers, const LaneChoice& lane);

}  // namespace failover_proxy
