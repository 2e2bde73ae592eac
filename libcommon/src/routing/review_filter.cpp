#include <algorithm>

#include <lifeline/config/vendor.hpp>
#include <lifeline/routing/review_filter.hpp>
#include <lifeline/util/strings.hpp>

namespace lifeline::routing {

bool lane_has_another_vendor(const std::vector<RouteCandidate>& lane, const VendorRule& rule) {
    return std::any_of(lane.begin(), lane.end(), [&](const RouteCandidate& route) {
        return vendor_violation(config::vendor_of(route.model, route.provider), rule).empty();
    });
}

ReviewFilter filter_reviewers(std::vector<RouteCandidate>& candidates, const VendorRule& rule,
                              bool another_vendor_in_lane) {
    ReviewFilter filter;
    if (!rule.active())
        return filter;
    std::vector<RouteCandidate> different;
    std::vector<std::pair<RouteCandidate, std::string>> same;
    for (RouteCandidate& route : candidates) {
        std::string why = vendor_violation(config::vendor_of(route.model, route.provider), rule);
        if (why.empty())
            different.push_back(std::move(route));
        else
            same.emplace_back(std::move(route), std::move(why));
    }
    const std::string avoided = join(rule.avoid, ",");
    if (!different.empty() || same.empty()) {
        candidates = std::move(different);
        filter.rejected = std::move(same);
        return filter;
    }
    if (rule.allow_same_vendor) {
        filter.all_same_vendor = true;
        filter.same_vendor_fallback = true;
        filter.warning = "every usable candidate shares the author's vendor (" + avoided +
                         "): reviewing with the same vendor anyway (--review-fallback same-vendor)";
        candidates.clear();
        for (auto& [route, why] : same)
            candidates.push_back(std::move(route));
        return filter;
    }
    candidates.clear();
    if (another_vendor_in_lane) {
        filter.warning = "every candidate of another vendor than " + avoided +
                         " is unusable now (each rejection says why): not reviewing with the "
                         "author's vendor";
        filter.rejected = std::move(same);
        return filter;
    }
    filter.all_same_vendor = true;
    filter.warning = "every usable candidate shares the author's vendor (" + avoided +
                     "): no cross-vendor reviewer (--review-fallback same-vendor reviews with it "
                     "anyway)";
    filter.rejected = std::move(same);
    return filter;
}

}  // namespace lifeline::routing
