#include "ledger_usage.hpp"

#include <algorithm>
#include <iterator>

namespace lifeline::budget {

std::vector<UsageRecord> records_from_ledger(const std::vector<state::LedgerEntry>& entries) {
    std::vector<UsageRecord> records;
    records.reserve(entries.size());
    for (const auto& entry : entries) {
        UsageRecord record;
        record.source = SourceKind::ledger;
        record.time_ms = to_unix_ms(entry.time);
        record.session = entry.session;
        record.run_id = entry.run_id;
        record.model = entry.model;
        record.provider = entry.provider;
        // A damaged row may hold a negative input: clamp's bounds must stay ordered.
        const int64_t cached =
            std::clamp<int64_t>(entry.cached_tokens, 0, std::max<int64_t>(entry.input_tokens, 0));
        record.tokens.uncached_input = entry.input_tokens - cached;
        record.tokens.cache_read = cached;
        record.tokens.output = entry.output_tokens;
        record.recorded_cost = entry.cost_usd;
        record.failure = entry.failure;
        record.is_retry = entry.is_retry;
        record.is_fallback = entry.is_fallback;
        records.push_back(std::move(record));
    }
    return records;
}

Status add_ledger_source(state::StateStore& store, const state::LedgerQuery& query,
                         Collected& collected) {
    auto entries = LIFELINE_TRY(store.query_ledger(query));
    SourceDiagnostics ledger;
    ledger.kind = SourceKind::ledger;
    ledger.path = store.describe();
    auto records = records_from_ledger(entries);
    ledger.lines = ledger.records = static_cast<int64_t>(records.size());
    std::move(records.begin(), records.end(), std::back_inserter(collected.records));
    collected.sources.push_back(std::move(ledger));
    return {};
}

}  // namespace lifeline::budget
