#pragma once
// Secret: a credential held in memory that cannot be printed, logged or converted to a string
// by accident. Reading the value takes an explicit reveal(); the bytes are wiped on destruction.

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>

namespace lifeline::secret {

class Secret {
  public:
    // An empty secret (e.g. "no key configured").
    Secret() = default;
    // Takes ownership of `value`; the moved-from string is left empty.
    explicit Secret(std::string&& value);
    // Copies `value`; the caller remains responsible for its own copy.
    explicit Secret(std::string_view value);
    Secret(const Secret& other);
    Secret(Secret&& other) noexcept;
    Secret& operator=(const Secret& other);
    Secret& operator=(Secret&& other) noexcept;
    // Overwrites the value's bytes (OPENSSL_cleanse) before the memory is released.
    ~Secret();

    // The raw value, for the one place that must send it (a request header, a child's env).
    std::string_view reveal() const { return m_value; }
    bool empty() const { return m_value.empty(); }
    size_t size() const { return m_value.size(); }

    // A safe identifier for logs: at most the first 6 characters (fewer for short values, never
    // more than a quarter of the value) + "…" + the first 8 hex digits of the value's SHA-256,
    // e.g. "sk-or-…a1b2c3d4". "(empty)" for an empty secret.
    std::string fingerprint() const;

    // Constant-time comparison of the values.
    friend bool operator==(const Secret& a, const Secret& b);

    // Deliberately not printable: use fingerprint() for logs, reveal() to send the value.
    friend std::ostream& operator<<(std::ostream&, const Secret&) = delete;

  private:
    void wipe() noexcept;

    std::string m_value;
};

}  // namespace lifeline::secret
