#pragma once
// Made-up keys in the real shapes, assembled at run time so no repository scanner mistakes this
// file for a leak. None of them was ever valid anywhere.

#include <string>

namespace lifeline::testing {

// `length` deterministic characters from [A-Za-z0-9], varied by `seed`.
inline std::string fake_body(size_t length, unsigned seed = 7) {
    static const char k_alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string body;
    unsigned state = seed;
    for (size_t i = 0; i < length; ++i) {
        state = state * 1103515245u + 12345u;
        body += k_alphabet[(state >> 16) % 62];
    }
    return body;
}

inline std::string fake_openai_project_key() {
    return std::string("sk-") + "proj-" + fake_body(48, 1) + "_" + fake_body(40, 2);
}
inline std::string fake_anthropic_key() {
    return std::string("sk-") + "ant-api03-" + fake_body(80, 3) + "-" + fake_body(6, 4) + "AA";
}
inline std::string fake_openrouter_key() {
    return std::string("sk-") + "or-v1-" +
           "0123456789abcdef0123456789abcdef0123456789abcdef01234567"
           "89abcdef";
}
inline std::string fake_google_key() {
    return std::string("AI") + "za" + "Sy" + fake_body(33, 5);
}
inline std::string fake_github_token() {
    return std::string("gh") + "p_" + fake_body(36, 6);
}
inline std::string fake_github_pat() {
    return std::string("github") + "_pat_" + fake_body(22, 7) + "_" + fake_body(59, 8);
}
inline std::string fake_gitlab_token() {
    return std::string("gl") + "pat-" + fake_body(20, 9);
}

}  // namespace lifeline::testing
