#include "sessions.hpp"

namespace failover_proxy {

namespace {
constexpr auto k_idle = std::chrono::hours(1);
}

Sessions::Entry& Sessions::touch(const std::string& session) {
    const auto now = std::chrono::steady_clock::now();
    if (now - m_last_sweep > std::chrono::minutes(1)) {
        m_last_sweep = now;
        for (auto it = m_sessions.begin(); it != m_sessions.end();)
            it = now - it->second.seen > k_idle ? m_sessions.erase(it) : std::next(it);
    }
    Entry& entry = m_sessions[session];
    entry.seen = now;
    return entry;
}

std::optional<std::string> Sessions::pinned(const std::string& session, const std::string& lane) {
    if (session.empty())
        return std::nullopt;
    std::lock_guard lock(m_mutex);
    Entry& entry = touch(session);
    auto it = entry.pinned.find(lane);
    if (it == entry.pinned.end())
        return std::nullopt;
    return it->second;
}

void Sessions::succeeded(const std::string& session, const std::string& lane,
                         const std::string& model, bool first_choice) {
    if (session.empty())
        return;
    std::lock_guard lock(m_mutex);
    Entry& entry = touch(session);
    if (first_choice)
        entry.pinned.erase(lane);
    else
        entry.pinned[lane] = model;
}

void Sessions::unpin(const std::string& session, const std::string& lane) {
    if (session.empty())
        return;
    std::lock_guard lock(m_mutex);
    touch(session).pinned.erase(lane);
}

void Sessions::add_tokens(const std::string& session, int64_t tokens) {
    if (session.empty())
        return;
    std::lock_guard lock(m_mutex);
    touch(session).tokens += tokens;
}

int64_t Sessions::tokens(const std::string& session) {
    if (session.empty())
        return 0;
    std::lock_guard lock(m_mutex);
    return touch(session).tokens;
}

}  // namespace failover_proxy
