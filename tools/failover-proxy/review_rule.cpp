#include "review_rule.hpp"

#include <lifeline/util/strings.hpp>

namespace failover_proxy {

using lifeline::ErrorCode;
using lifeline::fail;

lifeline::Result<lifeline::routing::VendorRule> request_review_rule(
    const lifeline::routing::VendorRule& proxy_rule, const std::string& proxy_review_of,
    const lifeline::Headers& headers, const LaneChoice& lane) {
    lifeline::routing::VendorRule rule = proxy_rule;
    if (auto run = lifeline::find_header(headers, k_review_of_header); run && !run->empty()) {
        const std::string named(lifeline::trim(*run));
        if (named != proxy_review_of) {
            return fail(ErrorCode::invalid_input,
                        "X-Lifeline-Review-Of: " + named + ": this proxy reviews " +
                            (proxy_review_of.empty() ? "no run" : "run " + proxy_review_of) +
                            "; start it with --review-of " + named +
                            ", or send that run's vendors in X-Lifeline-Avoid-Vendor");
        }
    }
    if (auto avoid = lifeline::find_header(headers, k_avoid_vendor_header);
        avoid && !avoid->empty()) {
        const auto vendors =
            LIFELINE_TRY(lifeline::routing::parse_vendor_list(*avoid, "X-Lifeline-Avoid-Vendor"));
        lifeline::routing::add_avoided(rule, vendors, "X-Lifeline-Avoid-Vendor");
    }
    if (lane.different_vendor_from_author && !rule.active()) {
        return fail(ErrorCode::invalid_input,
                    "lane " + lane.lane +
                        " reviews a change (different_vendor_from: author): send the author's "
                        "vendors in X-Lifeline-Avoid-Vendor, or start failover-proxy with "
                        "--review-of RUN or --avoid-vendor VENDOR");
    }
    return rule;
}

}  // namespace failover_proxy
