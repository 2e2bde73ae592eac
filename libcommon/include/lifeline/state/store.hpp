#pragma once
// StateStore: the one interface every tool uses to share state (health, circuits, usage ledger,
// budgets, locks, rotation journal). Backends: memory (tests), SQLite (one machine, the
// default), Redis (a fleet of runners); open one with open_state_store() (state/open.hpp).
//
// Every operation is atomic on its own. Errors: ErrorCode::unavailable when the backend cannot
// be reached or stays locked past its timeout; ErrorCode::io for a damaged store;
// ErrorCode::conflict when a compare-and-set or a lock is lost; ErrorCode::invalid_input for
// bad arguments.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <lifeline/state/budget.hpp>
#include <lifeline/state/circuit.hpp>
#include <lifeline/state/health.hpp>
#include <lifeline/state/ledger.hpp>
#include <lifeline/util/duration.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::state {

struct LockInfo {
    std::string owner;
    SystemTime expires_at{};
};

// A journal value and its version (1 for the first write, +1 per successful cas).
struct JournalEntry {
    std::string value;
    int64_t version = 0;
};

class StateStore {
  public:
    virtual ~StateStore() = default;

    // The store's URL for messages, without any password ("sqlite:///x/state.db").
    virtual std::string describe() const = 0;

    // --- health ---
    // Records one outcome; the store keeps the newest k_observations_kept per candidate.
    virtual Status record_observation(const Observation& observation) = 0;
    // The newest `limit` observations of `candidate`, newest first; empty when none.
    virtual Result<std::vector<Observation>> recent_observations(const std::string& candidate,
                                                                 std::size_t limit) = 0;
    // Every candidate with at least one observation, sorted.
    virtual Result<std::vector<std::string>> observed_candidates() = 0;
    // summarise_observations over the newest `last_n`.
    Result<HealthSummary> summarise_health(const std::string& candidate,
                                           std::size_t last_n = k_default_health_window);

    // --- circuits ---
    // The stored circuit; a candidate never stored is closed.
    virtual Result<CircuitState> get_circuit(const std::string& candidate) = 0;
    // Replaces the stored circuit (the policy decided the transition).
    virtual Status set_circuit(const std::string& candidate, const CircuitState& circuit) = 0;
    // Atomically takes the single half-open trial: true when the circuit was open with retry_at
    // passed (or missing), or half-open with no live trial lease; it is then half_open with
    // trial_owner = owner until now + lease. False when closed, still cooling down, or another
    // owner holds a live trial.
    virtual Result<bool> claim_half_open_trial(const std::string& candidate,
                                               const std::string& owner, Duration lease) = 0;

    // --- usage ledger ---
    virtual Status append_ledger(const LedgerEntry& entry) = 0;
    // Every entry that matches, oldest first (ties in insertion order).
    virtual Result<std::vector<LedgerEntry>> query_ledger(const LedgerQuery& query) = 0;
    // total_of / group_totals over query_ledger(query).
    Result<LedgerTotals> ledger_totals(const LedgerQuery& query);
    Result<std::map<std::string, LedgerTotals>> aggregate_ledger(const LedgerQuery& query,
                                                                 LedgerGroupBy by);

    // --- budgets ---
    // Atomically holds `amount` against `limit` in its current window when it fits
    // (used + amount <= limit); otherwise grants nothing. A hold not settled or released within
    // `hold` expires and its amount returns to the window. invalid_input for amount < 0.
    virtual Result<Reservation> reserve(const BudgetLimit& limit, double amount, Duration hold) = 0;
    // Replaces the hold with the `actual` amount spent. When the hold already expired the
    // actual amount is still counted (spending is never lost). invalid_input for a malformed id.
    virtual Status settle(const std::string& reservation_id, double actual) = 0;
    // Gives the held amount back; releasing an unknown or expired reservation is a no-op.
    virtual Status release(const std::string& reservation_id) = 0;
    // What the current window of `limit` has used (settled + live holds).
    virtual Result<BudgetUsage> budget_usage(const BudgetLimit& limit) = 0;

    // --- locks ---
    // Takes `name` for `owner` until now + ttl: true when free, expired, or already owned by
    // `owner` (which extends it); false while another owner holds it.
    virtual Result<bool> acquire_lock(const std::string& name, const std::string& owner,
                                      Duration ttl) = 0;
    // Extends a lock `owner` still holds; conflict when it expired or someone else holds it.
    virtual Status renew_lock(const std::string& name, const std::string& owner, Duration ttl) = 0;
    // Frees a lock; ok when not held; conflict when another owner holds it.
    virtual Status release_lock(const std::string& name, const std::string& owner) = 0;
    // The live holder of `name`; nullopt when free or expired.
    virtual Result<std::optional<LockInfo>> lock_holder(const std::string& name) = 0;

    // --- journal ---
    // The value under `key`; nullopt when never written (or erased).
    virtual Result<std::optional<JournalEntry>> journal_get(const std::string& key) = 0;
    // Writes `value` when the current version is `expected_version` (0: key must not exist);
    // returns the new version. conflict when the version differs.
    virtual Result<int64_t> journal_cas(const std::string& key, int64_t expected_version,
                                        const std::string& value) = 0;
    // Removes `key` when its version is `expected_version`; conflict otherwise.
    virtual Status journal_erase(const std::string& key, int64_t expected_version) = 0;
};

}  // namespace lifeline::state
