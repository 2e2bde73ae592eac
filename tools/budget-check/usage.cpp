#include "usage.hpp"

namespace lifeline::budget {

TokenCounts& TokenCounts::operator+=(const TokenCounts& other) {
    saturating_add_to(uncached_input, other.uncached_input);
    saturating_add_to(output, other.output);
    saturating_add_to(cache_creation, other.cache_creation);
    saturating_add_to(cache_read, other.cache_read);
    return *this;
}

provider::Usage to_usage(const TokenCounts& tokens) {
    provider::Usage usage;
    usage.input_tokens = tokens.prompt();
    usage.cached_input_tokens = tokens.cache_read;
    usage.cache_creation_tokens = tokens.cache_creation;
    usage.output_tokens = tokens.output;
    return usage;
}

const char* to_string(SourceKind kind) {
    switch (kind) {
        case SourceKind::ledger:
            return "ledger";
        case SourceKind::claude:
            return "claude";
        case SourceKind::codex:
            return "codex";
        case SourceKind::gemini:
            return "gemini";
    }
    return "ledger";
}

void SourceDiagnostics::add_malformed(const std::string& file, int64_t line,
                                      const std::string& reason) {
    ++malformed;
    if (malformed_examples.size() < k_malformed_examples) {
        malformed_examples.push_back(file + ":" + std::to_string(line) + ": " + reason);
    }
}

void SourceDiagnostics::merge(const SourceDiagnostics& other) {
    files += other.files;
    bytes += other.bytes;
    lines += other.lines;
    records += other.records;
    duplicates += other.duplicates;
    incomplete_tail += other.incomplete_tail;
    malformed += other.malformed;
    for (const auto& example : other.malformed_examples) {
        if (malformed_examples.size() >= k_malformed_examples)
            break;
        malformed_examples.push_back(example);
    }
    errors.insert(errors.end(), other.errors.begin(), other.errors.end());
}

}  // namespace lifeline::budget
