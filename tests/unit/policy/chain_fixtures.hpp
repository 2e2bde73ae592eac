#pragma once
// Candidates as a realistic lifeline.yaml would produce them, for the chain tests.

#include <string>
#include <vector>

#include <lifeline/policy/candidate.hpp>

namespace lifeline::policy::testing {

inline Candidate candidate(std::string provider, std::string model, std::string credential,
                           int64_t context_window, std::string jurisdiction) {
    Candidate c;
    c.provider = std::move(provider);
    c.model = std::move(model);
    c.credential = std::move(credential);
    c.context_window = context_window;
    c.jurisdiction = std::move(jurisdiction);
    return c;
}

inline Candidate openai_gpt55() {
    return candidate("openai", "gpt-5.5", "openai:env:OPENAI_API_KEY", 400'000, "US");
}
inline Candidate openai_gpt55_mini() {
    return candidate("openai", "gpt-5.5-mini", "openai:env:OPENAI_API_KEY", 400'000, "US");
}
inline Candidate anthropic_sonnet() {
    return candidate("anthropic", "claude-sonnet-4-6", "anthropic:env:ANTHROPIC_API_KEY", 200'000,
                     "US");
}
inline Candidate openrouter_deepseek() {
    return candidate("openrouter", "deepseek-v4", "openrouter:env:OPENROUTER_API_KEY", 128'000, "");
}
inline Candidate mistral_large() {
    return candidate("mistral", "mistral-large", "mistral:env:MISTRAL_API_KEY", 128'000, "EU");
}
inline Candidate gemini_pro() {
    return candidate("gemini", "gemini-3-1-pro", "gemini:env:GEMINI_API_KEY", 1'000'000, "US");
}

}  // namespace lifeline::policy::testing
