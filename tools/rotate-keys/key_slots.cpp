#include "key_slots.hpp"

namespace lifeline::rotate {

KeySlots::KeySlots(SecretStore& store, const Environment& env, std::string current_key_env,
                   std::function<void(const secret::Secret&)> track)
    : m_store(store),
      m_env(env),
      m_current_key_env(std::move(current_key_env)),
      m_track(std::move(track)) {}

void KeySlots::set_next(secret::Secret key) {
    m_track(key);
    m_next = std::move(key);
}

bool KeySlots::recover_pending(const std::string& fingerprint) {
    if (!m_store.readable())
        return false;
    auto pending = m_store.read_pending();
    if (!pending || !*pending || (*pending)->fingerprint() != fingerprint)
        return false;
    set_next(std::move(**pending));
    m_next_from_pending = true;
    return true;
}

Result<bool> KeySlots::adopt_current(const std::string& fingerprint) {
    auto current = LIFELINE_TRY(m_store.read_current());
    if (!current || current->fingerprint() != fingerprint)
        return false;
    set_next(std::move(*current));
    return true;
}

const std::optional<secret::Secret>& KeySlots::old() {
    if (m_old_looked_up)
        return m_old;
    m_old_looked_up = true;
    if (m_store.readable()) {
        if (auto current = m_store.read_current(); current && *current)
            m_old = std::move(**current);
    }
    if (!m_old && !m_current_key_env.empty()) {
        if (auto value = m_env.get_non_empty(m_current_key_env))
            m_old = secret::Secret(std::move(*value));
    }
    if (m_old)
        m_track(*m_old);
    return m_old;
}

}  // namespace lifeline::rotate
