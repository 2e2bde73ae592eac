// budget-check's log readers over one input: its lines (LineReader with a small read size, so
// lines cross reads and the buffer grows) as Claude Code project log lines and as a Codex
// JSONL file, and the whole input as a Gemini CLI JSON document.

#include <vector>

#include <simdjson.h>

#include "byte_source.hpp"
#include "claude_line.hpp"
#include "codex_log.hpp"
#include "fuzz_support.hpp"
#include "fuzz_targets.hpp"
#include "gemini_output.hpp"
#include "line_reader.hpp"

namespace lifeline::fuzz {

int fuzz_budget_logs(const uint8_t* data, size_t size) {
    FuzzInput input(data, size);
    const size_t chunk = 1 + input.byte() % 64;
    const std::string_view text = input.rest();

    budget::LineReader reader(chunk);
    budget::StringSource source{std::string(text)};
    simdjson::dom::parser claude_parser;
    budget::CodexLogParser codex("session", "gpt-5.5");
    int64_t previous = 0;
    const Status read = reader.read(source, [&](const budget::Line& line) {
        LIFELINE_FUZZ_CHECK(line.number > previous);
        previous = line.number;
        (void)budget::parse_claude_line(claude_parser, line.text);
        (void)codex.feed(line.text);
    });
    LIFELINE_FUZZ_CHECK(read.ok());

    std::vector<budget::UsageRecord> records;
    (void)budget::parse_gemini_output(text, "session", records);
    return 0;
}

}  // namespace lifeline::fuzz
