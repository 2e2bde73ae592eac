#include "step_vendors.hpp"

#include <algorithm>
#include <chrono>

#include <lifeline/routing/review_author.hpp>

namespace run_with_failover {

std::vector<std::string> step_vendors(const std::vector<AttemptEntry>& attempts,
                                      lifeline::state::StateStore* store, const std::string& run_id,
                                      lifeline::SystemTime run_started,
                                      const lifeline::config::Config& config,
                                      std::string& warning) {
    std::vector<lifeline::state::LedgerEntry> rows;
    if (store) {
        lifeline::state::LedgerQuery query;
        query.run_id = run_id;
        query.since = run_started - std::chrono::minutes(1);
        if (auto stored = store->query_ledger(query))
            rows = std::move(*stored);
        else
            warning = "vendors of this run from the ledger: " + stored.error().to_string();
    }
    for (const AttemptEntry& attempt : attempts) {
        if (attempt.refused)
            continue;
        lifeline::state::LedgerEntry row;
        row.provider = attempt.provider;
        row.model = attempt.model;
        row.failure = attempt.failure_class;
        rows.push_back(std::move(row));
    }
    return lifeline::routing::vendors_in_rows(rows, config);
}

}  // namespace run_with_failover
