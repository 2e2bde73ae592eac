#include <lifeline/util/glob.hpp>

namespace lifeline {

bool glob_match(std::string_view pattern, std::string_view text) {
    constexpr size_t k_none = std::string_view::npos;
    size_t p = 0;
    size_t t = 0;
    // Only the latest `*` needs remembering: if the rest fails from here, letting an earlier
    // `*` swallow more text cannot help, because the latest one could swallow it instead.
    // That keeps the matcher iterative and free of exponential backtracking.
    size_t star = k_none;
    size_t star_text = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            star_text = t;
        } else if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
            ++p;
            ++t;
        } else if (star != k_none) {
            p = star + 1;
            t = ++star_text;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}

bool is_glob(std::string_view pattern) {
    return pattern.find_first_of("*?") != std::string_view::npos;
}

}  // namespace lifeline
