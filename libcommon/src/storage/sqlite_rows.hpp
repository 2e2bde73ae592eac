#pragma once
// How the SQLite backend's records map to rows: each decoder reads one record from the columns
// of a result row in the order the store's SELECTs name them, each binder binds the record as
// its INSERT does, starting at parameter `first`. Pure mappings over one statement, so the fuzz
// target state_rows runs the store's own decoding on any row. Private to the state module.

#include <string>

#include <lifeline/state/circuit.hpp>
#include <lifeline/state/health.hpp>
#include <lifeline/state/ledger.hpp>

#include "sqlite_db.hpp"

namespace lifeline::state {

// Columns: class, latency_ms, http_status, time_ms, retry_after_ms. `candidate` comes from the
// query. A class that is NULL or unknown reads as success; a time outside SystemTime saturates.
Observation observation_from_row(const SqliteStatement& row, const std::string& candidate);
// Binds class .. retry_after_ms at first .. first + 4.
void bind_observation(SqliteStatement& statement, int first, const Observation& observation);

// Columns: phase, opened_at_ms, retry_at_ms, trial_owner, trial_until_ms. An unknown phase
// reads as closed; a NULL time as none.
CircuitState circuit_from_row(const SqliteStatement& row);
// Binds phase .. trial_until_ms at first .. first + 4.
void bind_circuit(SqliteStatement& statement, int first, const CircuitState& circuit);

// Columns: time_ms, run_id, session, lane, provider, model, attempt, class, input_tokens,
// output_tokens, cached_tokens, cost_usd, duration_ms, is_retry, is_fallback, vendor.
LedgerEntry ledger_entry_from_row(const SqliteStatement& row);
// Binds time_ms .. vendor at first .. first + 15.
void bind_ledger_entry(SqliteStatement& statement, int first, const LedgerEntry& entry);

}  // namespace lifeline::state
