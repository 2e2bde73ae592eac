#pragma once
// Codex CLI usage, from either of its JSONL forms (told apart line by line):
//   - `codex exec --json` output: {"type":"thread.started","thread_id":...} then one
//     {"type":"turn.completed","usage":{"input_tokens","cached_input_tokens","output_tokens"}}
//     per turn ({"type":"turn.failed"} turns carry no usage);
//   - session files ($CODEX_HOME/sessions/YYYY/MM/DD/rollout-*.jsonl): "session_meta" (id),
//     "turn_context" (model), and {"type":"event_msg","payload":{"type":"token_count","info":
//     {"total_token_usage":{...},"last_token_usage":{...}}}} after every model response.
// OpenAI counts cached tokens inside input_tokens; records split them out (input = input -
// cached, cache_read = cached). A token_count whose total_token_usage equals the previous one
// is a repeated event (Codex re-sends it with rate-limit updates) and is not counted again;
// without last_token_usage the difference of the totals is used (as ccusage does).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "byte_source.hpp"
#include "usage.hpp"

namespace lifeline::budget {

// Reads one Codex file line by line, keeping what earlier lines said (session, model, totals).
class CodexLogParser {
  public:
    // `session` is the fallback session id (the file's name stem); `default_model` names the
    // model for exec output, which does not say it ("" leaves it unknown).
    CodexLogParser(std::string session, std::string default_model);

    // Handles one line; a usage line appends a record. `text` must be followed by
    // SIMDJSON_PADDING readable bytes. Returns simdjson's reason for a malformed line, else
    // nullptr.
    const char* feed(std::string_view text);

    std::vector<UsageRecord>& records() { return m_records; }

  private:
    struct Totals {
        int64_t input = 0, cached = 0, output = 0;
        bool operator==(const Totals&) const = default;
    };
    void add(const Totals& usage, int64_t time_ms);

    simdjson::dom::parser m_parser;
    std::string m_session;
    std::string m_model;
    std::optional<Totals> m_previous_total;
    std::vector<UsageRecord> m_records;
};

// Reads Codex files (each a path to a .jsonl file) into records and diagnostics.
void scan_codex_files(const LogOpener& opener, const std::vector<std::string>& files,
                      const std::string& default_model, std::vector<UsageRecord>& records,
                      SourceDiagnostics& diagnostics);

}  // namespace lifeline::budget
