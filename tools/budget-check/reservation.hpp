#pragma once
// `--reserve N --limit NAME`, `--settle ID --actual N` and `--release ID`: pipelines that gate
// a step on the remaining budget hold an amount atomically in the state store (SQLite for one
// runner, Redis for a fleet) and settle it with what the step really spent.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <lifeline/state/store.hpp>

#include "limits.hpp"

namespace lifeline::budget {

// The limit names --limit accepts: session_tokens, cost_session, cost_daily, cost_monthly
// (hyphens are accepted for underscores).
const std::vector<std::string>& reservable_limits();

// The store-side limit for `name`:
//   session_tokens -> "tokens:session:<session>" (no window), needs --session
//   cost_session   -> "cost_usd:session:<session>" (no window), needs --session
//   cost_daily     -> "cost_usd:daily", 24h windows (UTC days)
//   cost_monthly   -> "cost_usd:monthly", 30-day windows (the store's windows are fixed)
// invalid_input for an unknown name (with a "did you mean"), a limit that is not configured,
// or a missing session.
Result<state::BudgetLimit> store_limit(std::string_view name, const LimitSettings& limits,
                                       const std::optional<std::string>& session);

}  // namespace lifeline::budget
