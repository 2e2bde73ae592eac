#include <algorithm>

#include <lifeline/config/vendor.hpp>
#include <lifeline/routing/decision.hpp>
#include <lifeline/routing/diversity.hpp>
#include <lifeline/routing/review_filter.hpp>
#include <lifeline/util/strings.hpp>

namespace lifeline::routing {

std::vector<policy::Candidate> Decision::policy_chain() const {
    std::vector<policy::Candidate> result;
    for (const RouteCandidate& route : chain)
        result.push_back(route.candidate);
    return result;
}

namespace {

struct Placed {
    size_t position;
    Rejection rejection;
};

Rejection rejection_of(const RouteCandidate& route, const std::string& reason) {
    return {route.candidate.model, route.candidate.provider, reason};
}

// The vendor rule over the candidates that passed every other check (review_filter.hpp).
void apply_vendor_rule(const VendorRule& rule, const std::vector<RouteCandidate>& lane,
                       std::vector<RouteCandidate>& usable, std::vector<Placed>& rejected,
                       Decision& decision) {
    ReviewFilter filter = filter_reviewers(usable, rule, lane_has_another_vendor(lane, rule));
    for (auto& [route, why] : filter.rejected)
        rejected.push_back({route.position, rejection_of(route, why)});
    if (!filter.warning.empty())
        decision.warnings.push_back(filter.warning);
    VendorReview review;
    review.avoided = rule.avoid;
    review.author = rule.author;
    review.all_same_vendor = filter.all_same_vendor;
    review.same_vendor_fallback = filter.same_vendor_fallback;
    decision.review = std::move(review);
}

std::string review_reason(const VendorReview& review, const Decision& decision) {
    if (!decision.has_choice() && review.all_same_vendor)
        return "no candidate of another vendor than " + join(review.avoided, ",") +
               (review.author.empty() ? "" : " (" + review.author + ")");
    if (!decision.has_choice())
        return "no usable candidate to review with (each rejection says why)";
    const std::string& vendor = review.chosen_vendor;
    if (review.same_vendor_fallback)
        return vendor + " shares the author's vendor; chosen by --review-fallback same-vendor";
    return vendor + " differs from the author's vendor" + (review.avoided.size() == 1 ? "" : "s") +
           " " + join(review.avoided, ",") +
           (review.author.empty() ? "" : " (" + review.author + ")");
}

}  // namespace

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
    std::vector<Placed> rejected;
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
            rejected.push_back({route.position, rejection_of(route, join(reasons, "; "))});
            continue;
        }
        usable.push_back(route);
    }
    if (request.vendor_rule.active())
        apply_vendor_rule(request.vendor_rule, request.candidates.candidates, usable, rejected,
                          decision);
    // Rejections read in lane order, whichever rule rejected them.
    std::stable_sort(rejected.begin(), rejected.end(),
                     [](const Placed& a, const Placed& b) { return a.position < b.position; });
    for (Placed& placed : rejected)
        decision.rejected.push_back(std::move(placed.rejection));

    decision.chain = order_candidates(std::move(usable), request.strategy, request.health);
    const std::string warning = apply_diversity(decision.chain, request.diversity);
    if (!warning.empty())
        decision.warnings.push_back(warning);
    if (decision.review) {
        if (decision.has_choice())
            decision.review->chosen_vendor =
                config::vendor_of(decision.chosen().model, decision.chosen().provider);
        decision.review->reason = review_reason(*decision.review, decision);
    }
    return decision;
}

}  // namespace lifeline::routing
