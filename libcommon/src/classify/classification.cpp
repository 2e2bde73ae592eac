#include <algorithm>

#include <lifeline/classify/classification.hpp>

namespace lifeline {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_utf8_continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

}  // namespace

std::string one_line_message(std::string_view text, size_t max_chars) {
    std::string out;
    out.reserve(std::min(text.size(), max_chars + 4));
    bool pending_space = false;
    for (const char c : text) {
        if (is_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) {
            out.push_back(' ');
            pending_space = false;
        }
        out.push_back(c);
        // Stop early on huge bodies; one extra char tells us the text was cut.
        if (out.size() > max_chars) {
            break;
        }
    }
    if (out.size() <= max_chars) {
        return out;
    }
    size_t cut = max_chars;
    // Never split a multi-byte character: a status document must stay valid UTF-8.
    while (cut > 0 && is_utf8_continuation(out[cut])) {
        --cut;
    }
    out.resize(cut);
    while (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out + "...";
}

}  // namespace lifeline
