#include <lifeline/state/store.hpp>

namespace lifeline::state {

// The summaries are computed from the raw rows on every backend, so memory, SQLite and Redis
// can never disagree about what "success rate" or "p95" means.
Result<HealthSummary> HealthStore::summarise_health(const std::string& candidate,
                                                    std::size_t last_n) {
    auto observations = LIFELINE_TRY(recent_observations(candidate, last_n));
    return summarise_observations(candidate, observations);
}

Result<LedgerTotals> LedgerStore::ledger_totals(const LedgerQuery& query) {
    auto entries = LIFELINE_TRY(query_ledger(query));
    return total_of(entries);
}

Result<std::map<std::string, LedgerTotals>> LedgerStore::aggregate_ledger(const LedgerQuery& query,
                                                                          LedgerGroupBy by) {
    auto entries = LIFELINE_TRY(query_ledger(query));
    return group_totals(entries, by);
}

}  // namespace lifeline::state
