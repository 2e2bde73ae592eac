#pragma once
// The one shape every source is normalised to: a usage record per request, with Anthropic's
// token split (input excludes cache; cache creation and cache reads counted apart), plus the
// per-source scan diagnostics the report shows.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <lifeline/classify/failure_class.hpp>
#include <lifeline/provider/generation.hpp>
#include <lifeline/util/saturating.hpp>

namespace lifeline::budget {

struct TokenCounts {
    int64_t uncached_input = 0;  // prompt tokens not served from or written to a cache
    int64_t output = 0;          // completion tokens (reasoning included)
    int64_t cache_creation = 0;  // prompt tokens written to a cache
    int64_t cache_read = 0;      // prompt tokens served from a cache

    // Sums saturate at int64's limits (util/saturating.hpp): counts come from untrusted rows.
    int64_t total() const { return saturating_add(prompt(), output); }
    // The size of the prompt the request sent (all input, cached or not).
    int64_t prompt() const {
        return saturating_add(saturating_add(uncached_input, cache_creation), cache_read);
    }
    TokenCounts& operator+=(const TokenCounts& other);
    bool operator==(const TokenCounts&) const = default;
};

// The one border between the two counts of input: libcommon's Usage, whose input_tokens
// include cache reads and writes, and TokenCounts, which keeps them apart.
provider::Usage to_usage(const TokenCounts& tokens);

enum class SourceKind { ledger, claude, codex, gemini };

// "ledger", "claude", "codex", "gemini".
const char* to_string(SourceKind kind);

// One request (or one agent turn when the source only reports turns).
struct UsageRecord {
    SourceKind source = SourceKind::ledger;
    int64_t time_ms = 0;   // Unix ms; 0 when the source had no time
    std::string session;   // session / thread id; "" when unknown
    std::string run_id;    // ledger only
    std::string model;     // "" when the source did not name it
    std::string provider;  // "" when unknown (filled from config or the source kind later)
    TokenCounts tokens;
    // A cost the source itself recorded (ledger cost_usd, Claude costUSD); nullopt: price it.
    std::optional<double> recorded_cost;
    std::optional<FailureClass> failure;  // nullopt: the attempt succeeded
    bool is_retry = false;
    bool is_fallback = false;
    bool api_error = false;  // Claude isApiErrorMessage: the line reports an API error
    int64_t requests = 1;    // requests this record sums (Gemini reports per model, not per call)
};

// How many first malformed lines a source lists by file:line.
inline constexpr std::size_t k_malformed_examples = 5;

// What reading one source saw. Malformed lines never stop a scan; they are counted here.
struct SourceDiagnostics {
    SourceKind kind = SourceKind::ledger;
    std::string path;             // the directory or file given on the command line
    int64_t files = 0;            // files read
    int64_t bytes = 0;            // bytes read
    int64_t lines = 0;            // non-empty lines (or documents) seen
    int64_t records = 0;          // usage records kept
    int64_t duplicates = 0;       // records dropped as already counted (Claude message+request id)
    int64_t malformed = 0;        // lines that are not valid JSON
    int64_t incomplete_tail = 0;  // a last line without '\n' still being written (not counted)
    std::vector<std::string> malformed_examples;  // "file:line: reason", the first few
    std::vector<std::string> errors;              // files that could not be read at all

    // Counts a malformed line and keeps it as an example while there is room.
    void add_malformed(const std::string& file, int64_t line, const std::string& reason);
    // Adds the counters and examples of `other` (kind and path are kept).
    void merge(const SourceDiagnostics& other);
};

}  // namespace lifeline::budget
