#include "sources.hpp"

#include <algorithm>

#include "claude_scan.hpp"
#include "codex_log.hpp"
#include "gemini_output.hpp"

namespace lifeline::budget {

std::string file_stem(const std::string& path) {
    const auto slash = path.find_last_of('/');
    std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    const auto dot = name.rfind('.');
    if (dot != std::string::npos && dot > 0)
        name.resize(dot);
    return name;
}

Result<std::vector<std::string>> files_at(const FileSystem& fs, const LogOpener& opener,
                                          const std::string& path, std::string_view suffix) {
    auto listed = fs.list_files(path, suffix);
    if (listed && !listed->empty())
        return listed;
    if (opener.open(path))
        return std::vector<std::string>{path};
    if (listed && fs.exists(path))
        return listed;  // an empty folder
    return fail(ErrorCode::invalid_input, "no such file or directory: " + path);
}

Result<Collected> collect_log_sources(const FileSystem& fs, const LogOpener& opener,
                                      const LogSources& request) {
    Collected collected;
    for (const auto& dir : request.claude_dirs) {
        auto files = claude_log_files(fs, dir);
        if (!files)
            return fail(ErrorCode::invalid_input, files.error().message);
        ClaudeScan scan = scan_claude_files(opener, *files, request.jobs);
        scan.diagnostics.path = dir;
        collected.sources.push_back(std::move(scan.diagnostics));
        if (collected.records.empty())
            collected.records = std::move(scan.records);
        else
            std::move(scan.records.begin(), scan.records.end(),
                      std::back_inserter(collected.records));
    }
    for (const auto& path : request.codex_paths) {
        const auto files = LIFELINE_TRY(files_at(fs, opener, path, ".jsonl"));
        SourceDiagnostics diagnostics;
        diagnostics.kind = SourceKind::codex;
        diagnostics.path = path;
        scan_codex_files(opener, files, request.default_model, collected.records, diagnostics);
        collected.sources.push_back(std::move(diagnostics));
    }
    for (const auto& path : request.gemini_paths) {
        const auto files = LIFELINE_TRY(files_at(fs, opener, path, ".json"));
        SourceDiagnostics diagnostics;
        diagnostics.kind = SourceKind::gemini;
        diagnostics.path = path;
        scan_gemini_files(opener, files, collected.records, diagnostics);
        collected.sources.push_back(std::move(diagnostics));
    }
    return collected;
}

void filter_records(std::vector<UsageRecord>& records, const RecordFilter& filter) {
    if (!filter.session && !filter.run_id && !filter.since_ms && !filter.until_ms)
        return;
    auto rejected = [&](const UsageRecord& record) {
        if (filter.session && record.session != *filter.session)
            return true;
        if (filter.run_id && record.run_id != *filter.run_id)
            return true;
        if (filter.since_ms && (record.time_ms == 0 || record.time_ms < *filter.since_ms))
            return true;
        if (filter.until_ms && (record.time_ms == 0 || record.time_ms >= *filter.until_ms))
            return true;
        return false;
    };
    records.erase(std::remove_if(records.begin(), records.end(), rejected), records.end());
}

}  // namespace lifeline::budget
