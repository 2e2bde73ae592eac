// MemoryStore's LedgerStore: the usage ledger, kept in insertion order.
#include <algorithm>

#include "memory_store.hpp"

namespace lifeline::state {

Status MemoryStore::append_ledger(const LedgerEntry& entry) {
    std::lock_guard lock(m_mutex);
    m_ledger.push_back(entry);
    return {};
}

Result<std::vector<LedgerEntry>> MemoryStore::query_ledger(const LedgerQuery& query) {
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

}  // namespace lifeline::state
