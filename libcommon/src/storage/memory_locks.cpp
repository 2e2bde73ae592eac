// MemoryStore's LockStore: named locks with an owner and an expiry.
#include "memory_store.hpp"

namespace lifeline::state {

Result<bool> MemoryStore::acquire_lock(const std::string& name, const std::string& owner,
                                       Duration ttl) {
    std::lock_guard lock(m_mutex);
    const SystemTime now = m_clock.now();
    auto it = m_locks.find(name);
    if (it != m_locks.end() && it->second.owner != owner && it->second.expires_at > now) {
        return false;
    }
    m_locks[name] = LockInfo{owner, now + ttl};
    return true;
}

Status MemoryStore::renew_lock(const std::string& name, const std::string& owner, Duration ttl) {
    std::lock_guard lock(m_mutex);
    const SystemTime now = m_clock.now();
    auto it = m_locks.find(name);
    if (it == m_locks.end() || it->second.owner != owner || it->second.expires_at <= now) {
        return fail(ErrorCode::conflict, "lock " + name + " is no longer held by " + owner);
    }
    it->second.expires_at = now + ttl;
    return {};
}

Status MemoryStore::release_lock(const std::string& name, const std::string& owner) {
    std::lock_guard lock(m_mutex);
    auto it = m_locks.find(name);
    if (it == m_locks.end()) {
        return {};
    }
    if (it->second.owner != owner && it->second.expires_at > m_clock.now()) {
        return fail(ErrorCode::conflict, "lock " + name + " is held by another owner");
    }
    m_locks.erase(it);
    return {};
}

Result<std::optional<LockInfo>> MemoryStore::lock_holder(const std::string& name) {
    std::lock_guard lock(m_mutex);
    auto it = m_locks.find(name);
    if (it == m_locks.end() || it->second.expires_at <= m_clock.now()) {
        return std::optional<LockInfo>{};
    }
    return std::optional<LockInfo>{it->second};
}

}  // namespace lifeline::state
