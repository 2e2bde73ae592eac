#pragma once
// RedisStore, the Redis backend, declared for the files that define its members one concern
// each (redis_health.cpp, redis_ledger.cpp, ...), and the helpers they share. Private to the
// storage module.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <lifeline/core/clock.hpp>
#include <lifeline/state/state_url.hpp>
#include <lifeline/state/store.hpp>
#include <lifeline/util/time.hpp>

#include "redis_client.hpp"

namespace lifeline::state {

// A time as the scripts take it: Unix ms in decimal.
inline std::string ms_text(SystemTime time) {
    return std::to_string(to_unix_ms(time));
}

// For a fleet of runners: every read-modify-write is one Lua script, so it is atomic across all
// clients; keys carry server-side TTLs (lock lifetimes, budget windows) so an abandoned runner
// leaves nothing behind for ever. Expiry decisions still use the injected Clock, so every
// backend agrees with the contract tests.
class RedisStore final : public StateStore {
  public:
    RedisStore(std::unique_ptr<RedisClient> client, StateUrl url, const Clock& clock)
        : m_client(std::move(client)), m_url(std::move(url)), m_clock(clock) {}

    std::string describe() const override { return m_url.redacted(); }

    // HealthStore: observations and circuits (redis_health.cpp).
    Status record_observation(const Observation& o) override;
    Result<std::vector<Observation>> recent_observations(const std::string& candidate,
                                                         std::size_t limit) override;
    Result<std::vector<std::string>> observed_candidates() override;
    Result<CircuitState> get_circuit(const std::string& candidate) override;
    Status set_circuit(const std::string& candidate, const CircuitState& circuit) override;
    Result<bool> claim_half_open_trial(const std::string& candidate, const std::string& owner,
                                       Duration lease) override;

    // LedgerStore (redis_ledger.cpp).
    Status append_ledger(const LedgerEntry& entry) override;
    Result<std::vector<LedgerEntry>> query_ledger(const LedgerQuery& query) override;

    // BudgetStore: reservations (redis_reservations.cpp).
    Result<Reservation> reserve(const BudgetLimit& limit, double amount, Duration hold) override;
    Status settle(const std::string& reservation_id, double actual) override;
    Status release(const std::string& reservation_id) override;
    Result<BudgetUsage> budget_usage(const BudgetLimit& limit) override;

    // LockStore (redis_locks.cpp).
    Result<bool> acquire_lock(const std::string& name, const std::string& owner,
                              Duration ttl) override;
    Status renew_lock(const std::string& name, const std::string& owner, Duration ttl) override;
    Status release_lock(const std::string& name, const std::string& owner) override;
    Result<std::optional<LockInfo>> lock_holder(const std::string& name) override;

    // JournalStore: the rotation journal (redis_journal.cpp).
    Result<std::optional<JournalEntry>> journal_get(const std::string& key_name) override;
    Result<int64_t> journal_cas(const std::string& key_name, int64_t expected_version,
                                const std::string& value) override;
    Status journal_erase(const std::string& key_name, int64_t expected_version) override;

  private:
    std::string key(const std::string& name) const { return m_url.prefix + name; }

    // redis_locks.cpp
    static std::string positive_ms(Duration duration);

    // redis_reservations.cpp
    static Duration bucket_ttl(const BudgetLimit& limit, SystemTime now, Duration hold);
    Status finish(const std::string& reservation_id, const std::string& actual);

    // redis_journal.cpp
    Result<int64_t> journal_write(const std::string& key_name, int64_t expected_version,
                                  const std::string& value, bool erase);

    std::unique_ptr<RedisClient> m_client;
    StateUrl m_url;
    const Clock& m_clock;
};

}  // namespace lifeline::state
