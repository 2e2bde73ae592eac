#pragma once
// Scans Claude Code project folders (`--from-claude-projects DIR`) the way ccusage 17 does:
// every *.jsonl below DIR (or below DIR/projects when DIR is a Claude config dir), files in
// order of their earliest timestamp, and each message counted once: a line whose
// "<message.id>:<requestId>" was already seen is a duplicate (lines missing either id are
// always counted). Files are parsed in parallel; the merge is sequential and deterministic.

#include <string>
#include <vector>

#include <lifeline/core/file_system.hpp>
#include <lifeline/util/result.hpp>

#include "byte_source.hpp"
#include "usage.hpp"

namespace lifeline::budget {

struct ClaudeScan {
    std::vector<UsageRecord> records;  // in ccusage's order; session = the file's name stem
    SourceDiagnostics diagnostics;
};

// The *.jsonl files a Claude projects folder holds, sorted by path. not_found when `directory`
// does not exist.
Result<std::vector<std::string>> claude_log_files(const FileSystem& fs,
                                                  const std::string& directory);

// Reads `files` with up to `jobs` threads. A file that cannot be read is listed in
// diagnostics.errors and skipped; malformed lines are counted, never fatal.
ClaudeScan scan_claude_files(const LogOpener& opener, const std::vector<std::string>& files,
                             int jobs);

}  // namespace lifeline::budget
