#pragma once
// Gathers usage records from the log sources named on the command line, and filters them.

#include <optional>
#include <string>
#include <vector>

#include <lifeline/core/file_system.hpp>
#include <lifeline/util/result.hpp>

#include "byte_source.hpp"
#include "usage.hpp"

namespace lifeline::budget {

struct LogSources {
    std::vector<std::string> claude_dirs;
    std::vector<std::string> codex_paths;   // files or folders of *.jsonl
    std::vector<std::string> gemini_paths;  // files or folders of *.json
    std::string default_model;              // Codex exec output names no model
    int jobs = 1;
};

struct Collected {
    std::vector<UsageRecord> records;
    std::vector<SourceDiagnostics> sources;  // one per path given
};

// Reads every source. invalid_input naming the path when one does not exist; unreadable
// files and malformed lines are reported in the diagnostics, never fatal.
Result<Collected> collect_log_sources(const FileSystem& fs, const LogOpener& opener,
                                      const LogSources& request);

// The files a path names: the files below a folder ending in `suffix` (sorted), or the path
// itself when it is a file. invalid_input when it does not exist.
Result<std::vector<std::string>> files_at(const FileSystem& fs, const LogOpener& opener,
                                          const std::string& path, std::string_view suffix);

// A Codex or Gemini file's fallback session name: its file name without the folder and the
// last extension ("/logs/rollout-1.jsonl" -> "rollout-1"; a leading dot is kept).
std::string file_stem(const std::string& path);

struct RecordFilter {
    std::optional<std::string> session;
    std::optional<std::string> run_id;
    std::optional<int64_t> since_ms;  // inclusive
    std::optional<int64_t> until_ms;  // exclusive
};

// Keeps the records that match every filter that is set (a record without a time fails a
// time filter; run_id only matches ledger records).
void filter_records(std::vector<UsageRecord>& records, const RecordFilter& filter);

}  // namespace lifeline::budget
