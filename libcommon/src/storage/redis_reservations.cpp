// RedisStore's BudgetStore: reservations held and settled by script, per window bucket.
#include <algorithm>
#include <chrono>
#include <cstdio>

#include "redis_scripts.hpp"
#include "redis_store.hpp"

namespace lifeline::state {
namespace {

namespace scripts = redis_scripts;

std::string number_text(double value) {
    char text[64];
    std::snprintf(text, sizeof text, "%.17g", value);
    return text;
}

}  // namespace

Result<Reservation> RedisStore::reserve(const BudgetLimit& limit, double amount, Duration hold) {
    if (amount < 0) {
        return fail(ErrorCode::invalid_input, "budget " + limit.name + ": negative amount");
    }
    const SystemTime now = m_clock.now();
    const std::string bucket = budget_bucket(limit, now);
    const std::string id = make_reservation_id(bucket);
    RedisReply reply = LIFELINE_TRY(m_client->eval(
        scripts::k_reserve, {key("budget:" + bucket), key("budget_holds:" + bucket)},
        {ms_text(now), number_text(amount), number_text(limit.limit), ms_text(now + hold), id,
         std::to_string(bucket_ttl(limit, now, hold).count())}));
    if (reply.elements.size() != 2) {
        return fail(ErrorCode::io, "state store " + describe() + ": unexpected reserve reply");
    }
    Reservation reservation;
    reservation.granted = reply.elements[0].integer == 1;
    reservation.id = reservation.granted ? id : std::string();
    reservation.used = reply.elements[1].number();
    reservation.remaining = std::max(0.0, limit.limit - reservation.used);
    return reservation;
}

Status RedisStore::settle(const std::string& reservation_id, double actual) {
    return finish(reservation_id, number_text(actual));
}

Status RedisStore::release(const std::string& reservation_id) {
    return finish(reservation_id, "");
}

Result<BudgetUsage> RedisStore::budget_usage(const BudgetLimit& limit) {
    const SystemTime now = m_clock.now();
    const std::string bucket = budget_bucket(limit, now);
    RedisReply used = LIFELINE_TRY(
        m_client->eval(scripts::k_usage, {key("budget:" + bucket), key("budget_holds:" + bucket)},
                       {ms_text(now)}));
    return make_budget_usage(limit, used.number(), now);
}

// Budget keys outlive their window (plus the longest hold) and then vanish on the server.
Duration RedisStore::bucket_ttl(const BudgetLimit& limit, SystemTime now, Duration hold) {
    if (limit.window.count() <= 0) {
        return Duration{0};
    }
    const SystemTime end = window_start(limit.window, now) + limit.window;
    return std::chrono::duration_cast<Duration>(end - now) + hold + limit.window;
}

Status RedisStore::finish(const std::string& reservation_id, const std::string& actual) {
    auto bucket = reservation_bucket(reservation_id);
    if (!bucket) {
        return fail(ErrorCode::invalid_input,
                    "malformed reservation id \"" + reservation_id + "\"");
    }
    // The window length is not in the id, so settling leaves the TTL reserve() set alone.
    LIFELINE_TRY(m_client->eval(scripts::k_settle,
                                {key("budget:" + *bucket), key("budget_holds:" + *bucket)},
                                {ms_text(m_clock.now()), reservation_id, actual, "0"}));
    return {};
}

}  // namespace lifeline::state
