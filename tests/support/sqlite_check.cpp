#include "sqlite_check.hpp"

#include <sqlite3.h>

namespace lifeline::testing {

std::string integrity_check(const std::string& path) {
    sqlite3* db = nullptr;
    std::string verdict = "cannot open " + path;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
        sqlite3_stmt* stmt = nullptr;
        verdict.clear();
        if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK) {
            while (sqlite3_step(stmt) == SQLITE_ROW)
                verdict += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
        } else {
            verdict = sqlite3_errmsg(db);
        }
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return verdict;
}

}  // namespace lifeline::testing
