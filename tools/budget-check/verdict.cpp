#include "verdict.hpp"

#include <algorithm>

#include <lifeline/util/strings.hpp>

namespace lifeline::budget {

Verdict budget_verdict(const Decision& decision, std::string headline) {
    std::vector<std::string> crossed;
    for (const auto& limit : decision.limits) {
        if (limit.state == LimitState::exceeded)
            crossed.push_back(limit.describe());
    }
    if (!crossed.empty())
        return {output::RunStatus::failed, 1, "budget exceeded: " + join(crossed, "; "), false};
    if (const auto& reservation = decision.reservation; reservation && !reservation->answer.granted)
        return {output::RunStatus::failed, 1,
                "reservation refused: " + std::to_string(reservation->request.amount) +
                    " does not fit " + reservation->request.limit.name + " (remaining " +
                    std::to_string(reservation->answer.remaining) + ")",
                true};
    const bool warned =
        std::any_of(decision.limits.begin(), decision.limits.end(),
                    [](const LimitResult& limit) { return limit.state == LimitState::warning; });
    if (warned)
        return {output::RunStatus::degraded, 0, std::move(headline), false};
    return {output::RunStatus::ok, 0, std::move(headline), false};
}

}  // namespace lifeline::budget
