// SqliteStore's LedgerStore: appending and querying the usage ledger.
#include "sqlite_rows.hpp"
#include "sqlite_store.hpp"

namespace lifeline::state {
namespace {

std::optional<int64_t> ms_of(const std::optional<SystemTime>& time) {
    return time ? std::optional<int64_t>(to_unix_ms(*time)) : std::nullopt;
}

}  // namespace

Status SqliteStore::append_ledger(const LedgerEntry& e) {
    auto* insert = LIFELINE_TRY(m_db->statement(
        "INSERT INTO ledger (time_ms, run_id, session, lane, provider, model, attempt, class, "
        "input_tokens, output_tokens, cached_tokens, cost_usd, duration_ms, is_retry, "
        "is_fallback, vendor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    bind_ledger_entry(*insert, 1, e);
    return insert->run();
}

Result<std::vector<LedgerEntry>> SqliteStore::query_ledger(const LedgerQuery& query) {
    // NULL parameters switch a filter off, so one cached statement serves every query.
    auto* select = LIFELINE_TRY(m_db->statement(
        "SELECT time_ms, run_id, session, lane, provider, model, attempt, class, "
        "input_tokens, output_tokens, cached_tokens, cost_usd, duration_ms, is_retry, "
        "is_fallback, vendor FROM ledger WHERE (?1 IS NULL OR session = ?1) AND (?2 IS NULL OR "
        "run_id = ?2) AND (?3 IS NULL OR model = ?3) AND (?4 IS NULL OR provider = ?4) AND "
        "(?5 IS NULL OR time_ms >= ?5) AND (?6 IS NULL OR time_ms < ?6) "
        "ORDER BY time_ms, id"));
    select->bind(1, query.session)
        .bind(2, query.run_id)
        .bind(3, query.model)
        .bind(4, query.provider)
        .bind(5, ms_of(query.since))
        .bind(6, ms_of(query.until));
    std::vector<LedgerEntry> out;
    while (LIFELINE_TRY(select->step())) {
        out.push_back(ledger_entry_from_row(*select));
    }
    return out;
}

}  // namespace lifeline::state
