#include <lifeline/state/ledger.hpp>

namespace lifeline::state {
namespace {

std::string group_key(const LedgerEntry& entry, LedgerGroupBy by) {
    switch (by) {
        case LedgerGroupBy::session:
            return entry.session;
        case LedgerGroupBy::run_id:
            return entry.run_id;
        case LedgerGroupBy::lane:
            return entry.lane;
        case LedgerGroupBy::provider:
            return entry.provider;
        case LedgerGroupBy::model:
            return entry.model;
        case LedgerGroupBy::day:
            // "2026-11-21T10:00:00Z" -> "2026-11-21": days are UTC, like the budget windows.
            return format_rfc3339(entry.time).substr(0, 10);
    }
    return {};
}

void add(LedgerTotals& totals, const LedgerEntry& entry) {
    ++totals.entries;
    totals.failures += entry.failure ? 1 : 0;
    totals.retries += entry.is_retry ? 1 : 0;
    totals.fallbacks += entry.is_fallback ? 1 : 0;
    totals.input_tokens += entry.input_tokens;
    totals.output_tokens += entry.output_tokens;
    totals.cached_tokens += entry.cached_tokens;
    if (entry.cost_usd) {
        totals.cost_usd += *entry.cost_usd;
    } else {
        ++totals.unpriced_entries;
    }
    totals.duration_ms += entry.duration_ms;
}

}  // namespace

bool matches(const LedgerQuery& query, const LedgerEntry& entry) {
    if (query.session && *query.session != entry.session) {
        return false;
    }
    if (query.run_id && *query.run_id != entry.run_id) {
        return false;
    }
    if (query.model && *query.model != entry.model) {
        return false;
    }
    if (query.provider && *query.provider != entry.provider) {
        return false;
    }
    if (query.since && entry.time < *query.since) {
        return false;
    }
    if (query.until && entry.time >= *query.until) {
        return false;
    }
    return true;
}

LedgerTotals total_of(const std::vector<LedgerEntry>& entries) {
    LedgerTotals totals;
    for (const LedgerEntry& entry : entries) {
        add(totals, entry);
    }
    return totals;
}

std::map<std::string, LedgerTotals> group_totals(const std::vector<LedgerEntry>& entries,
                                                 LedgerGroupBy by) {
    std::map<std::string, LedgerTotals> groups;
    for (const LedgerEntry& entry : entries) {
        add(groups[group_key(entry, by)], entry);
    }
    return groups;
}

}  // namespace lifeline::state
