#include <algorithm>

#include <lifeline/secret/redactor.hpp>

#include "scanner.hpp"

namespace lifeline::secret {

bool Redactor::add_secret(const Secret& secret) {
    if (secret.size() < k_min_secret_length)
        return false;
    for (const Secret& known : m_secrets) {
        if (known == secret)
            return false;
    }
    m_secrets.push_back(secret);
    rebuild_index();
    return true;
}

bool Redactor::add_value(std::string_view value) {
    return add_secret(Secret(value));
}

void Redactor::rebuild_index() {
    // Views into m_secrets: rebuilt after every change because the vector may have moved them.
    m_sorted.clear();
    for (const Secret& secret : m_secrets)
        m_sorted.push_back(secret.reveal());
    std::stable_sort(m_sorted.begin(), m_sorted.end(),
                     [](std::string_view a, std::string_view b) { return a.size() > b.size(); });
}

std::string Redactor::redact(std::string_view text) const {
    std::string out;
    out.reserve(text.size());
    detail::ScanState state;
    detail::scan(text, m_sorted, state, true, out);
    return out;
}

size_t Redactor::max_hold_back() const {
    const size_t longest_value = m_sorted.empty() ? 0 : m_sorted.front().size();
    return std::max(longest_value, detail::longest_shape_span()) - 1;
}

StreamRedactor::StreamRedactor(const Redactor& redactor, Sink sink)
    : m_redactor(redactor), m_sink(std::move(sink)) {}

StreamRedactor::~StreamRedactor() {
    flush();
}

void StreamRedactor::write(std::string_view chunk) {
    if (chunk.empty())
        return;
    m_pending.append(chunk);
    std::string out;
    const size_t consumed =
        detail::scan(m_pending, m_redactor.values_longest_first(), m_state, false, out);
    m_pending.erase(0, consumed);
    if (!out.empty())
        m_sink(out);
}

void StreamRedactor::flush() {
    std::string out;
    detail::scan(m_pending, m_redactor.values_longest_first(), m_state, true, out);
    m_pending.clear();
    m_state = detail::ScanState{};
    if (!out.empty())
        m_sink(out);
}

}  // namespace lifeline::secret
