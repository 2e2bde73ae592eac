#pragma once
// BudgetStore: reservations held against token and cost limits, per window. Errors as in
// store.hpp.

#include <string>

#include <lifeline/state/budget.hpp>
#include <lifeline/util/duration.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::state {

class BudgetStore {
  public:
    virtual ~BudgetStore() = default;

    // Atomically holds `amount` against `limit` in its current window when it fits
    // (used + amount <= limit); otherwise grants nothing. A hold not settled or released within
    // `hold` expires and its amount returns to the window. invalid_input for amount < 0.
    virtual Result<Reservation> reserve(const BudgetLimit& limit, double amount, Duration hold) = 0;
    // Replaces the hold with the `actual` amount spent. When the hold already expired the
    // actual amount is still counted (spending is never lost). invalid_input for a malformed id.
    virtual Status settle(const std::string& reservation_id, double actual) = 0;
    // Gives the held amount back; releasing an unknown or expired reservation is a no-op.
    virtual Status release(const std::string& reservation_id) = 0;
    // What the current window of `limit` has used (settled + live holds).
    virtual Result<BudgetUsage> budget_usage(const BudgetLimit& limit) = 0;
};

}  // namespace lifeline::state
