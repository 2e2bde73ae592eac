#pragma once
// LedgerStore: the usage ledger, one row per attempt or proxied request. Errors as in
// store.hpp.

#include <map>
#include <string>
#include <vector>

#include <lifeline/state/ledger.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::state {

class LedgerStore {
  public:
    virtual ~LedgerStore() = default;

    virtual Status append_ledger(const LedgerEntry& entry) = 0;
    // Every entry that matches, oldest first (ties in insertion order).
    virtual Result<std::vector<LedgerEntry>> query_ledger(const LedgerQuery& query) = 0;
    // total_of / group_totals over query_ledger(query).
    Result<LedgerTotals> ledger_totals(const LedgerQuery& query);
    Result<std::map<std::string, LedgerTotals>> aggregate_ledger(const LedgerQuery& query,
                                                                 LedgerGroupBy by);
};

}  // namespace lifeline::state
