// MemoryStore's JournalStore: the rotation journal's versioned values, written by
// compare-and-set.
#include "memory_store.hpp"

namespace lifeline::state {

Result<std::optional<JournalEntry>> MemoryStore::journal_get(const std::string& key) {
    std::lock_guard lock(m_mutex);
    auto it = m_journal.find(key);
    if (it == m_journal.end()) {
        return std::optional<JournalEntry>{};
    }
    return std::optional<JournalEntry>{it->second};
}

Result<int64_t> MemoryStore::journal_cas(const std::string& key, int64_t expected_version,
                                         const std::string& value) {
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

Status MemoryStore::journal_erase(const std::string& key, int64_t expected_version) {
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

std::string MemoryStore::journal_conflict(const std::string& key, int64_t expected, int64_t found) {
    return "journal key " + key + " changed: expected version " + std::to_string(expected) +
           ", found " + std::to_string(found);
}

}  // namespace lifeline::state
