// The in-process backend: the reference semantics the SQLite and Redis backends must match
// (the contract tests run against all three).
#include <algorithm>
#include <deque>
#include <mutex>
#include <set>
#include <unordered_map>

#include <lifeline/storage/backends.hpp>

namespace lifeline::state {
namespace {

struct Hold {
    std::string bucket;
    double amount = 0.0;
    SystemTime expires_at{};
};

class MemoryStore final : public StateStore {
  public:
    explicit MemoryStore(const Clock& clock) : m_clock(clock) {}

    std::string describe() const override { return "memory:"; }

    Status record_observation(const Observation& observation) override {
        std::lock_guard lock(m_mutex);
        auto& list = m_observations[observation.candidate];
        list.push_front(observation);
        if (list.size() > k_observations_kept) {
            list.pop_back();
        }
        return {};
    }

    Result<std::vector<Observation>> recent_observations(const std::string& candidate,
                                                         std::size_t limit) override {
        std::lock_guard lock(m_mutex);
        std::vector<Observation> out;
        auto it = m_observations.find(candidate);
        if (it != m_observations.end()) {
            const auto count = std::min(limit, it->second.size());
            out.assign(it->second.begin(), it->second.begin() + static_cast<long>(count));
        }
        return out;
    }

    Result<std::vector<std::string>> observed_candidates() override {
        std::lock_guard lock(m_mutex);
        std::vector<std::string> out;
        for (const auto& [candidate, list] : m_observations) {
            out.push_back(candidate);
        }
        std::sort(out.begin(), out.end());
        return out;
    }

    Result<CircuitState> get_circuit(const std::string& candidate) override {
        std::lock_guard lock(m_mutex);
        auto it = m_circuits.find(candidate);
        return it == m_circuits.end() ? CircuitState{} : it->second;
    }

    Status set_circuit(const std::string& candidate, const CircuitState& circuit) override {
        std::lock_guard lock(m_mutex);
        m_circuits[candidate] = circuit;
        return {};
    }

    Result<bool> claim_half_open_trial(const std::string& candidate, const std::string& owner,
                                       Duration lease) override {
        std::lock_guard lock(m_mutex);
        const SystemTime now = m_clock.now();
        CircuitState& circuit = m_circuits[candidate];
        if (circuit.phase == CircuitPhase::closed) {
            return false;
        }
        if (circuit.phase == CircuitPhase::open && circuit.retry_at && *circuit.retry_at > now) {
            return false;
        }
        if (circuit.phase == CircuitPhase::half_open && circuit.trial_until &&
            *circuit.trial_until > now) {
            return false;
        }
        circuit.phase = CircuitPhase::half_open;
        circuit.trial_owner = owner;
        circuit.trial_until = now + lease;
        return true;
    }

    Status append_ledger(const LedgerEntry& entry) override {
        std::lock_guard lock(m_mutex);
        m_ledger.push_back(entry);
        return {};
    }

    Result<std::vector<LedgerEntry>> query_ledger(const LedgerQuery& query) override {
        std::lock_guard lock(m_mutex);
        std::vector<LedgerEntry> out;
        for (const LedgerEntry& entry : m_ledger) {
            if (matches(query, entry)) {
                out.push_back(entry);
            }
        }
        std::stable_sort(out.begin(), out.end(),
                         [](const auto& a, const auto& b) { return a.time < b.time; });
        return out;
    }

    Result<Reservation> reserve(const BudgetLimit& limit, double amount, Duration hold) override {
        if (amount < 0) {
            return fail(ErrorCode::invalid_input, "budget " + limit.name + ": negative amount");
        }
        std::lock_guard lock(m_mutex);
        const SystemTime now = m_clock.now();
        const std::string bucket = budget_bucket(limit, now);
        reclaim_expired(bucket, now);
        double& used = m_used[bucket];
        Reservation reservation;
        if (used + amount > limit.limit) {
            reservation.used = used;
            reservation.remaining = std::max(0.0, limit.limit - used);
            return reservation;
        }
        used += amount;
        reservation.granted = true;
        reservation.id = make_reservation_id(bucket);
        reservation.used = used;
        reservation.remaining = std::max(0.0, limit.limit - used);
        m_holds[reservation.id] = Hold{bucket, amount, now + hold};
        m_expiry[bucket].emplace(now + hold, reservation.id);
        return reservation;
    }

    Status settle(const std::string& reservation_id, double actual) override {
        auto bucket = reservation_bucket(reservation_id);
        if (!bucket) {
            return fail(ErrorCode::invalid_input,
                        "malformed reservation id \"" + reservation_id + "\"");
        }
        std::lock_guard lock(m_mutex);
        double delta = actual;
        if (auto it = m_holds.find(reservation_id); it != m_holds.end()) {
            delta -= it->second.amount;
            drop_hold(it);
        }
        m_used[*bucket] += delta;
        return {};
    }

