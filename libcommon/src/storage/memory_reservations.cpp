// MemoryStore's BudgetStore: reservations, with holds indexed by expiry per bucket.
#include <algorithm>

#include "memory_store.hpp"

namespace lifeline::state {

Result<Reservation> MemoryStore::reserve(const BudgetLimit& limit, double amount, Duration hold) {
    if (amount < 0) {
        return fail(ErrorCode::invalid_input, "budget " + limit.name + ": negative amount");
    }
    std::lock_guard lock(m_mutex);
    const SystemTime now = m_clock.now();
    const std::string bucket = budget_bucket(limit, now);
    reclaim_expired(bucket, now);
    double& used = m_used[bucket];
    Reservation reservation;
    if (used + amount > limit.limit) {
        reservation.used = used;
        reservation.remaining = std::max(0.0, limit.limit - used);
        return reservation;
    }
    used += amount;
    reservation.granted = true;
    reservation.id = make_reservation_id(bucket);
    reservation.used = used;
    reservation.remaining = std::max(0.0, limit.limit - used);
    m_holds[reservation.id] = Hold{bucket, amount, now + hold};
    m_expiry[bucket].emplace(now + hold, reservation.id);
    return reservation;
}

Status MemoryStore::settle(const std::string& reservation_id, double actual) {
    auto bucket = reservation_bucket(reservation_id);
    if (!bucket) {
        return fail(ErrorCode::invalid_input,
                    "malformed reservation id \"" + reservation_id + "\"");
    }
    std::lock_guard lock(m_mutex);
    double delta = actual;
    if (auto it = m_holds.find(reservation_id); it != m_holds.end()) {
        delta -= it->second.amount;
        drop_hold(it);
    }
    m_used[*bucket] += delta;
    return {};
}

Status MemoryStore::release(const std::string& reservation_id) {
    std::lock_guard lock(m_mutex);
    if (auto it = m_holds.find(reservation_id); it != m_holds.end()) {
        m_used[it->second.bucket] -= it->second.amount;
        drop_hold(it);
    }
    return {};
}

Result<BudgetUsage> MemoryStore::budget_usage(const BudgetLimit& limit) {
    std::lock_guard lock(m_mutex);
    const SystemTime now = m_clock.now();
    const std::string bucket = budget_bucket(limit, now);
    reclaim_expired(bucket, now);
    return make_budget_usage(limit, m_used[bucket], now);
}

// Holds are indexed by expiry per bucket so reclaiming stays cheap with many live holds.
void MemoryStore::reclaim_expired(const std::string& bucket, SystemTime now) {
    auto& index = m_expiry[bucket];
    while (!index.empty() && index.begin()->first <= now) {
        auto hold = m_holds.find(index.begin()->second);
        m_used[bucket] -= hold->second.amount;
        m_holds.erase(hold);
        index.erase(index.begin());
    }
}

void MemoryStore::drop_hold(std::unordered_map<std::string, Hold>::iterator hold) {
    m_expiry[hold->second.bucket].erase({hold->second.expires_at, hold->first});
    m_holds.erase(hold);
}

}  // namespace lifeline::state
