#pragma once
// Budget reservations on SQLite (the StateStore::reserve/settle/release/budget_usage contract).
// Each runs in one BEGIN IMMEDIATE transaction, so processes queue instead of racing.

#include <string>

#include <lifeline/state/budget.hpp>
#include <lifeline/util/result.hpp>

#include "sqlite_db.hpp"

namespace lifeline::state {

Result<Reservation> sqlite_reserve(SqliteDb& db, const BudgetLimit& limit, double amount,
                                   Duration hold, SystemTime now);
Status sqlite_settle(SqliteDb& db, const std::string& reservation_id, double actual);
Status sqlite_release(SqliteDb& db, const std::string& reservation_id);
Result<BudgetUsage> sqlite_budget_usage(SqliteDb& db, const BudgetLimit& limit, SystemTime now);

}  // namespace lifeline::state
