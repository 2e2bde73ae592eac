#pragma once
// A thin RAII layer over one sqlite3 connection: cached prepared statements, transactions and
// the mapping of SQLite result codes to lifeline errors. Private to the state module.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <lifeline/util/duration.hpp>
#include <lifeline/util/result.hpp>

struct sqlite3;
struct sqlite3_stmt;

namespace lifeline::state {

class SqliteDb;

class SqliteStatement {
  public:
    SqliteStatement(sqlite3_stmt* stmt, SqliteDb& db) : m_stmt(stmt), m_db(db) {}
    SqliteStatement& bind(int index, const std::string& value);
    SqliteStatement& bind(int index, int64_t value);
    SqliteStatement& bind(int index, double value);
    SqliteStatement& bind_null(int index);
    template <typename T>
    SqliteStatement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind_null(index);
    }
    // Advances: true with a row, false when done. Errors map through SqliteDb::error.
    Result<bool> step();
    // step() to completion, for statements that return no rows.
    Status run();
    bool is_null(int column) const;
    std::string text(int column) const;
    int64_t int64(int column) const;
    double real(int column) const;
    std::optional<int64_t> opt_int64(int column) const;
    std::optional<double> opt_real(int column) const;
    void reset();

  private:
    sqlite3_stmt* m_stmt;
    SqliteDb& m_db;
};

class SqliteDb {
  public:
    // Opens (creating) `path`; `described` names the store in every error message.
    static Result<std::unique_ptr<SqliteDb>> open(const std::string& path, std::string described,
                                                  Duration busy_timeout);
    ~SqliteDb();
    SqliteDb(const SqliteDb&) = delete;
    SqliteDb& operator=(const SqliteDb&) = delete;

    Status exec(const std::string& sql);
    // A cached statement, reset and unbound, ready to bind.
    Result<SqliteStatement*> statement(const std::string& sql);
    // The lifeline error for SQLite result code `rc` while doing `what`.
    Error error(int rc, const std::string& what) const;
    const std::string& described() const { return m_described; }
    // Rows changed by the last INSERT/UPDATE/DELETE.
    int changes() const;

    // Runs `body` inside BEGIN IMMEDIATE ... COMMIT (writers queue on the busy timeout instead
    // of failing on a lock upgrade); rolls back when body fails.
    template <typename F>
    auto write_transaction(F&& body) -> decltype(body()) {
        LIFELINE_TRY_VOID(exec("BEGIN IMMEDIATE"));
        auto result = body();
        if (!result) {
            (void)exec("ROLLBACK");
            return result;
        }
        if (auto committed = exec("COMMIT"); !committed) {
            (void)exec("ROLLBACK");
            return fail(committed.error());
        }
        return result;
    }

  private:
    SqliteDb(sqlite3* db, std::string described, Duration busy_timeout)
        : m_db(db), m_described(std::move(described)), m_busy_timeout(busy_timeout) {}

    sqlite3* m_db;
    std::string m_described;
    Duration m_busy_timeout;
    std::map<std::string, std::unique_ptr<SqliteStatement>> m_statements;
};

// Brings the schema to the version this build knows, creating it in an empty file. Errors: io
// when the file is not a lifeline database, unsupported when its schema is newer.
Status migrate_schema(SqliteDb& db);
// The schema version this build writes.
inline constexpr int64_t k_sqlite_schema_version = 2;

}  // namespace lifeline::state
