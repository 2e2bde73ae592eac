#include "rotation_lock.hpp"

#include <charconv>
#include <vector>

#include <lifeline/util/strings.hpp>
#include <lifeline/util/time.hpp>

namespace lifeline::rotate {
namespace {

template <typename Number>
bool parse_number(std::string_view text, Number& out) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

RotationLock::RotationLock(state::LockStore& store, std::string name, std::string owner,
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

std::string make_lock_owner(const std::string& host, const process::ProcessIdentity& self,
                            const std::string& nonce) {
    return host + ":" + std::to_string(self.pid) + ":" + nonce + ":" +
           std::to_string(self.start_time) + ":" + self.boot_id;
}

std::optional<LockOwner> parse_lock_owner(std::string_view token) {
    const std::vector<std::string> parts = split(token, ':');
    if (parts.size() != 3 && parts.size() != 5)
        return std::nullopt;
    process::ProcessIdentity holder;
    if (!parse_number(parts[1], holder.pid) || holder.pid <= 0)
        return std::nullopt;
    if (parts.size() == 5) {
        // 0 and "" (unreadable when the lock was taken) mean "unknown", as in ProcessIdentity.
        if (!parse_number(parts[3], holder.start_time))
            return std::nullopt;
        holder.boot_id = parts[4];
    }
    return LockOwner{parts[0], std::move(holder), parts[2]};
}

bool lock_owner_is_dead(std::string_view token, const std::string& this_host,
                        const process::ProcessProbe& probe) {
    const auto owner = parse_lock_owner(token);
    if (!owner || owner->host != this_host)
        return false;
    return !process::is_alive(owner->process, probe);
}

}  // namespace lifeline::rotate
