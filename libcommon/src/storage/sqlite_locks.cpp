// SqliteStore's LockStore: named locks with an owner and an expiry.
#include "sqlite_store.hpp"

namespace lifeline::state {

Result<bool> SqliteStore::acquire_lock(const std::string& name, const std::string& owner,
                                       Duration ttl) {
    const int64_t now = to_unix_ms(m_clock.now());
    auto* upsert = LIFELINE_TRY(
        m_db->statement("INSERT INTO locks (name, owner, expires_at_ms) VALUES (?1, ?2, ?3) "
                        "ON CONFLICT (name) DO UPDATE SET owner = ?2, expires_at_ms = ?3 "
                        "WHERE locks.owner = ?2 OR locks.expires_at_ms <= ?4"));
    upsert->bind(1, name).bind(2, owner).bind(3, now + ttl.count()).bind(4, now);
    LIFELINE_TRY_VOID(upsert->run());
    return m_db->changes() == 1;
}

Status SqliteStore::renew_lock(const std::string& name, const std::string& owner, Duration ttl) {
    const int64_t now = to_unix_ms(m_clock.now());
    auto* update = LIFELINE_TRY(
        m_db->statement("UPDATE locks SET expires_at_ms = ?1 WHERE name = ?2 AND owner = ?3 AND "
                        "expires_at_ms > ?4"));
    update->bind(1, now + ttl.count()).bind(2, name).bind(3, owner).bind(4, now);
    LIFELINE_TRY_VOID(update->run());
    if (m_db->changes() != 1) {
        return fail(ErrorCode::conflict, "lock " + name + " is no longer held by " + owner);
    }
    return {};
}

Status SqliteStore::release_lock(const std::string& name, const std::string& owner) {
    const int64_t now = to_unix_ms(m_clock.now());
    auto* remove = LIFELINE_TRY(
        m_db->statement("DELETE FROM locks WHERE name = ? AND (owner = ? OR expires_at_ms <= ?)"));
    remove->bind(1, name).bind(2, owner).bind(3, now);
    LIFELINE_TRY_VOID(remove->run());
    if (m_db->changes() == 0 && LIFELINE_TRY(lock_holder(name))) {
        return fail(ErrorCode::conflict, "lock " + name + " is held by another owner");
    }
    return {};
}

Result<std::optional<LockInfo>> SqliteStore::lock_holder(const std::string& name) {
    auto* select = LIFELINE_TRY(m_db->statement(
        "SELECT owner, expires_at_ms FROM locks WHERE name = ? AND expires_at_ms > ?"));
    select->bind(1, name).bind(2, to_unix_ms(m_clock.now()));
    std::optional<LockInfo> holder;
    if (LIFELINE_TRY(select->step())) {
        holder = LockInfo{select->text(0), from_unix_ms(select->int64(1))};
    }
    select->reset();
    return holder;
}

}  // namespace lifeline::state
