#pragma once
// Gemini CLI usage from `gemini -p ... --output-format json` documents:
//   {"response": "...", "stats": {"models": {"gemini-2.5-pro": {"api": {"totalRequests": 2, ...},
//     "tokens": {"prompt": 24939, "candidates": 20, "total": 25113, "cached": 21263,
//                "thoughts": 154, "tool": 0}}}, ...}}
// One record per model. Gemini counts cached tokens inside `prompt` and bills thoughts as
// output: input = prompt - cached + tool, cache_read = cached, output = candidates + thoughts
// (so the record's total equals Gemini's `total`).

#include <string>
#include <string_view>
#include <vector>

#include "byte_source.hpp"
#include "usage.hpp"

namespace lifeline::budget {

// Appends the records of one document. `session` names them unless the document carries a
// session id. ErrorCode::parse for text that is not JSON; a document without stats.models
// yields no records and no error.
Status parse_gemini_output(std::string_view document, const std::string& session,
                           std::vector<UsageRecord>& records);

// Reads Gemini output files (each a .json document) into records and diagnostics.
void scan_gemini_files(const LogOpener& opener, const std::vector<std::string>& files,
                       std::vector<UsageRecord>& records, SourceDiagnostics& diagnostics);

}  // namespace lifeline::budget
