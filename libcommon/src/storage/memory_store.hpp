#pragma once
// MemoryStore, the in-process backend, declared for the files that define its members one
// concern each (memory_health.cpp, memory_ledger.cpp, ...). Private to the storage module.

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <lifeline/core/clock.hpp>
#include <lifeline/state/store.hpp>

namespace lifeline::state {

// An unsettled reservation: `amount` held in `bucket` until `expires_at`.
struct Hold {
    std::string bucket;
    double amount = 0.0;
    SystemTime expires_at{};
};

// The reference semantics the SQLite and Redis backends must match (the contract tests run
// against all three).
class MemoryStore final : public StateStore {
  public:
    explicit MemoryStore(const Clock& clock) : m_clock(clock) {}

    std::string describe() const override { return "memory:"; }

    // HealthStore: observations and circuits (memory_health.cpp).
    Status record_observation(const Observation& observation) override;
    Result<std::vector<Observation>> recent_observations(const std::string& candidate,
                                                         std::size_t limit) override;
    Result<std::vector<std::string>> observed_candidates() override;
    Result<CircuitState> get_circuit(const std::string& candidate) override;
    Status set_circuit(const std::string& candidate, const CircuitState& circuit) override;
    Result<bool> claim_half_open_trial(const std::string& candidate, const std::string& owner,
                                       Duration lease) override;

    // LedgerStore (memory_ledger.cpp).
    Status append_ledger(const LedgerEntry& entry) override;
    Result<std::vector<LedgerEntry>> query_ledger(const LedgerQuery& query) override;

    // BudgetStore: reservations (memory_reservations.cpp).
    Result<Reservation> reserve(const BudgetLimit& limit, double amount, Duration hold) override;
    Status settle(const std::string& reservation_id, double actual) override;
    Status release(const std::string& reservation_id) override;
    Result<BudgetUsage> budget_usage(const BudgetLimit& limit) override;

    // LockStore (memory_locks.cpp).
    Result<bool> acquire_lock(const std::string& name, const std::string& owner,
                              Duration ttl) override;
    Status renew_lock(const std::string& name, const std::string& owner, Duration ttl) override;
    Status release_lock(const std::string& name, const std::string& owner) override;
    Result<std::optional<LockInfo>> lock_holder(const std::string& name) override;

    // JournalStore: the rotation journal (memory_journal.cpp).
    Result<std::optional<JournalEntry>> journal_get(const std::string& key) override;
    Result<int64_t> journal_cas(const std::string& key, int64_t expected_version,
                                const std::string& value) override;
    Status journal_erase(const std::string& key, int64_t expected_version) override;

  private:
    // memory_journal.cpp
    static std::string journal_conflict(const std::string& key, int64_t expected, int64_t found);

    // memory_reservations.cpp
    void reclaim_expired(const std::string& bucket, SystemTime now);
    void drop_hold(std::unordered_map<std::string, Hold>::iterator hold);

    const Clock& m_clock;
    std::mutex m_mutex;
    std::map<std::string, std::deque<Observation>> m_observations;
    std::map<std::string, CircuitState> m_circuits;
    std::vector<LedgerEntry> m_ledger;
    std::unordered_map<std::string, double> m_used;
    std::unordered_map<std::string, Hold> m_holds;
    std::unordered_map<std::string, std::set<std::pair<SystemTime, std::string>>> m_expiry;
    std::map<std::string, LockInfo> m_locks;
    std::map<std::string, JournalEntry> m_journal;
};

}  // namespace lifeline::state