    Status release(const std::string& reservation_id) override {
        std::lock_guard lock(m_mutex);
        if (auto it = m_holds.find(reservation_id); it != m_holds.end()) {
            m_used[it->second.bucket] -= it->second.amount;
            drop_hold(it);
        }
        return {};
    }

    Result<BudgetUsage> budget_usage(const BudgetLimit& limit) override {
        std::lock_guard lock(m_mutex);
        const SystemTime now = m_clock.now();
        const std::string bucket = budget_bucket(limit, now);
        reclaim_expired(bucket, now);
        return make_budget_usage(limit, m_used[bucket], now);
    }

    Result<bool> acquire_lock(const std::string& name, const std::string& owner,
                              Duration ttl) override {
        std::lock_guard lock(m_mutex);
        const SystemTime now = m_clock.now();
        auto it = m_locks.find(name);
        if (it != m_locks.end() && it->second.owner != owner && it->second.expires_at > now) {
            return false;
        }
        m_locks[name] = LockInfo{owner, now + ttl};
        return true;
    }

    Status renew_lock(const std::string& name, const std::string& owner, Duration ttl) override {
        std::lock_guard lock(m_mutex);
        const SystemTime now = m_clock.now();
        auto it = m_locks.find(name);
        if (it == m_locks.end() || it->second.owner != owner || it->second.expires_at <= now) {
            return fail(ErrorCode::conflict, "lock " + name + " is no longer held by " + owner);
        }
        it->second.expires_at = now + ttl;
        return {};
    }

    Status release_lock(const std::string& name, const std::string& owner) override {
        std::lock_guard lock(m_mutex);
        auto it = m_locks.find(name);
        if (it == m_locks.end()) {
            return {};
        }
        if (it->second.owner != owner && it->second.expires_at > m_clock.now()) {
            return fail(ErrorCode::conflict, "lock " + name + " is held by another owner");
        }
        m_locks.erase(it);
        return {};
    }

    Result<std::optional<LockInfo>> lock_holder(const std::string& name) override {
        std::lock_guard lock(m_mutex);
        auto it = m_locks.find(name);
        if (it == m_locks.end() || it->second.expires_at <= m_clock.now()) {
            return std::optional<LockInfo>{};
        }
        return std::optional<LockInfo>{it->second};
    }

    Result<std::optional<JournalEntry>> journal_get(const std::string& key) override {
        std::lock_guard lock(m_mutex);
        auto it = m_journal.find(key);
        if (it == m_journal.end()) {
            return std::optional<JournalEntry>{};
        }
        return std::optional<JournalEntry>{it->second};
    }

    Result<int64_t> journal_cas(const std::string& key, int64_t expected_version,
                                const std::string& value) override {
        std::lock_guard lock(m_mutex);
        JournalEntry& entry = m_journal[key];
        if (entry.version != expected_version) {
            const int64_t found = entry.version;
            if (found == 0) {
                m_journal.erase(key);
            }
            return fail(ErrorCode::conflict, journal_conflict(key, expected_version, found));
        }
        entry.value = value;
        return ++entry.version;
    }

    Status journal_erase(const std::string& key, int64_t expected_version) override {
        std::lock_guard lock(m_mutex);
        auto it = m_journal.find(key);
        const int64_t found = it == m_journal.end() ? 0 : it->second.version;
        if (found != expected_version) {
            return fail(ErrorCode::conflict, journal_conflict(key, expected_version, found));
        }
        if (it != m_journal.end()) {
            m_journal.erase(it);
        }
        return {};
    }

  private:
    static std::string journal_conflict(const std::string& key, int64_t expected, int64_t found) {
        return "journal key " + key + " changed: expected version " + std::to_string(expected) +
               ", found " + std::to_string(found);
    }

    // Holds are indexed by expiry per bucket so reclaiming stays cheap with many live holds.
    void reclaim_expired(const std::string& bucket, SystemTime now) {
        auto& index = m_expiry[bucket];
        while (!index.empty() && index.begin()->first <= now) {
            auto hold = m_holds.find(index.begin()->second);
            m_used[bucket] -= hold->second.amount;
            m_holds.erase(hold);
            index.erase(index.begin());
        }
    }

    void drop_hold(std::unordered_map<std::string, Hold>::iterator hold) {
        m_expiry[hold->second.bucket].erase({hold->second.expires_at, hold->first});
        m_holds.erase(hold);
    }

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

}  // namespace

std::unique_ptr<StateStore> make_memory_store(const Clock& clock) {
    return std::make_unique<MemoryStore>(clock);
}

}  // namespace lifeline::state
