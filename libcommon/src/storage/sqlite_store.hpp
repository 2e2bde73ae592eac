#pragma once
// SqliteStore, the SQLite backend, declared for the files that define its members one concern
// each (sqlite_health.cpp, sqlite_ledger.cpp, ...). Private to the storage module.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <lifeline/core/clock.hpp>
#include <lifeline/state/store.hpp>

#include "sqlite_db.hpp"

namespace lifeline::state {

// One file shared by every process on a machine. WAL lets readers run beside the single
// writer; every read-modify-write runs in BEGIN IMMEDIATE so concurrent processes queue on the
// busy timeout instead of racing (no check-then-increment).
class SqliteStore final : public StateStore {
  public:
    SqliteStore(std::unique_ptr<SqliteDb> db, const Clock& clock)
        : m_db(std::move(db)), m_clock(clock) {}

    std::string describe() const override { return m_db->described(); }

    // HealthStore: observations and circuits (sqlite_health.cpp).
    Status record_observation(const Observation& o) override;
    Result<std::vector<Observation>> recent_observations(const std::string& candidate,
                                                         std::size_t limit) override;
    Result<std::vector<std::string>> observed_candidates() override;
    Result<CircuitState> get_circuit(const std::string& candidate) override;
    Status set_circuit(const std::string& candidate, const CircuitState& circuit) override;
    Result<bool> claim_half_open_trial(const std::string& candidate, const std::string& owner,
                                       Duration lease) override;

    // LedgerStore (sqlite_ledger.cpp).
    Status append_ledger(const LedgerEntry& e) override;
    Result<std::vector<LedgerEntry>> query_ledger(const LedgerQuery& query) override;

    // BudgetStore: reservations (sqlite_reservations.cpp, over sqlite_budget.cpp).
    Result<Reservation> reserve(const BudgetLimit& limit, double amount, Duration hold) override;
    Status settle(const std::string& reservation_id, double actual) override;
    Status release(const std::string& reservation_id) override;
    Result<BudgetUsage> budget_usage(const BudgetLimit& limit) override;

    // LockStore (sqlite_locks.cpp).
    Result<bool> acquire_lock(const std::string& name, const std::string& owner,
                              Duration ttl) override;
    Status renew_lock(const std::string& name, const std::string& owner, Duration ttl) override;
    Status release_lock(const std::string& name, const std::string& owner) override;
    Result<std::optional<LockInfo>> lock_holder(const std::string& name) override;

    // JournalStore: the rotation journal (sqlite_journal.cpp).
    Result<std::optional<JournalEntry>> journal_get(const std::string& key) override;
    Result<int64_t> journal_cas(const std::string& key, int64_t expected_version,
                                const std::string& value) override;
    Status journal_erase(const std::string& key, int64_t expected_version) override;

  private:
    static std::string journal_conflict(const std::string& key, int64_t expected, int64_t found);
    Result<int64_t> journal_version(const std::string& key);

    std::unique_ptr<SqliteDb> m_db;
    const Clock& m_clock;
};

}  // namespace lifeline::state
