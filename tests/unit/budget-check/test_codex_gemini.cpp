#include <gtest/gtest.h>

#include <lifeline/app/system.hpp>

#include "codex_log.hpp"
#include "fixture_path.hpp"
#include "gemini_output.hpp"
#include "sources.hpp"

namespace lifeline::budget {
namespace {

using fixtures::fixture;

TEST(CodexLog, ExecJsonCountsCompletedTurnsWithCachedTokensSplitOut) {
    const auto opener = make_posix_opener();
    std::vector<UsageRecord> records;
    SourceDiagnostics diagnostics;
    scan_codex_files(*opener, {fixture("codex/exec.jsonl")}, "gpt-5-codex", records, diagnostics);
    ASSERT_EQ(records.size(), 2u);  // the failed turn has no usage
    EXPECT_EQ(records[0].session, "0199a213-81c0-7800-8aa1-bbab2a035a53");
    EXPECT_EQ(records[0].model, "gpt-5-codex");
    EXPECT_EQ(records[0].tokens, (TokenCounts{315, 122, 0, 24448}));
    EXPECT_EQ(records[1].tokens.total(), 26549 + 1590);
    EXPECT_EQ(diagnostics.malformed, 0);
}

TEST(CodexLog, SessionFileSkipsRepeatedEventsAndDiffsTotals) {
    const auto opener = make_posix_opener();
    std::vector<UsageRecord> records;
    SourceDiagnostics diagnostics;
    scan_codex_files(
        *opener,
        {fixture("codex/rollout-2025-10-17T05-50-00-0199f0aa-1111-7000-8000-000000000001.jsonl")},
        "", records, diagnostics);
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0].session, "0199f0aa-1111-7000-8000-000000000001");
    EXPECT_EQ(records[0].model, "gpt-5-codex");
    EXPECT_EQ(records[0].tokens, (TokenCounts{20304 - 16896, 1183, 0, 16896}));
    // The last event has only totals: the difference from the previous totals is counted.
    EXPECT_EQ(records[1].tokens,
              (TokenCounts{(26549 - 20304) - (22272 - 16896), 1590 - 1183, 0, 22272 - 16896}));
    // Both records together equal Codex's own running total.
    EXPECT_EQ(records[0].tokens.total() + records[1].tokens.total(), 28139);
    EXPECT_EQ(diagnostics.malformed, 1);
    ASSERT_EQ(diagnostics.malformed_examples.size(), 1u);
    EXPECT_NE(diagnostics.malformed_examples[0].find(".jsonl:8:"), std::string::npos);
}

TEST(GeminiOutput, ReadsPerModelStatsAsGeminiBillsThem) {
    const auto opener = make_posix_opener();
    std::vector<UsageRecord> records;
    SourceDiagnostics diagnostics;
    scan_gemini_files(*opener, {fixture("gemini-run.json")}, records, diagnostics);
    ASSERT_EQ(records.size(), 2u);
    const auto& pro = records[1].model == "gemini-2.5-pro" ? records[1] : records[0];
    EXPECT_EQ(pro.tokens, (TokenCounts{24939 - 21263, 20 + 154, 0, 21263}));
    EXPECT_EQ(pro.tokens.total(), 25113);
    EXPECT_EQ(pro.requests, 2);
    EXPECT_EQ(pro.session, "gemini-run");
}

TEST(GeminiOutput, NonJsonIsAParseError) {
    std::vector<UsageRecord> records;
    const Status status = parse_gemini_output("Error: quota exceeded", "s", records);
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().code, ErrorCode::parse);
    EXPECT_TRUE(parse_gemini_output(R"({"response":"x"})", "s", records));
    EXPECT_TRUE(records.empty());
}

TEST(Sources, FilesAtAcceptsFilesAndFoldersAndRejectsMissingPaths) {
    app::LocalFileSystem fs;
    const auto opener = make_posix_opener();
    const auto folder = files_at(fs, *opener, fixture("codex"), ".jsonl");
    ASSERT_TRUE(folder);
    EXPECT_EQ(folder->size(), 2u);
    const auto file = files_at(fs, *opener, fixture("gemini-run.json"), ".json");
    ASSERT_TRUE(file);
    EXPECT_EQ(file->size(), 1u);
    const auto missing = files_at(fs, *opener, fixture("nope"), ".json");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::invalid_input);
}

TEST(Sources, FilterKeepsMatchingSessionAndTimeWindow) {
    std::vector<UsageRecord> records(3);
    records[0].session = "a";
    records[0].time_ms = 1000;
    records[1].session = "a";
    records[1].time_ms = 5000;
    records[2].session = "b";
    records[2].time_ms = 5000;
    filter_records(records, RecordFilter{"a", std::nullopt, 2000, std::nullopt});
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].time_ms, 5000);
}

}  // namespace
}  // namespace lifeline::budget
