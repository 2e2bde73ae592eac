#include "decision.hpp"

namespace lifeline::budget {

Result<Decision> decide(const std::vector<UsageRecord>& records, const CheckPlan& plan,
                        const config::Config& config, state::StateStore* store) {
    Decision decision;
    decision.summary = summarise(records, plan.prices, config);
    decision.limits = evaluate_limits(plan.limits, decision.summary, plan.now, plan.filter.session);
    if (plan.reserve) {
        const ReserveRequest& request = *plan.reserve;
        auto answer = LIFELINE_TRY(store->reserve(request.limit, request.amount, request.hold));
        decision.reservation = ReservationOutcome{request, std::move(answer)};
    }
    return decision;
}

nlohmann::json reservation_json(const ReservationOutcome& outcome) {
    const state::Reservation& answer = outcome.answer;
    return {{"action", "reserve"},
            {"limit", outcome.request.limit.name},
            {"amount", outcome.request.amount},
            {"granted", answer.granted},
            {"id", answer.id},
            {"used", answer.used},
            {"limit_value", outcome.request.limit.limit},
            {"remaining", answer.remaining}};
}

}  // namespace lifeline::budget
