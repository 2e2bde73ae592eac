#pragma once
// Which lane a request runs on: the model name the client asked for (a lane, a configured
// model, an alias or glob alias, else the config's default_lane), unless a header names the lane.

#include <string>
#include <string_view>
#include <vector>

#include <lifeline/config/model.hpp>
#include <lifeline/routing/vendor_rule.hpp>
#include <lifeline/util/result.hpp>

namespace failover_proxy {

struct LaneChoice {
    std::string lane;                // the lane's name; for a configured model, the model's name
    std::vector<std::string> chain;  // model names in order of preference
    int64_t min_context = 0;
    lifeline::Duration first_token_timeout{0};
    lifeline::Duration idle_timeout{0};
    // How the name was resolved: "lane", "alias <pattern>", "model", "default_lane", "header".
    std::string via;
    // The lane declares different_vendor_from: author (a review lane).
    bool different_vendor_from_author = false;
    // The request's review rule (review_rule.hpp), set once the lane is chosen.
    lifeline::routing::VendorRule review;
};

// Resolves `requested` (the body's or path's model) or, when not empty, `header_lane`
// (X-Lifeline-Lane / X-Route-Task, which must name a lane or alias). Errors: ErrorCode::not_found
// with a message that lists the names a client may use.
lifeline::Result<LaneChoice> choose_lane(const lifeline::config::Config& config,
                                         std::string_view requested, std::string_view header_lane);

// The names a client may ask for: lanes, exact aliases, models (in that order, no duplicates).
std::vector<std::string> nameable_models(const lifeline::config::Config& config);

}  // namespace failover_proxy
