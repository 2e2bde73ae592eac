#include "claude_scan.hpp"

#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>
#include <unordered_set>

#include "claude_line.hpp"
#include "line_reader.hpp"

namespace lifeline::budget {
namespace {

struct Row {
    std::string key;  // "<message id>:<request id>", "" when either is missing
    std::string model;
    int64_t time_ms = 0;
    TokenCounts tokens;
    std::optional<double> cost;
    bool api_error = false;
};

struct FileResult {
    std::string session;
    std::optional<int64_t> earliest_ms;
    std::vector<Row> rows;
    SourceDiagnostics diagnostics;
};

std::string file_stem(const std::string& path) {
    const auto slash = path.find_last_of('/');
    std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    if (name.size() > 6 && name.compare(name.size() - 6, 6, ".jsonl") == 0)
        name.resize(name.size() - 6);
    return name;
}

void scan_file(const LogOpener& opener, const std::string& path, LineReader& reader,
               simdjson::dom::parser& parser, FileResult& result) {
    result.session = file_stem(path);
    result.diagnostics.kind = SourceKind::claude;
    auto source = opener.open(path);
    if (!source) {
        result.diagnostics.errors.push_back(source.error().to_string());
        return;
    }
    ++result.diagnostics.files;
    auto on_line = [&](const Line& line) {
        ++result.diagnostics.lines;
        const ClaudeLine parsed = parse_claude_line(parser, line.text);
        if (parsed.kind == ClaudeLineKind::malformed) {
            if (!line.terminated) {
                // Most likely a line still being written: read up to the last complete one.
                ++result.diagnostics.incomplete_tail;
            } else {
                result.diagnostics.add_malformed(path, line.number, parsed.error);
            }
            return;
        }
        if (parsed.timestamp_ms &&
            (!result.earliest_ms || *parsed.timestamp_ms < *result.earliest_ms))
            result.earliest_ms = parsed.timestamp_ms;
        if (parsed.kind != ClaudeLineKind::usage)
            return;
        const ClaudeEntry& entry = parsed.entry;
        Row row;
        if (!entry.message_id.empty() && !entry.request_id.empty()) {
            row.key.reserve(entry.message_id.size() + entry.request_id.size() + 1);
            row.key.append(entry.message_id).append(":").append(entry.request_id);
        }
        row.model = entry.model;
        row.time_ms = entry.time_ms;
        row.tokens = entry.tokens;
        row.cost = entry.cost_usd;
        row.api_error = entry.api_error;
        result.rows.push_back(std::move(row));
    };
    int64_t bytes = 0;
    const Status status = reader.read(**source, on_line, &bytes);
    result.diagnostics.bytes += bytes;
    if (!status)
        result.diagnostics.errors.push_back(status.error().to_string());
}

}  // namespace

Result<std::vector<std::string>> claude_log_files(const FileSystem& fs,
                                                  const std::string& directory) {
    std::string root = directory;
    while (root.size() > 1 && root.back() == '/')
        root.pop_back();
    // A Claude config dir (~/.claude) holds its logs under projects/, as ccusage expects of
    // CLAUDE_CONFIG_DIR; accept both.
    auto nested = fs.list_files(root + "/projects", ".jsonl");
    if (nested && !nested->empty())
        return nested;
    auto files = fs.list_files(root, ".jsonl");
    if ((!files || files->empty()) && !fs.exists(root))
        return fail(ErrorCode::not_found, "no such Claude projects folder: " + directory);
    return files;
}

ClaudeScan scan_claude_files(const LogOpener& opener, const std::vector<std::string>& files,
                             int jobs) {
    std::vector<FileResult> results(files.size());
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        LineReader reader;
        simdjson::dom::parser parser;
        for (std::size_t i = next++; i < files.size(); i = next++)
            scan_file(opener, files[i], reader, parser, results[i]);
    };
    const auto threads = static_cast<std::size_t>(std::max(1, jobs));
    if (threads <= 1 || files.size() <= 1) {
        worker();
    } else {
        std::vector<std::thread> pool;
        for (std::size_t i = 0; i < std::min(threads, files.size()); ++i)
            pool.emplace_back(worker);
        for (auto& thread : pool)
            thread.join();
    }

    // ccusage reads files oldest first (files without any time last, stable otherwise), and
    // the first copy of a message wins.
    std::vector<std::size_t> order(files.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const auto& ta = results[a].earliest_ms;
        const auto& tb = results[b].earliest_ms;
        if (ta.has_value() != tb.has_value())
            return ta.has_value();
        return ta.has_value() && *ta < *tb;
    });

    ClaudeScan scan;
    scan.diagnostics.kind = SourceKind::claude;
    std::size_t row_count = 0;
    for (const auto& result : results)
        row_count += result.rows.size();
    scan.records.reserve(row_count);
    std::unordered_set<std::string> seen;
    seen.reserve(row_count);
    for (const std::size_t index : order) {
        FileResult& result = results[index];
        scan.diagnostics.merge(result.diagnostics);
        for (Row& row : result.rows) {
            if (!row.key.empty() && !seen.insert(std::move(row.key)).second) {
                ++scan.diagnostics.duplicates;
                continue;
            }
            UsageRecord record;
            record.source = SourceKind::claude;
            record.time_ms = row.time_ms;
            record.session = result.session;
            record.model = std::move(row.model);
            record.tokens = row.tokens;
            record.recorded_cost = row.cost;
            record.api_error = row.api_error;
            scan.records.push_back(std::move(record));
        }
        result.rows.clear();
        result.rows.shrink_to_fit();
    }
    scan.diagnostics.records = static_cast<int64_t>(scan.records.size());
    return scan;
}

}  // namespace lifeline::budget
