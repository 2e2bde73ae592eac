// Budgets on SQLite: `budgets` keeps the used amount per window bucket (settled + live holds),
// `reservations` the live holds with their expiry, so a reservation is one indexed read and
// two writes inside the transaction, however many holds are live.
#include "sqlite_budget.hpp"

#include <algorithm>

namespace lifeline::state {
namespace {

Result<double> used_in(SqliteDb& db, const std::string& bucket) {
    auto* select = LIFELINE_TRY(db.statement("SELECT used FROM budgets WHERE bucket = ?"));
    select->bind(1, bucket);
    const double used = LIFELINE_TRY(select->step()) ? select->real(0) : 0.0;
    select->reset();
    return used;
}

Status add_used(SqliteDb& db, const std::string& bucket, double delta) {
    auto* upsert =
        LIFELINE_TRY(db.statement("INSERT INTO budgets (bucket, used) VALUES (?1, ?2) "
                                  "ON CONFLICT (bucket) DO UPDATE SET used = used + ?2"));
    upsert->bind(1, bucket).bind(2, delta);
    return upsert->run();
}

// Removes a live or expired hold; returns its amount, nullopt when there was none.
Result<std::optional<double>> take_hold(SqliteDb& db, const std::string& reservation_id) {
    auto* select = LIFELINE_TRY(db.statement("SELECT amount FROM reservations WHERE id = ?"));
    select->bind(1, reservation_id);
    std::optional<double> held;
    if (LIFELINE_TRY(select->step())) {
        held = select->real(0);
    }
    select->reset();
    if (held) {
        auto* remove = LIFELINE_TRY(db.statement("DELETE FROM reservations WHERE id = ?"));
        remove->bind(1, reservation_id);
        LIFELINE_TRY_VOID(remove->run());
    }
    return held;
}

// Abandoned holds (a runner died before settling) give their amount back to the window.
Status reclaim_expired(SqliteDb& db, const std::string& bucket, SystemTime now) {
    auto* sum = LIFELINE_TRY(db.statement(
        "SELECT coalesce(sum(amount), 0), count(*) FROM reservations WHERE bucket = ? AND "
        "expires_at_ms <= ?"));
    sum->bind(1, bucket).bind(2, to_unix_ms(now));
    LIFELINE_TRY(sum->step());
    const double expired = sum->real(0);
    const int64_t count = sum->int64(1);
    sum->reset();
    if (count == 0) {
        return {};
    }
    auto* remove = LIFELINE_TRY(
        db.statement("DELETE FROM reservations WHERE bucket = ? AND expires_at_ms <= ?"));
    remove->bind(1, bucket).bind(2, to_unix_ms(now));
    LIFELINE_TRY_VOID(remove->run());
    return add_used(db, bucket, -expired);
}

}  // namespace

Result<Reservation> sqlite_reserve(SqliteDb& db, const BudgetLimit& limit, double amount,
                                   Duration hold, SystemTime now) {
    if (amount < 0) {
        return fail(ErrorCode::invalid_input, "budget " + limit.name + ": negative amount");
    }
    const std::string bucket = budget_bucket(limit, now);
    return db.write_transaction([&]() -> Result<Reservation> {
        LIFELINE_TRY_VOID(reclaim_expired(db, bucket, now));
        const double used = LIFELINE_TRY(used_in(db, bucket));
        Reservation reservation;
        if (used + amount > limit.limit) {
            reservation.used = used;
            reservation.remaining = std::max(0.0, limit.limit - used);
            return reservation;
        }
        reservation.granted = true;
        reservation.id = make_reservation_id(bucket);
        reservation.used = used + amount;
        reservation.remaining = std::max(0.0, limit.limit - reservation.used);
        LIFELINE_TRY_VOID(add_used(db, bucket, amount));
        auto* insert =
            LIFELINE_TRY(db.statement("INSERT INTO reservations (id, bucket, amount, "
                                      "expires_at_ms) VALUES (?, ?, ?, ?)"));
        insert->bind(1, reservation.id)
            .bind(2, bucket)
            .bind(3, amount)
            .bind(4, to_unix_ms(now + hold));
        LIFELINE_TRY_VOID(insert->run());
        return reservation;
    });
}

Status sqlite_settle(SqliteDb& db, const std::string& reservation_id, double actual) {
    auto bucket = reservation_bucket(reservation_id);
    if (!bucket) {
        return fail(ErrorCode::invalid_input,
                    "malformed reservation id \"" + reservation_id + "\"");
    }
    return db.write_transaction([&]() -> Status {
        const double held = LIFELINE_TRY(take_hold(db, reservation_id)).value_or(0.0);
        return add_used(db, *bucket, actual - held);
    });
}

Status sqlite_release(SqliteDb& db, const std::string& reservation_id) {
    return db.write_transaction([&]() -> Status {
        auto held = LIFELINE_TRY(take_hold(db, reservation_id));
        auto bucket = reservation_bucket(reservation_id);
        if (held && bucket) {
            LIFELINE_TRY_VOID(add_used(db, *bucket, -*held));
        }
        return {};
    });
}

Result<BudgetUsage> sqlite_budget_usage(SqliteDb& db, const BudgetLimit& limit, SystemTime now) {
    const std::string bucket = budget_bucket(limit, now);
    return db.write_transaction([&]() -> Result<BudgetUsage> {
        LIFELINE_TRY_VOID(reclaim_expired(db, bucket, now));
        const double used = LIFELINE_TRY(used_in(db, bucket));
        return make_budget_usage(limit, used, now);
    });
}

}  // namespace lifeline::state
