#pragma once
// budget-check's decide step: the records summed, the limits measured, and --reserve held.

#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include <lifeline/config/model.hpp>
#include <lifeline/state/store.hpp>
#include <lifeline/util/result.hpp>

#include "check_plan.hpp"
#include "limits.hpp"
#include "summary.hpp"
#include "usage.hpp"

namespace lifeline::budget {

// What --reserve asked the store for and what it answered.
struct ReservationOutcome {
    ReserveRequest request;
    state::Reservation answer;  // granted false: nothing is held
};

struct Decision {
    Summary summary;
    std::vector<LimitResult> limits;                // every configured limit, measured
    std::optional<ReservationOutcome> reservation;  // set when --reserve ran
};

// Sums `records` at plan.prices, measures plan.limits at plan.now (per-session limits on
// plan.filter.session when set), and holds plan.reserve in `store` when set (store must be set
// then). Errors: the store's; nothing is held then.
Result<Decision> decide(const std::vector<UsageRecord>& records, const CheckPlan& plan,
                        const config::Config& config, state::StateStore* store);

// The report's `reservation` object: action "reserve", limit, amount, granted, id, used,
// limit_value, remaining.
nlohmann::json reservation_json(const ReservationOutcome& outcome);

}  // namespace lifeline::budget
