#pragma once
// lifeline's own usage ledger (written by run-with-failover) as usage records.

#include <vector>

#include <lifeline/state/ledger.hpp>
#include <lifeline/state/store.hpp>
#include <lifeline/util/result.hpp>

#include "sources.hpp"
#include "usage.hpp"

namespace lifeline::budget {

// One record per ledger entry. The ledger counts cached tokens inside input_tokens (OpenAI's
// convention, as LedgerTotals::total_tokens() = input + output shows), so input becomes
// input - cached and cache_read the cached part. cost_usd, when recorded, is kept as is.
std::vector<UsageRecord> records_from_ledger(const std::vector<state::LedgerEntry>& entries);

// Appends the records of the ledger entries `query` selects in `store` to `collected`, and one
// ledger source named by store.describe() whose lines and records both count them. Errors:
// the store's (collected is then unchanged).
Status add_ledger_source(state::StateStore& store, const state::LedgerQuery& query,
                         Collected& collected);

}  // namespace lifeline::budget
