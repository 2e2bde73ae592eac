#include "rotation_lock.hpp"

#include <lifeline/util/time.hpp>

namespace lifeline::rotate {

RotationLock::RotationLock(state::StateStore& store, std::string name, std::string owner,
                           Duration ttl, std::function<bool(const std::string&)> owner_is_dead)
    : m_store(store),
      m_name("rotate-keys/" + std::move(name)),
      m_owner(std::move(owner)),
      m_ttl(ttl),
      m_owner_is_dead(std::move(owner_is_dead)) {}

RotationLock::~RotationLock() {
    release();
}

Status RotationLock::acquire() {
    if (LIFELINE_TRY(m_store.acquire_lock(m_name, m_owner, m_ttl))) {
        m_held = true;
        return {};
    }
    auto holder = LIFELINE_TRY(m_store.lock_holder(m_name));
    if (holder && m_owner_is_dead && m_owner_is_dead(holder->owner)) {
        // The holder was killed on this host: its lease protects nothing any more. Release
        // it as that owner (a no-op conflict if someone else got there first) and retry once.
        (void)m_store.release_lock(m_name, holder->owner);
        if (LIFELINE_TRY(m_store.acquire_lock(m_name, m_owner, m_ttl))) {
            m_held = true;
            return {};
        }
        holder = LIFELINE_TRY(m_store.lock_holder(m_name));
    }
    if (!holder)
        return fail(ErrorCode::conflict, "the lock " + m_name + " is contended: try again");
    return fail(ErrorCode::conflict, "another rotation holds the lock " + m_name + " (" +
                                         holder->owner + " until " +
                                         format_rfc3339(holder->expires_at) + ")");
}

Status RotationLock::renew() {
    return m_store.renew_lock(m_name, m_owner, m_ttl);
}

void RotationLock::release() {
    if (m_held) {
        (void)m_store.release_lock(m_name, m_owner);
        m_held = false;
    }
}

std::string make_lock_owner(const std::string& host, long pid, const std::string& nonce) {
    return host + ":" + std::to_string(pid) + ":" + nonce;
}

}  // namespace lifeline::rotate
