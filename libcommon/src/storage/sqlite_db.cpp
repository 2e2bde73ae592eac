#include "sqlite_db.hpp"

#include <cerrno>

#include <sqlite3.h>

namespace lifeline::state {
namespace {

Error disk_full(const std::string& described, const std::string& what) {
    return make_error(ErrorCode::io, "state store " + described +
                                         ": no space left on its file system while " + what +
                                         " (the change was not saved): free space "
                                         "there or point --state at another file");
}

}  // namespace

SqliteStatement& SqliteStatement::bind(int index, const std::string& value) {
    sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()),
                      SQLITE_TRANSIENT);
    return *this;
}
SqliteStatement& SqliteStatement::bind(int index, int64_t value) {
    sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}
SqliteStatement& SqliteStatement::bind(int index, double value) {
    sqlite3_bind_double(m_stmt, index, value);
    return *this;
}
SqliteStatement& SqliteStatement::bind_null(int index) {
    sqlite3_bind_null(m_stmt, index);
    return *this;
}

Result<bool> SqliteStatement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    Error error = m_db.error(rc, std::string("running \"") + sqlite3_sql(m_stmt) + "\"");
    sqlite3_reset(m_stmt);
    return fail(std::move(error));
}

Status SqliteStatement::run() {
    while (LIFELINE_TRY(step())) {
    }
    return {};
}

bool SqliteStatement::is_null(int column) const {
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}
std::string SqliteStatement::text(int column) const {
    const auto* data = sqlite3_column_text(m_stmt, column);
    const int size = sqlite3_column_bytes(m_stmt, column);
    return data ? std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size))
                : std::string();
}
int64_t SqliteStatement::int64(int column) const {
    return sqlite3_column_int64(m_stmt, column);
}
double SqliteStatement::real(int column) const {
    return sqlite3_column_double(m_stmt, column);
}
std::optional<int64_t> SqliteStatement::opt_int64(int column) const {
    return is_null(column) ? std::nullopt : std::optional<int64_t>(int64(column));
}
std::optional<double> SqliteStatement::opt_real(int column) const {
    return is_null(column) ? std::nullopt : std::optional<double>(real(column));
}
void SqliteStatement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

Result<std::unique_ptr<SqliteDb>> SqliteDb::open(const std::string& path, std::string described,
                                                 Duration busy_timeout) {
    sqlite3* raw = nullptr;
    const int rc =
        sqlite3_open_v2(path.c_str(), &raw,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    std::unique_ptr<SqliteDb> db(new SqliteDb(raw, std::move(described), busy_timeout));
    if (rc != SQLITE_OK) {
        return fail(db->error(rc, "opening the file"));
    }
    sqlite3_busy_timeout(raw, static_cast<int>(busy_timeout.count()));
    sqlite3_extended_result_codes(raw, 0);
    return db;
}

SqliteDb::~SqliteDb() {
    m_statements.clear();
    // sqlite3_close_v2 finalizes lazily, so statements still cached cannot leak the handle.
    sqlite3_stmt* stmt = nullptr;
    while ((stmt = sqlite3_next_stmt(m_db, nullptr)) != nullptr) {
        sqlite3_finalize(stmt);
    }
    sqlite3_close_v2(m_db);
}

int SqliteDb::changes() const {
    return sqlite3_changes(m_db);
}

Status SqliteDb::exec(const std::string& sql) {
    const int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
        return fail(error(rc, "running \"" + sql.substr(0, 60) + "\""));
    }
    return {};
}

Result<SqliteStatement*> SqliteDb::statement(const std::string& sql) {
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        sqlite3_stmt* stmt = nullptr;
        const int rc =
            sqlite3_prepare_v2(m_db, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr);
        if (rc != SQLITE_OK) {
            return fail(error(rc, "preparing \"" + sql.substr(0, 60) + "\""));
        }
        it = m_statements.emplace(sql, std::make_unique<SqliteStatement>(stmt, *this)).first;
    }
    it->second->reset();
    return it->second.get();
}

Error SqliteDb::error(int rc, const std::string& what) const {
    const std::string detail = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
    switch (rc & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return make_error(ErrorCode::unavailable,
                              "state store " + m_described +
                                  " is locked by another process (still locked after the " +
                                  format_duration(m_busy_timeout) + " busy timeout) while " + what);
        case SQLITE_NOTADB:
        case SQLITE_CORRUPT:
            return make_error(ErrorCode::io, "state store " + m_described +
                                                 " is corrupt or not an SQLite database (" +
                                                 detail +
                                                 "); lifeline will not overwrite it: move it "
                                                 "aside to start a fresh store");
        case SQLITE_CANTOPEN:
        case SQLITE_PERM:
        case SQLITE_READONLY:
            return make_error(ErrorCode::io,
                              "cannot open state store " + m_described + " for writing: " + detail +
                                  "; this user must be able to write the file and its directory "
                                  "(SQLite creates -wal and -shm files beside it): fix their "
                                  "permissions or point --state at another file");
        case SQLITE_FULL:
            return disk_full(m_described, what);
        default:
            // A full disk often surfaces as a plain I/O error (growing the WAL index or the
            // journal); errno tells it apart.
            if (const int system_errno = m_db ? sqlite3_system_errno(m_db) : 0;
                (rc & 0xff) == SQLITE_IOERR && (system_errno == ENOSPC || system_errno == EDQUOT)) {
                return disk_full(m_described, what);
            }
            return make_error(ErrorCode::io,
                              "state store " + m_described + ": " + detail + " while " + what);
    }
}

}  // namespace lifeline::state
