// SqliteStore's HealthStore: recorded observations (the newest k_observations_kept per
// candidate) and circuits.
#include "sqlite_rows.hpp"
#include "sqlite_store.hpp"

namespace lifeline::state {

Status SqliteStore::record_observation(const Observation& o) {
    return m_db->write_transaction([&]() -> Status {
        auto* insert = LIFELINE_TRY(m_db->statement(
            "INSERT INTO observations (candidate, class, latency_ms, http_status, time_ms, "
            "retry_after_ms) VALUES (?, ?, ?, ?, ?, ?)"));
        insert->bind(1, o.candidate);
        bind_observation(*insert, 2, o);
        LIFELINE_TRY_VOID(insert->run());
        auto* trim = LIFELINE_TRY(m_db->statement(
            "DELETE FROM observations WHERE candidate = ?1 AND id <= (SELECT id FROM "
            "observations WHERE candidate = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)"));
        trim->bind(1, o.candidate).bind(2, static_cast<int64_t>(k_observations_kept));
        return trim->run();
    });
}

Result<std::vector<Observation>> SqliteStore::recent_observations(const std::string& candidate,
                                                                  std::size_t limit) {
    auto* select = LIFELINE_TRY(m_db->statement(
        "SELECT class, latency_ms, http_status, time_ms, retry_after_ms FROM observations "
        "WHERE candidate = ? ORDER BY id DESC LIMIT ?"));
    select->bind(1, candidate).bind(2, static_cast<int64_t>(limit));
    std::vector<Observation> out;
    while (LIFELINE_TRY(select->step())) {
        out.push_back(observation_from_row(*select, candidate));
    }
    return out;
}

Result<std::vector<std::string>> SqliteStore::observed_candidates() {
    auto* select = LIFELINE_TRY(
        m_db->statement("SELECT DISTINCT candidate FROM observations ORDER BY candidate"));
    std::vector<std::string> out;
    while (LIFELINE_TRY(select->step())) {
        out.push_back(select->text(0));
    }
    return out;
}

Result<CircuitState> SqliteStore::get_circuit(const std::string& candidate) {
    auto* select = LIFELINE_TRY(m_db->statement(
        "SELECT phase, opened_at_ms, retry_at_ms, trial_owner, trial_until_ms FROM circuits "
        "WHERE candidate = ?"));
    select->bind(1, candidate);
    CircuitState circuit;
    if (LIFELINE_TRY(select->step())) {
        circuit = circuit_from_row(*select);
    }
    select->reset();
    return circuit;
}

Status SqliteStore::set_circuit(const std::string& candidate, const CircuitState& circuit) {
    auto* upsert = LIFELINE_TRY(m_db->statement(
        "INSERT OR REPLACE INTO circuits (candidate, phase, opened_at_ms, retry_at_ms, "
        "trial_owner, trial_until_ms) VALUES (?, ?, ?, ?, ?, ?)"));
    upsert->bind(1, candidate);
    bind_circuit(*upsert, 2, circuit);
    return upsert->run();
}

Result<bool> SqliteStore::claim_half_open_trial(const std::string& candidate,
                                                const std::string& owner, Duration lease) {
    const int64_t now = to_unix_ms(m_clock.now());
    // One conditional UPDATE is atomic in SQLite: only one process sees a changed row.
    auto* update = LIFELINE_TRY(m_db->statement(
        "UPDATE circuits SET phase = 'half_open', trial_owner = ?1, trial_until_ms = ?2 "
        "WHERE candidate = ?3 AND ((phase = 'open' AND coalesce(retry_at_ms, 0) <= ?4) OR "
        "(phase = 'half_open' AND coalesce(trial_until_ms, 0) <= ?4))"));
    update->bind(1, owner).bind(2, now + lease.count()).bind(3, candidate).bind(4, now);
    LIFELINE_TRY_VOID(update->run());
    return m_db->changes() == 1;
}

}  // namespace lifeline::state
