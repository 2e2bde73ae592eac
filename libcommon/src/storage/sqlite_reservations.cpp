// SqliteStore's BudgetStore: reservations, passed to the transactions in sqlite_budget.cpp.
#include "sqlite_budget.hpp"
#include "sqlite_store.hpp"

namespace lifeline::state {

Result<Reservation> SqliteStore::reserve(const BudgetLimit& limit, double amount, Duration hold) {
    return sqlite_reserve(*m_db, limit, amount, hold, m_clock.now());
}

Status SqliteStore::settle(const std::string& reservation_id, double actual) {
    return sqlite_settle(*m_db, reservation_id, actual);
}

Status SqliteStore::release(const std::string& reservation_id) {
    return sqlite_release(*m_db, reservation_id);
}

Result<BudgetUsage> SqliteStore::budget_usage(const BudgetLimit& limit) {
    return sqlite_budget_usage(*m_db, limit, m_clock.now());
}

}  // namespace lifeline::state
