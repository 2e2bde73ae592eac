#include "scanner.hpp"

#include <algorithm>
#include <array>

namespace lifeline::secret::detail {

// One key shape: a literal prefix, an optional run of spaces (Bearer), then a body of key
// characters of at least `min_body` bytes.
struct KeyShape {
    std::string_view prefix;
    bool case_insensitive;
    size_t max_gap;  // 0: the body follows the prefix directly; else 1..max_gap spaces
    size_t min_body;
    bool (*body_char)(char);
    bool (*joins_word)(char);  // a match may not start right after such a byte
    bool keep_prefix;          // "Bearer " stays readable, only the token goes
};

namespace {

bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_word(char c) {
    return is_alnum(c) || c == '_';
}
bool is_key_char(char c) {
    return is_word(c) || c == '-';
}
// RFC 6750 b64token characters.
bool is_b64token_char(char c) {
    return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' ||
           c == '=';
}

// The minimum bodies sit well below the real key lengths (sk-proj-: 150+, sk-ant-api03-: 100+,
// sk-or-v1-: 64 hex, ghp_: 36, glpat-: 20) yet above words like "sk-learn" or "task-runner".
const KeyShape k_shapes[] = {
    {"sk-", false, 0, 20, is_key_char, is_key_char, false},
    {"AIza", false, 0, 35, is_key_char, is_key_char, false},
    {"ghp_", false, 0, 30, is_alnum, is_key_char, false},
    {"gho_", false, 0, 30, is_alnum, is_key_char, false},
    {"ghu_", false, 0, 30, is_alnum, is_key_char, false},
    {"ghs_", false, 0, 30, is_alnum, is_key_char, false},
    {"ghr_", false, 0, 30, is_alnum, is_key_char, false},
    {"github_pat_", false, 0, 40, is_word, is_key_char, false},
    {"glpat-", false, 0, 20, is_key_char, is_key_char, false},
    {"Bearer", true, 8, 16, is_b64token_char, is_alnum, true},
};

enum class Verdict { no, undecided, match };

struct ShapeMatch {
    Verdict verdict = Verdict::no;
    size_t length = 0;        // bytes of `rest` the match covers
    size_t body_start = 0;    // where the redacted part starts
    bool open_ended = false;  // the body reached the end of a non-final chunk
};

bool equal_prefix(std::string_view a, std::string_view b, bool case_insensitive) {
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i];
        char y = b[i];
        if (case_insensitive) {
            x = static_cast<char>(x >= 'A' && x <= 'Z' ? x + 32 : x);
            y = static_cast<char>(y >= 'A' && y <= 'Z' ? y + 32 : y);
        }
        if (x != y)
            return false;
    }
    return true;
}

ShapeMatch match_shape(const KeyShape& shape, std::string_view rest, bool final) {
    const size_t n = shape.prefix.size();
    if (rest.size() < n) {
        if (!final &&
            equal_prefix(rest, shape.prefix.substr(0, rest.size()), shape.case_insensitive))
            return {Verdict::undecided};
        return {};
    }
    if (!equal_prefix(rest.substr(0, n), shape.prefix, shape.case_insensitive))
        return {};
    size_t j = n;
    if (shape.max_gap > 0) {
        while (j < rest.size() && rest[j] == ' ' && j - n <= shape.max_gap)
            ++j;
        const size_t gap = j - n;
        if (gap > shape.max_gap)
            return {};
        if (j == rest.size())
            return {final ? Verdict::no : Verdict::undecided};
        if (gap == 0)
            return {};
    }
    const size_t body_start = j;
    while (j < rest.size() && shape.body_char(rest[j]))
        ++j;
    const size_t body = j - body_start;
    const bool at_end = j == rest.size();
    if (at_end && !final) {
        // Long enough already: redact now and keep swallowing the run in the next chunks, so
        // an endless token never makes the stream hold back more than the shape's span.
        if (body >= shape.min_body)
            return {Verdict::match, j, body_start, true};
        return {Verdict::undecided};
    }
    if (body >= shape.min_body)
        return {Verdict::match, j, body_start, false};
    return {};
}

// Bytes that can begin a match: the first byte of every known value and of every shape's
// prefix (both cases where the prefix ignores case). Runs of other bytes are copied whole,
// which keeps a stream of output that holds no key (a build log, a gigabyte of anything)
// from paying a shape test per byte.
std::array<bool, 256> start_bytes(const std::vector<std::string_view>& values) {
    std::array<bool, 256> starts{};
    auto add = [&starts](char c) { starts[static_cast<unsigned char>(c)] = true; };
    for (const std::string_view value : values) {
        if (!value.empty())
            add(value.front());
    }
    for (const KeyShape& shape : k_shapes) {
        const char first = shape.prefix.front();
        add(first);
        if (shape.case_insensitive && first >= 'A' && first <= 'Z')
            add(static_cast<char>(first + 32));
        if (shape.case_insensitive && first >= 'a' && first <= 'z')
            add(static_cast<char>(first - 32));
    }
    return starts;
}

}  // namespace

size_t longest_shape_span() {
    size_t longest = 0;
    for (const KeyShape& shape : k_shapes)
        longest = std::max(longest, shape.prefix.size() + shape.max_gap + shape.min_body);
    return longest;
}

size_t scan(std::string_view text, const std::vector<std::string_view>& values_longest_first,
            ScanState& state, bool final, std::string& out) {
    const std::array<bool, 256> starts = start_bytes(values_longest_first);
    auto can_start = [&starts](char c) { return starts[static_cast<unsigned char>(c)]; };
    size_t i = 0;
    while (i < text.size()) {
        if (state.swallowing != nullptr) {
            if (state.swallowing->body_char(text[i])) {
                state.previous = text[i];
                ++i;
                continue;
            }
            state.swallowing = nullptr;
        }
        if (!can_start(text[i])) {
            size_t end = i + 1;
            while (end < text.size() && !can_start(text[end]))
                ++end;
            out.append(text.substr(i, end - i));
            state.previous = text[end - 1];
            i = end;
            continue;
        }
        const std::string_view rest = text.substr(i);

        // Known values first, longest first; a longer value that may still match once more
        // bytes arrive wins over a shorter one that matches now, exactly as in a whole text.
        size_t matched = 0;
        for (const std::string_view value : values_longest_first) {
            if (value.front() != rest.front())
                continue;
            if (rest.size() >= value.size()) {
                if (rest.compare(0, value.size(), value) == 0) {
                    matched = value.size();
                    break;
                }
            } else if (!final && value.compare(0, rest.size(), rest) == 0) {
                return i;
            }
        }
        if (matched > 0) {
            out += k_redacted;
            state.previous = rest[matched - 1];
            i += matched;
            continue;
        }

        bool redacted = false;
        for (const KeyShape& shape : k_shapes) {
            if (state.previous != '\0' && shape.joins_word(state.previous))
                continue;
            const ShapeMatch m = match_shape(shape, rest, final);
            if (m.verdict == Verdict::undecided)
                return i;
            if (m.verdict != Verdict::match)
                continue;
            if (shape.keep_prefix)
                out += rest.substr(0, m.body_start);
            out += k_redacted;
            state.previous = rest[m.length - 1];
            if (m.open_ended)
                state.swallowing = &shape;
            i += m.length;
            redacted = true;
            break;
        }
        if (redacted)
            continue;
        out += text[i];
        state.previous = text[i];
        ++i;
    }
    return i;
}

}  // namespace lifeline::secret::detail
