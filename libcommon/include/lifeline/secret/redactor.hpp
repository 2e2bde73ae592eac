#pragma once
// Redactor: every byte lifeline writes passes through one. It replaces the secret values in play
// and the usual API-key shapes with "***":
//   OpenAI sk-... / sk-proj-... / sk-svcacct-..., Anthropic sk-ant-..., OpenRouter sk-or-v1-...
//     ("sk-" + at least 20 of [A-Za-z0-9_-]); Google AIza + 35 of [A-Za-z0-9_-];
//   GitHub ghp_/gho_/ghu_/ghs_/ghr_ + 30 alphanumerics, github_pat_ + 40 of [A-Za-z0-9_];
//   GitLab glpat- + 20 of [A-Za-z0-9_-]; "Bearer <token>" (token of 16+ RFC 6750 characters;
//     the word Bearer and its spaces are kept).
// A shape only matches at the start of a word (not inside "task-..."); the whole run of key
// characters is replaced. Known values match anywhere, longest first.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <lifeline/secret/secret.hpp>

namespace lifeline::secret {

namespace detail {
struct KeyShape;
// Where a scan stopped: the byte before the next one, and the key shape whose run is still
// being replaced (a key that went on past the end of the last chunk).
struct ScanState {
    char previous = '\0';
    const KeyShape* swallowing = nullptr;
};
}  // namespace detail

// What a redacted value is replaced with.
inline constexpr std::string_view k_redacted = "***";
// Known values shorter than this are ignored: redacting "dev" or "1234" everywhere would
// destroy output without protecting anything worth a key.
inline constexpr size_t k_min_secret_length = 8;

class Redactor {
  public:
    // Registers a secret value. Returns false (and ignores it) when it is shorter than
    // k_min_secret_length or already known.
    bool add_secret(const Secret& secret);
    // Same for a plain value (e.g. a token read from a header).
    bool add_value(std::string_view value);

    // The text with every known value and key shape replaced by "***".
    std::string redact(std::string_view text) const;

    // The known secrets, in the order they were added (for ::add-mask::).
    const std::vector<Secret>& secrets() const { return m_secrets; }

    // The longest tail a StreamRedactor may hold back: max(longest known value, longest
    // undecided key shape) - 1 bytes.
    size_t max_hold_back() const;

    // Internal to the scanner: the known values, longest first.
    const std::vector<std::string_view>& values_longest_first() const { return m_sorted; }

  private:
    void rebuild_index();

    std::vector<Secret> m_secrets;
    std::vector<std::string_view> m_sorted;
};

// The streaming form: fed arbitrary chunks (a child's stdout as it arrives), it emits redacted
// bytes in order and still catches a secret split across chunk boundaries. It holds back at most
// redactor.max_hold_back() bytes until more data or flush() decides them. Every byte that is not
// part of a secret is emitted unchanged.
class StreamRedactor {
  public:
    using Sink = std::function<void(std::string_view)>;
    // `redactor` must outlive this object; secrets added to it later apply from the next write.
    StreamRedactor(const Redactor& redactor, Sink sink);
    // Flushes what is still held back.
    ~StreamRedactor();
    StreamRedactor(const StreamRedactor&) = delete;
    StreamRedactor& operator=(const StreamRedactor&) = delete;

    void write(std::string_view chunk);
    // End of stream: emits everything held back (redacted). The stream may be reused afterwards.
    void flush();
    // Bytes currently held back (for tests and diagnostics).
    size_t held_back() const { return m_pending.size(); }

  private:
    const Redactor& m_redactor;
    Sink m_sink;
    std::string m_pending;
    detail::ScanState m_state;
};

}  // namespace lifeline::secret
