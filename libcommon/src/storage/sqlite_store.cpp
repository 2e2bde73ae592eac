// The SQLite backend: one file shared by every process on a machine. WAL lets readers run
// beside the single writer; every read-modify-write runs in BEGIN IMMEDIATE so concurrent
// processes queue on the busy timeout instead of racing (no check-then-increment).
#include <filesystem>

#include <lifeline/storage/backends.hpp>

#include "sqlite_budget.hpp"
#include "sqlite_db.hpp"
#include "sqlite_rows.hpp"

namespace lifeline::state {
namespace {

std::optional<int64_t> ms_of(const std::optional<SystemTime>& time) {
    return time ? std::optional<int64_t>(to_unix_ms(*time)) : std::nullopt;
}

class SqliteStore final : public StateStore {
  public:
    SqliteStore(std::unique_ptr<SqliteDb> db, const Clock& clock)
        : m_db(std::move(db)), m_clock(clock) {}

    std::string describe() const override { return m_db->described(); }

    Status record_observation(const Observation& o) override {
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

    Result<std::vector<Observation>> recent_observations(const std::string& candidate,
                                                         std::size_t limit) override {
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

    Result<std::vector<std::string>> observed_candidates() override {
        auto* select = LIFELINE_TRY(
            m_db->statement("SELECT DISTINCT candidate FROM observations ORDER BY candidate"));
        std::vector<std::string> out;
        while (LIFELINE_TRY(select->step())) {
            out.push_back(select->text(0));
        }
        return out;
    }

    Result<CircuitState> get_circuit(const std::string& candidate) override {
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

    Status set_circuit(const std::string& candidate, const CircuitState& circuit) override {
        auto* upsert = LIFELINE_TRY(m_db->statement(
            "INSERT OR REPLACE INTO circuits (candidate, phase, opened_at_ms, retry_at_ms, "
            "trial_owner, trial_until_ms) VALUES (?, ?, ?, ?, ?, ?)"));
        upsert->bind(1, candidate);
        bind_circuit(*upsert, 2, circuit);
        return upsert->run();
    }

    Result<bool> claim_half_open_trial(const std::string& candidate, const std::string& owner,
                                       Duration lease) override {
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

    Status append_ledger(const LedgerEntry& e) override {
        auto* insert = LIFELINE_TRY(m_db->statement(
            "INSERT INTO ledger (time_ms, run_id, session, lane, provider, model, attempt, class, "
            "input_tokens, output_tokens, cached_tokens, cost_usd, duration_ms, is_retry, "
            "is_fallback, vendor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        bind_ledger_entry(*insert, 1, e);
        return insert->run();
    }

    Result<std::vector<LedgerEntry>> query_ledger(const LedgerQuery& query) override {
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

    Result<Reservation> reserve(const BudgetLimit& limit, double amount, Duration hold) override {
        return sqlite_reserve(*m_db, limit, amount, hold, m_clock.now());
    }

    Status settle(const std::string& reservation_id, double actual) override {
        return sqlite_settle(*m_db, reservation_id, actual);
    }

    Status release(const std::string& reservation_id) override {
        return sqlite_release(*m_db, reservation_id);
    }

    Result<BudgetUsage> budget_usage(const BudgetLimit& limit) override {
        return sqlite_budget_usage(*m_db, limit, m_clock.now());
    }

    Result<bool> acquire_lock(const std::string& name, const std::string& owner,
                              Duration ttl) override {
        const int64_t now = to_unix_ms(m_clock.now());
        auto* upsert = LIFELINE_TRY(
            m_db->statement("INSERT INTO locks (name, owner, expires_at_ms) VALUES (?1, ?2, ?3) "
                            "ON CONFLICT (name) DO UPDATE SET owner = ?2, expires_at_ms = ?3 "
                            "WHERE locks.owner = ?2 OR locks.expires_at_ms <= ?4"));
        upsert->bind(1, name).bind(2, owner).bind(3, now + ttl.count()).bind(4, now);
        LIFELINE_TRY_VOID(upsert->run());
        return m_db->changes() == 1;
    }

    Status renew_lock(const std::string& name, const std::string& owner, Duration ttl) override {
        const int64_t now = to_unix_ms(m_clock.now());
        auto* update = LIFELINE_TRY(m_db->statement(
            "UPDATE locks SET expires_at_ms = ?1 WHERE name = ?2 AND owner = ?3 AND "
            "expires_at_ms > ?4"));
        update->bind(1, now + ttl.count()).bind(2, name).bind(3, owner).bind(4, now);
        LIFELINE_TRY_VOID(update->run());
        if (m_db->changes() != 1) {
            return fail(ErrorCode::conflict, "lock " + name + " is no longer held by " + owner);
        }
        return {};
    }

    Status release_lock(const std::string& name, const std::string& owner) override {
        const int64_t now = to_unix_ms(m_clock.now());
        auto* remove = LIFELINE_TRY(m_db->statement(
            "DELETE FROM locks WHERE name = ? AND (owner = ? OR expires_at_ms <= ?)"));
        remove->bind(1, name).bind(2, owner).bind(3, now);
        LIFELINE_TRY_VOID(remove->run());
        if (m_db->changes() == 0 && LIFELINE_TRY(lock_holder(name))) {
            return fail(ErrorCode::conflict, "lock " + name + " is held by another owner");
        }
        return {};
    }

    Result<std::optional<LockInfo>> lock_holder(const std::string& name) override {
        auto* select = LIFELINE_TRY(m_db->statement(
            "SELECT owner, expires_at_ms FROM locks WHERE name = ? AND expires_at_ms > ?"));
        select->bind(1, name).bind(2, to_unix_ms(m_clock.now()));
        std::optional<LockInfo> holder;
        if (LIFELINE_TRY(select->step())) {
            holder = LockInfo{select->text(0), from_unix_ms(select->int64(1))};
        }
        select->reset();
        return holder;
    }

    Result<std::optional<JournalEntry>> journal_get(const std::string& key) override {
        auto* select =
            LIFELINE_TRY(m_db->statement("SELECT value, version FROM journal WHERE key = ?"));
        select->bind(1, key);
        std::optional<JournalEntry> entry;
        if (LIFELINE_TRY(select->step())) {
            entry = JournalEntry{select->text(0), select->int64(1)};
        }
        select->reset();
        return entry;
    }

    Result<int64_t> journal_cas(const std::string& key, int64_t expected_version,
                                const std::string& value) override {
        return m_db->write_transaction([&]() -> Result<int64_t> {
            const int64_t found = LIFELINE_TRY(journal_version(key));
            if (found != expected_version) {
                return fail(ErrorCode::conflict, journal_conflict(key, expected_version, found));
            }
            auto* upsert = LIFELINE_TRY(m_db->statement(
                "INSERT OR REPLACE INTO journal (key, value, version) VALUES (?, ?, ?)"));
            upsert->bind(1, key).bind(2, value).bind(3, found + 1);
            LIFELINE_TRY_VOID(upsert->run());
            return found + 1;
        });
    }

    Status journal_erase(const std::string& key, int64_t expected_version) override {
        return m_db->write_transaction([&]() -> Status {
            const int64_t found = LIFELINE_TRY(journal_version(key));
            if (found != expected_version) {
                return fail(ErrorCode::conflict, journal_conflict(key, expected_version, found));
            }
            auto* remove = LIFELINE_TRY(m_db->statement("DELETE FROM journal WHERE key = ?"));
            remove->bind(1, key);
            return remove->run();
        });
    }

  private:
    static std::string journal_conflict(const std::string& key, int64_t expected, int64_t found) {
        return "journal key " + key + " changed: expected version " + std::to_string(expected) +
               ", found " + std::to_string(found);
    }

    Result<int64_t> journal_version(const std::string& key) {
        auto* select = LIFELINE_TRY(m_db->statement("SELECT version FROM journal WHERE key = ?"));
        select->bind(1, key);
        const int64_t version = LIFELINE_TRY(select->step()) ? select->int64(0) : 0;
        select->reset();
        return version;
    }

    std::unique_ptr<SqliteDb> m_db;
    const Clock& m_clock;
};

// Switching to WAL needs a moment of exclusive access; a fresh file opened by several
// processes at once can see SQLITE_BUSY here even with a busy timeout, so retry briefly.
Status enable_wal(SqliteDb& db) {
    Status status;
    for (int attempt = 0; attempt < 50; ++attempt) {
        status = db.exec("PRAGMA journal_mode = WAL");
        if (status || status.error().code != ErrorCode::unavailable) {
            return status;
        }
    }
    return status;
}

}  // namespace

Result<std::unique_ptr<StateStore>> open_sqlite_store(const StateUrl& url, const Clock& clock,
                                                      const StateOpenOptions& options) {
    const std::string described = url.redacted();
    const std::filesystem::path path(url.path);
    if (path.has_parent_path()) {
        std::error_code error;
        std::filesystem::create_directories(path.parent_path(), error);
        if (error) {
            return fail(ErrorCode::io, "cannot create the directory of state store " + described +
                                           ": " + error.message());
        }
    }
    auto db = LIFELINE_TRY(SqliteDb::open(url.path, described, options.busy_timeout));
    LIFELINE_TRY_VOID(enable_wal(*db));
    // NORMAL is durable across application crashes in WAL mode; only an OS crash can drop the
    // last commits, which is the right trade for a ledger written on every attempt.
    LIFELINE_TRY_VOID(db->exec("PRAGMA synchronous = NORMAL"));
    LIFELINE_TRY_VOID(migrate_schema(*db));
    return std::unique_ptr<StateStore>(std::make_unique<SqliteStore>(std::move(db), clock));
}

}  // namespace lifeline::state
