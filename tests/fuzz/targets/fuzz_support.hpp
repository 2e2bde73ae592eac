#pragma once
// Small helpers the harness bodies share: splitting the fuzzer's bytes into the parts a parser
// takes, a fixed "now", and a check that aborts (a finding) when a promise is broken.
// libFuzzer's FuzzedDataProvider is not used: the bodies are also built by gcc for fuzz_replay,
// where that header is not on the include path.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <lifeline/util/time.hpp>

// Aborts with the condition when it does not hold: libFuzzer and fuzz_replay report it.
#define LIFELINE_FUZZ_CHECK(condition)                                                 \
    do {                                                                               \
        if (!(condition)) {                                                            \
            std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, \
                         #condition);                                                  \
            std::abort();                                                              \
        }                                                                              \
    } while (false)

namespace lifeline::fuzz {

// Reads an input front to back. Past the end every read yields 0 or "".
class FuzzInput {
  public:
    FuzzInput(const uint8_t* data, size_t size)
        : m_text(reinterpret_cast<const char*>(data), size) {}

    // The next byte (0 at the end).
    uint8_t byte() {
        if (m_text.empty())
            return 0;
        const auto value = static_cast<uint8_t>(m_text.front());
        m_text.remove_prefix(1);
        return value;
    }

    // Everything up to the first `separator` (which is consumed); the rest when there is none.
    std::string_view until(std::string_view separator) {
        const size_t at = m_text.find(separator);
        const std::string_view part = m_text.substr(0, at);
        m_text.remove_prefix(at == std::string_view::npos ? m_text.size() : at + separator.size());
        return part;
    }

    // The next `count` bytes (fewer at the end).
    std::string_view take(size_t count) {
        const std::string_view part = m_text.substr(0, count);
        m_text.remove_prefix(part.size());
        return part;
    }

    // What is left, consumed.
    std::string_view rest() {
        const std::string_view part = m_text;
        m_text = {};
        return part;
    }

    bool empty() const { return m_text.empty(); }

  private:
    std::string_view m_text;
};

// A fixed wall-clock time (2026-01-01T00:00:00Z), so HTTP dates and RFC 3339 hints give the
// same waits on every run.
inline SystemTime fuzz_now() {
    return SystemTime{std::chrono::seconds{1'767'225'600}};
}

}  // namespace lifeline::fuzz
