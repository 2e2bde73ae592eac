#pragma once
// The candidates one request tries, in order. From the lane's models: those whose context
// window is too small for the request and those whose circuit is open are skipped; those at
// their in-flight cap or recently rate-limited or overloaded (demoted) go last; the session's
// pinned model goes first among the rest; then the request's review rule removes reviewers of
// the author's vendor (routing/review_filter.hpp). Every candidate skipped or moved back
// leaves a note for the access log.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <lifeline/classify/failure_class.hpp>
#include <lifeline/routing/route_candidate.hpp>
#include <lifeline/util/time.hpp>

#include "health_board.hpp"
#include "lane_choice.hpp"
#include "snapshot.hpp"

namespace failover_proxy {

struct ChainRequest {
    int64_t estimated_tokens = 0;        // the request's size (ClientRequest::estimated_tokens)
    std::optional<std::string> pinned;   // the session's pinned model in the lane, if any
    int max_in_flight_per_upstream = 0;  // 0 = no cap
    lifeline::SystemTime now{};
};

struct ChainPlan {
    std::vector<lifeline::routing::RouteCandidate> chain;  // empty: nothing can be tried now
    // The class the client hears when `chain` is empty: bad_request when the lane has no other
    // vendor for the review's author (retrying cannot help), else the class every skipped
    // candidate shares (e.g. auth when every key was refused), else overloaded (retryable).
    lifeline::FailureClass unavailable_class = lifeline::FailureClass::overloaded;
    std::vector<std::string> notes;  // why candidates were skipped or moved back, in order
};

// Plans `lane` (its candidates looked up in `snapshot`; unknown names are left out) for
// `request`, with the circuits, demotions and in-flight counts `health` reports now.
ChainPlan plan_chain(const Snapshot& snapshot, const LaneChoice& lane, const ChainRequest& request,
                     const HealthBoard& health);

}  // namespace failover_proxy
