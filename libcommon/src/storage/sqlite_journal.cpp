// SqliteStore's JournalStore: the rotation journal's versioned values, written by
// compare-and-set.
#include "sqlite_store.hpp"

namespace lifeline::state {

Result<std::optional<JournalEntry>> SqliteStore::journal_get(const std::string& key) {
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

Result<int64_t> SqliteStore::journal_cas(const std::string& key, int64_t expected_version,
                                         const std::string& value) {
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

Status SqliteStore::journal_erase(const std::string& key, int64_t expected_version) {
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

std::string SqliteStore::journal_conflict(const std::string& key, int64_t expected, int64_t found) {
    return "journal key " + key + " changed: expected version " + std::to_string(expected) +
           ", found " + std::to_string(found);
}

Result<int64_t> SqliteStore::journal_version(const std::string& key) {
    auto* select = LIFELINE_TRY(m_db->statement("SELECT version FROM journal WHERE key = ?"));
    select->bind(1, key);
    const int64_t version = LIFELINE_TRY(select->step()) ? select->int64(0) : 0;
    select->reset();
    return version;
}

}  // namespace lifeline::state
