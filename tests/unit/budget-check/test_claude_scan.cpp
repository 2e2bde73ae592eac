#include <gtest/gtest.h>

#include <lifeline/app/system.hpp>

#include "claude_scan.hpp"
#include "fixture_path.hpp"
#include "memory_file_system.hpp"

namespace lifeline::budget {
namespace {

using fixtures::fixture;

TokenCounts total_of(const std::vector<UsageRecord>& records) {
    TokenCounts total;
    for (const auto& record : records)
        total += record.tokens;
    return total;
}

const std::string k_line_a =
    R"({"sessionId":"s","message":{"id":"msg_A","model":"claude-sonnet-4-20250514","usage":{"input_tokens":10,"output_tokens":5,"cache_read_input_tokens":100}},"requestId":"req_A","timestamp":"2025-09-01T10:00:00.000Z"})";
const std::string k_line_b =
    R"({"sessionId":"s","message":{"id":"msg_B","model":"claude-sonnet-4-20250514","usage":{"input_tokens":20,"output_tokens":7}},"requestId":"req_B","timestamp":"2025-09-01T10:00:05.000Z"})";

TEST(ClaudeScan, FixtureFolderMatchesCcusageTotals) {
    // ccusage 17.2.1 `daily --json --offline` on this folder: input 1550, output 702,
    // cache creation 12310, cache read 12000.
    app::LocalFileSystem fs;
    const auto files = claude_log_files(fs, fixture("claude"));
    ASSERT_TRUE(files) << files.error().to_string();
    ASSERT_EQ(files->size(), 2u);
    const auto opener = make_posix_opener();
    const ClaudeScan scan = scan_claude_files(*opener, *files, 2);
    EXPECT_EQ(total_of(scan.records), (TokenCounts{1550, 702, 12310, 12000}));
    // msg_01DemoAAAA is logged twice in one file, msg_01DemoBBBB again in the later file.
    EXPECT_EQ(scan.diagnostics.duplicates, 2);
    EXPECT_EQ(scan.diagnostics.malformed, 1);
    ASSERT_EQ(scan.diagnostics.malformed_examples.size(), 1u);
    EXPECT_NE(scan.diagnostics.malformed_examples[0].find(
                  "5e0d2a11-2222-4b2e-8e2d-000000000002.jsonl:5:"),
              std::string::npos);
    EXPECT_EQ(scan.diagnostics.incomplete_tail, 1);  // the demo session's last line
    EXPECT_EQ(scan.diagnostics.files, 2);
}

TEST(ClaudeScan, FirstCopyInOldestFileWinsAndSessionIsTheFileStem) {
    lifeline::testing::MemoryFileSystem fs;
    // The same message, logged with a larger count in a file that starts later.
    const std::string later_copy =
        R"({"message":{"id":"msg_A","model":"claude-sonnet-4-20250514","usage":{"input_tokens":999,"output_tokens":999}},"requestId":"req_A","timestamp":"2025-09-02T00:00:00Z"})";
    fs.put("/p/projects/x/b-later.jsonl", later_copy + "\n");
    fs.put("/p/projects/x/a-first.jsonl", k_line_a + "\n" + k_line_b + "\n");
    const auto files = claude_log_files(fs, "/p");
    ASSERT_TRUE(files);
    FileSystemOpener opener(fs);
    const ClaudeScan scan = scan_claude_files(opener, *files, 1);
    ASSERT_EQ(scan.records.size(), 2u);
    EXPECT_EQ(scan.records[0].tokens.uncached_input, 10);
    EXPECT_EQ(scan.records[0].session, "a-first");
    EXPECT_EQ(scan.diagnostics.duplicates, 1);
}

TEST(ClaudeScan, LinesWithoutBothIdsAreNeverDeduplicated) {
    lifeline::testing::MemoryFileSystem fs;
    const std::string no_request_id =
        R"({"message":{"id":"msg_A","usage":{"input_tokens":1,"output_tokens":1}},"timestamp":"2025-09-01T10:00:00Z"})";
    fs.put("/p/s.jsonl", no_request_id + "\n" + no_request_id + "\n");
    FileSystemOpener opener(fs);
    const ClaudeScan scan = scan_claude_files(opener, {"/p/s.jsonl"}, 1);
    EXPECT_EQ(scan.records.size(), 2u);
    EXPECT_EQ(scan.diagnostics.duplicates, 0);
}

TEST(ClaudeScan, FileBeingAppendedToIsReadUpToTheLastCompleteLine) {
    lifeline::testing::MemoryFileSystem fs;
    FileSystemOpener opener(fs);
    const std::string path = "/p/s.jsonl";
    // Claude Code is mid-way through writing the second line.
    fs.put(path, k_line_a + "\n" + k_line_b.substr(0, 60));
    ClaudeScan first = scan_claude_files(opener, {path}, 1);
    EXPECT_EQ(first.records.size(), 1u);
    EXPECT_EQ(first.diagnostics.malformed, 0);
    EXPECT_EQ(first.diagnostics.incomplete_tail, 1);
    // The write completes; the next scan counts it.
    ASSERT_TRUE(fs.append_file(path, k_line_b.substr(60) + "\n"));
    ClaudeScan second = scan_claude_files(opener, {path}, 1);
    EXPECT_EQ(second.records.size(), 2u);
    EXPECT_EQ(second.diagnostics.incomplete_tail, 0);
    EXPECT_EQ(total_of(second.records), (TokenCounts{30, 12, 0, 100}));
}

TEST(ClaudeScan, UnreadableFilesAreReportedNotFatal) {
    lifeline::testing::MemoryFileSystem fs;
    fs.put("/p/ok.jsonl", k_line_a + "\n");
    FileSystemOpener opener(fs);
    const ClaudeScan scan = scan_claude_files(opener, {"/p/gone.jsonl", "/p/ok.jsonl"}, 2);
    EXPECT_EQ(scan.records.size(), 1u);
    ASSERT_EQ(scan.diagnostics.errors.size(), 1u);
    EXPECT_NE(scan.diagnostics.errors[0].find("gone.jsonl"), std::string::npos);
}

TEST(ClaudeScan, MissingFolderIsNotFound) {
    lifeline::testing::MemoryFileSystem fs;
    const auto files = claude_log_files(fs, "/nowhere");
    ASSERT_FALSE(files);
    EXPECT_EQ(files.error().code, ErrorCode::not_found);
}

}  // namespace
}  // namespace lifeline::budget
