#include <array>
#include <cstdio>

// sodium_memzero, sodium_memcmp and crypto_hash_sha256 need no sodium_init(): they use
// neither randomness nor CPU-specific implementations.
#include <sodium.h>

#include <lifeline/secret/secret.hpp>

namespace lifeline::secret {

Secret::Secret(std::string&& value) : m_value(std::move(value)) {
    // A short string lives in the source's inline buffer and was copied, not stolen.
    sodium_memzero(value.data(), value.capacity());
    value.clear();
}

Secret::Secret(std::string_view value) : m_value(value) {}

Secret::Secret(const Secret& other) : m_value(other.m_value) {}

Secret::Secret(Secret&& other) noexcept : m_value(std::move(other.m_value)) {
    other.wipe();
}

Secret& Secret::operator=(const Secret& other) {
    if (this != &other) {
        wipe();
        m_value = other.m_value;
    }
    return *this;
}

Secret& Secret::operator=(Secret&& other) noexcept {
    if (this != &other) {
        wipe();
        m_value = std::move(other.m_value);
        other.wipe();
    }
    return *this;
}

Secret::~Secret() {
    wipe();
}

void Secret::wipe() noexcept {
    // Clean the whole buffer (capacity), not just size(): a moved-from short string keeps its
    // old bytes in the inline buffer.
    if (m_value.capacity() > 0)
        sodium_memzero(m_value.data(), m_value.capacity());
    m_value.clear();
}

std::string Secret::fingerprint() const {
    if (m_value.empty())
        return "(empty)";
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    if (crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(m_value.data()),
                           m_value.size()) != 0) {
        return "(unhashable)";
    }
    // A quarter of the value at most, so short values never show most of themselves; only
    // printable ASCII so a binary secret never reaches a terminal.
    size_t shown = std::min<size_t>(6, m_value.size() / 4);
    for (size_t i = 0; i < shown; ++i) {
        const unsigned char c = static_cast<unsigned char>(m_value[i]);
        if (c < 0x21 || c > 0x7e) {
            shown = i;
            break;
        }
    }
    std::string text = m_value.substr(0, shown) + "\u2026";
    char hex[3];
    for (size_t i = 0; i < 4; ++i) {
        std::snprintf(hex, sizeof hex, "%02x", digest[i]);
        text += hex;
    }
    return text;
}

bool operator==(const Secret& a, const Secret& b) {
    if (a.m_value.size() != b.m_value.size())
        return false;
    return sodium_memcmp(a.m_value.data(), b.m_value.data(), a.m_value.size()) == 0;
}

}  // namespace lifeline::secret
