// Opening the SQLite backend: the file and its directory, WAL mode and the schema.
#include "sqlite_store.hpp"

#include <filesystem>

#include <lifeline/storage/backends.hpp>

#include "sqlite_db.hpp"

namespace lifeline::state {
namespace {

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
