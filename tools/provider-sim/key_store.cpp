#include "key_store.hpp"

#include <algorithm>
#include <cstdio>

namespace provider_sim {

namespace {

// A repeatable 64-hex-digit string from a serial: not a secret, only unique per instance.
std::string hex_of(uint64_t serial, uint64_t salt, int words) {
    std::string out;
    uint64_t x = serial * 0x9E3779B97F4A7C15ULL + salt;
    for (int i = 0; i < words; ++i) {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdULL;
        x ^= x >> 33;
        char buffer[17];
        std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(x));
        out += buffer;
        x += 0x632BE59BD9B4E019ULL;
    }
    return out;
}

}  // namespace

const ManagedKey& KeyStore::create(const std::string& prefix, const std::string& id_prefix,
                                   const std::string& name, std::optional<double> limit,
                                   uint64_t serial, const std::string& now_rfc3339,
                                   int64_t now_unix) {
    ManagedKey key;
    key.hash =
        id_prefix.empty() ? hex_of(serial, 0x1234, 4) : id_prefix + hex_of(serial, 0x1234, 1);
    key.value = prefix + hex_of(serial, 0xabcd, 4);
    key.name = name;
    key.limit = limit;
    key.created_at = now_rfc3339;
    key.created_unix = now_unix;
    m_hash_by_value[key.value] = key.hash;
    m_order.push_back(key.hash);
    return m_by_hash[key.hash] = std::move(key);
}

KeyState KeyStore::state(const std::string& value) const {
    if (std::find(m_deleted_values.begin(), m_deleted_values.end(), value) !=
        m_deleted_values.end()) {
        return KeyState::revoked;
    }
    auto it = m_hash_by_value.find(value);
    if (it == m_hash_by_value.end()) {
        return KeyState::unknown;
    }
    return m_by_hash.at(it->second).disabled ? KeyState::revoked : KeyState::valid;
}

ManagedKey* KeyStore::find(const std::string& hash) {
    auto it = m_by_hash.find(hash);
    return it == m_by_hash.end() ? nullptr : &it->second;
}

bool KeyStore::remove(const std::string& hash) {
    auto it = m_by_hash.find(hash);
    if (it == m_by_hash.end()) {
        return false;
    }
    m_deleted_values.push_back(it->second.value);
    m_hash_by_value.erase(it->second.value);
    m_by_hash.erase(it);
    m_order.erase(std::remove(m_order.begin(), m_order.end(), hash), m_order.end());
    return true;
}

std::vector<ManagedKey> KeyStore::list() const {
    std::vector<ManagedKey> keys;
    for (const std::string& hash : m_order) {
        keys.push_back(m_by_hash.at(hash));
    }
    return keys;
}

}  // namespace provider_sim
