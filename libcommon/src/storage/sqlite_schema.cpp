// The SQLite schema and its migrations. A file is only ever upgraded, never recreated: a
// corrupt, foreign or newer file is an error the user must resolve, so no state is lost.
#include <functional>
#include <vector>

#include "sqlite_db.hpp"

namespace lifeline::state {
namespace {

using Migration = std::function<Status(SqliteDb&)>;

Migration sql(const char* text) {
    return [text](SqliteDb& db) { return db.exec(text); };
}

Result<bool> has_column(SqliteDb& db, const std::string& table, const std::string& column) {
    auto* stmt = LIFELINE_TRY(
        db.statement("SELECT count(*) FROM pragma_table_info('" + table + "') WHERE name = ?"));
    stmt->bind(1, column);
    LIFELINE_TRY(stmt->step());
    const int64_t count = stmt->int64(0);
    stmt->reset();
    return count > 0;
}

// Version 2: the vendor of each ledger row (rows before it: "" = not recorded), and an index
// for the rows of one run (--review-of). SQLite has no ADD COLUMN IF NOT EXISTS; a file whose
// version number was set back by hand must still open.
Status add_ledger_vendor(SqliteDb& db) {
    if (!LIFELINE_TRY(has_column(db, "ledger", "vendor")))
        LIFELINE_TRY_VOID(db.exec("ALTER TABLE ledger ADD COLUMN vendor TEXT NOT NULL DEFAULT ''"));
    return db.exec("CREATE INDEX IF NOT EXISTS ledger_by_run ON ledger (run_id)");
}

// migrations[i] brings version i to version i + 1. Append, never edit.
const std::vector<Migration>& migrations() {
    static const std::vector<Migration> list = {
        sql(R"sql(
CREATE TABLE observations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    candidate TEXT NOT NULL,
    class TEXT,
    latency_ms INTEGER NOT NULL,
    http_status INTEGER NOT NULL,
    time_ms INTEGER NOT NULL,
    retry_after_ms INTEGER
);
CREATE INDEX observations_by_candidate ON observations (candidate, id);
CREATE TABLE circuits (
    candidate TEXT PRIMARY KEY,
    phase TEXT NOT NULL,
    opened_at_ms INTEGER,
    retry_at_ms INTEGER,
    trial_owner TEXT NOT NULL DEFAULT '',
    trial_until_ms INTEGER
);
CREATE TABLE ledger (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time_ms INTEGER NOT NULL,
    run_id TEXT NOT NULL,
    session TEXT NOT NULL,
    lane TEXT NOT NULL,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    class TEXT,
    input_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    cached_tokens INTEGER NOT NULL,
    cost_usd REAL,
    duration_ms INTEGER NOT NULL,
    is_retry INTEGER NOT NULL,
    is_fallback INTEGER NOT NULL
);
CREATE INDEX ledger_by_time ON ledger (time_ms);
CREATE INDEX ledger_by_session ON ledger (session, time_ms);
CREATE TABLE budgets (
    bucket TEXT PRIMARY KEY,
    used REAL NOT NULL
);
CREATE TABLE reservations (
    id TEXT PRIMARY KEY,
    bucket TEXT NOT NULL,
    amount REAL NOT NULL,
    expires_at_ms INTEGER NOT NULL
);
CREATE INDEX reservations_by_expiry ON reservations (bucket, expires_at_ms);
CREATE TABLE locks (
    name TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    expires_at_ms INTEGER NOT NULL
);
CREATE TABLE journal (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    version INTEGER NOT NULL
);
)sql"),
        add_ledger_vendor,
    };
    return list;
}

Result<int64_t> table_count(SqliteDb& db, const std::string& where) {
    auto* stmt = LIFELINE_TRY(db.statement("SELECT count(*) FROM sqlite_master WHERE " + where));
    LIFELINE_TRY(stmt->step());
    const int64_t count = stmt->int64(0);
    stmt->reset();
    return count;
}

}  // namespace

Status migrate_schema(SqliteDb& db) {
    static_assert(k_sqlite_schema_version > 0);
    return db.write_transaction([&]() -> Status {
        const int64_t has_version =
            LIFELINE_TRY(table_count(db, "type = 'table' AND name = 'schema_version'"));
        int64_t version = 0;
        if (has_version == 0) {
            if (LIFELINE_TRY(table_count(db, "type = 'table'")) > 0) {
                return fail(ErrorCode::io, "state store " + db.described() +
                                               " is an SQLite database but not a lifeline state "
                                               "store (no schema_version table); refusing to "
                                               "change it");
            }
            LIFELINE_TRY_VOID(db.exec("CREATE TABLE schema_version (version INTEGER NOT NULL)"));
            LIFELINE_TRY_VOID(db.exec("INSERT INTO schema_version (version) VALUES (0)"));
        } else {
            auto* stmt = LIFELINE_TRY(db.statement("SELECT max(version) FROM schema_version"));
            if (!LIFELINE_TRY(stmt->step()) || stmt->is_null(0)) {
                stmt->reset();
                return fail(ErrorCode::io, "state store " + db.described() +
                                               " has an empty schema_version table; the file is "
                                               "damaged: move it aside to start a fresh store");
            }
            version = stmt->int64(0);
            stmt->reset();
        }
        if (version > k_sqlite_schema_version) {
            return fail(ErrorCode::unsupported,
                        "state store " + db.described() + " has schema version " +
                            std::to_string(version) + ", newer than this lifeline supports (" +
                            std::to_string(k_sqlite_schema_version) +
                            "); upgrade lifeline or point --state at another file");
        }
        for (int64_t step = version; step < k_sqlite_schema_version; ++step) {
            LIFELINE_TRY_VOID(migrations()[static_cast<std::size_t>(step)](db));
        }
        if (version != k_sqlite_schema_version) {
            LIFELINE_TRY_VOID(db.exec("UPDATE schema_version SET version = " +
                                      std::to_string(k_sqlite_schema_version)));
        }
        return {};
    });
}

}  // namespace lifeline::state
