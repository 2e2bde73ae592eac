#include "chain_plan.hpp"

#include <algorithm>

#include <lifeline/routing/review_filter.hpp>

namespace failover_proxy {

using lifeline::FailureClass;
using lifeline::routing::RouteCandidate;

namespace {

// The lane's candidates sorted by what health and size allow, before the session and the
// review rule have their say.
struct Sorted {
    std::vector<RouteCandidate> healthy;
    std::vector<RouteCandidate> later;  // demoted or at the in-flight cap
    std::vector<FailureClass> skipped_classes;
    std::vector<RouteCandidate> whole_lane;  // every known candidate, for the vendor rule
};

// True when `candidate` cannot hold the request (a note says why).
bool too_small(const RouteCandidate& candidate, const LaneChoice& lane, const ChainRequest& request,
               std::vector<std::string>& notes) {
    const int64_t window = candidate.model.context_window;
    if (window <= 0 || (window >= request.estimated_tokens && window >= lane.min_context))
        return false;
    notes.push_back(
        candidate.candidate.label() + " skipped: context window " + std::to_string(window) +
        " < ~" + std::to_string(std::max(request.estimated_tokens, lane.min_context)) + " tokens");
    return true;
}

// True when `label` should go behind the healthy candidates (a note says why).
bool goes_last(const std::string& label, const ChainRequest& request, const HealthBoard& health,
               std::vector<std::string>& notes) {
    const int cap = request.max_in_flight_per_upstream;
    const bool full = cap > 0 && health.in_flight(label) >= cap;
    if (full)
        notes.push_back(label + " last: " + std::to_string(cap) + " requests in flight");
    const bool demoted = health.demoted(label, request.now);
    if (demoted)
        notes.push_back(label + " last: recently rate-limited or overloaded");
    return full || demoted;
}

Sorted sort_lane(const Snapshot& snapshot, const LaneChoice& lane, const ChainRequest& request,
                 const HealthBoard& health, std::vector<std::string>& notes) {
    Sorted sorted;
    for (const std::string& name : lane.chain) {
        const auto* candidate = snapshot.candidate(name);
        if (candidate == nullptr)
            continue;
        if (lane.review.active())
            sorted.whole_lane.push_back(*candidate);
        const std::string label = candidate->candidate.label();
        if (too_small(*candidate, lane, request, notes))
            continue;
        if (auto why = health.skip_reason(label, request.now)) {
            notes.push_back(label + " skipped: " + *why);
            sorted.skipped_classes.push_back(health.skip_class(label));
            continue;
        }
        const bool last = goes_last(label, request, health, notes);
        (last ? sorted.later : sorted.healthy).push_back(*candidate);
    }
    return sorted;
}

void put_pinned_first(std::vector<RouteCandidate>& healthy,
                      const std::optional<std::string>& pinned) {
    if (!pinned)
        return;
    auto it = std::find_if(healthy.begin(), healthy.end(),
                           [&](const auto& c) { return c.model.name == *pinned; });
    if (it != healthy.end())
        std::rotate(healthy.begin(), it, it + 1);
}

// The class every skipped candidate shares, else overloaded.
FailureClass shared_skip_class(const std::vector<FailureClass>& classes) {
    if (!classes.empty() && std::all_of(classes.begin(), classes.end(),
                                        [&](FailureClass c) { return c == classes.front(); }))
        return classes.front();
    return FailureClass::overloaded;
}

}  // namespace

ChainPlan plan_chain(const Snapshot& snapshot, const LaneChoice& lane, const ChainRequest& request,
                     const HealthBoard& health) {
    ChainPlan plan;
    Sorted sorted = sort_lane(snapshot, lane, request, health, plan.notes);
    put_pinned_first(sorted.healthy, request.pinned);
    plan.chain = std::move(sorted.healthy);
    plan.chain.insert(plan.chain.end(), sorted.later.begin(), sorted.later.end());
    const auto review = lifeline::routing::filter_reviewers(
        plan.chain, lane.review,
        lifeline::routing::lane_has_another_vendor(sorted.whole_lane, lane.review));
    for (const auto& [route, why] : review.rejected)
        plan.notes.push_back(route.candidate.label() + " skipped: " + why);
    if (!review.warning.empty())
        plan.notes.push_back(review.warning);
    if (review.all_same_vendor && !review.same_vendor_fallback) {
        // Retrying cannot help: the lane has no other vendor for this author.
        plan.unavailable_class = FailureClass::bad_request;
        return plan;
    }
    plan.unavailable_class = shared_skip_class(sorted.skipped_classes);
    return plan;
}

}  // namespace failover_proxy
