#include "sqlite_rows.hpp"

namespace lifeline::state {
namespace {

std::optional<std::string> class_id(const std::optional<FailureClass>& failure) {
    return failure ? std::optional<std::string>(to_string(*failure)) : std::nullopt;
}

std::optional<FailureClass> class_of(const SqliteStatement& row, int column) {
    return row.is_null(column) ? std::nullopt : parse_failure_class(row.text(column));
}

std::optional<int64_t> ms_of(const std::optional<SystemTime>& time) {
    return time ? std::optional<int64_t>(to_unix_ms(*time)) : std::nullopt;
}

std::optional<SystemTime> time_of(const SqliteStatement& row, int column) {
    auto ms = row.opt_int64(column);
    return ms ? std::optional<SystemTime>(from_unix_ms(*ms)) : std::nullopt;
}

}  // namespace

Observation observation_from_row(const SqliteStatement& row, const std::string& candidate) {
    Observation o;
    o.candidate = candidate;
    o.failure = class_of(row, 0);
    o.latency = Duration{row.int64(1)};
    o.http_status = static_cast<int>(row.int64(2));
    o.time = from_unix_ms(row.int64(3));
    if (auto retry_after = row.opt_int64(4)) {
        o.retry_after = Duration{*retry_after};
    }
    return o;
}

void bind_observation(SqliteStatement& statement, int first, const Observation& o) {
    std::optional<int64_t> retry_after;
    if (o.retry_after) {
        retry_after = o.retry_after->count();
    }
    statement.bind(first, class_id(o.failure))
        .bind(first + 1, static_cast<int64_t>(o.latency.count()))
        .bind(first + 2, static_cast<int64_t>(o.http_status))
        .bind(first + 3, to_unix_ms(o.time))
        .bind(first + 4, retry_after);
}

CircuitState circuit_from_row(const SqliteStatement& row) {
    CircuitState circuit;
    circuit.phase = parse_circuit_phase(row.text(0)).value_or(CircuitPhase::closed);
    circuit.opened_at = time_of(row, 1);
    circuit.retry_at = time_of(row, 2);
    circuit.trial_owner = row.text(3);
    circuit.trial_until = time_of(row, 4);
    return circuit;
}

void bind_circuit(SqliteStatement& statement, int first, const CircuitState& circuit) {
    statement.bind(first, std::string(to_string(circuit.phase)))
        .bind(first + 1, ms_of(circuit.opened_at))
        .bind(first + 2, ms_of(circuit.retry_at))
        .bind(first + 3, circuit.trial_owner)
        .bind(first + 4, ms_of(circuit.trial_until));
}

LedgerEntry ledger_entry_from_row(const SqliteStatement& row) {
    LedgerEntry e;
    e.time = from_unix_ms(row.int64(0));
    e.run_id = row.text(1);
    e.session = row.text(2);
    e.lane = row.text(3);
    e.provider = row.text(4);
    e.model = row.text(5);
    e.attempt = static_cast<int>(row.int64(6));
    e.failure = class_of(row, 7);
    e.input_tokens = row.int64(8);
    e.output_tokens = row.int64(9);
    e.cached_tokens = row.int64(10);
    e.cost_usd = row.opt_real(11);
    e.duration_ms = row.int64(12);
    e.is_retry = row.int64(13) != 0;
    e.is_fallback = row.int64(14) != 0;
    e.vendor = row.text(15);
    return e;
}

void bind_ledger_entry(SqliteStatement& statement, int first, const LedgerEntry& e) {
    statement.bind(first, to_unix_ms(e.time))
        .bind(first + 1, e.run_id)
        .bind(first + 2, e.session)
        .bind(first + 3, e.lane)
        .bind(first + 4, e.provider)
        .bind(first + 5, e.model)
        .bind(first + 6, static_cast<int64_t>(e.attempt))
        .bind(first + 7, class_id(e.failure))
        .bind(first + 8, e.input_tokens)
        .bind(first + 9, e.output_tokens)
        .bind(first + 10, e.cached_tokens)
        .bind(first + 11, e.cost_usd)
        .bind(first + 12, e.duration_ms)
        .bind(first + 13, static_cast<int64_t>(e.is_retry))
        .bind(first + 14, static_cast<int64_t>(e.is_fallback))
        .bind(first + 15, e.vendor);
}

}  // namespace lifeline::state
