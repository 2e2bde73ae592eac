// The gather step: logs and the ledger read together, the filter applied to the records only.
#include <gtest/gtest.h>

#include <lifeline/storage/backends.hpp>

#include "gather.hpp"
#include "ledger_usage.hpp"
#include "test_context.hpp"

namespace lifeline::budget {
namespace {

const std::string k_claude_line =
    R"({"sessionId":"a","message":{"id":"msg_1","model":"claude-sonnet-4-20250514","usage":{"input_tokens":100,"output_tokens":200}},"requestId":"req_1","timestamp":"2025-09-01T10:00:00.000Z"})"
    "\n";

class GatherRecords : public ::testing::Test {
  protected:
    GatherRecords() : store(state::make_memory_store(t.clock)) {
        t.fs.put("/logs/demo/a.jsonl", k_claude_line);
        options.opener = std::make_shared<FileSystemOpener>(t.fs);
        options.jobs = 1;
    }

    void append(const std::string& session, int64_t input_tokens) {
        state::LedgerEntry entry;
        entry.time = t.clock.now();
        entry.run_id = "run-" + session;
        entry.session = session;
        entry.provider = "openai";
        entry.model = "gpt-5";
        entry.input_tokens = input_tokens;
        ASSERT_TRUE(store->append_ledger(entry));
    }

    Result<Collected> gather() {
        auto plan = plan_check(options, config::Config{}, t.clock.now());
        EXPECT_TRUE(plan) << plan.error().message;
        return gather_records(options, *plan, t.fs, store.get());
    }

    lifeline::testing::TestContext t;
    std::unique_ptr<state::StateStore> store;
    Options options;
};

TEST_F(GatherRecords, LogsAndLedgerTogetherWithOneSourceEach) {
    append("ci-1", 5000);
    options.claude_dirs = {"/logs"};
    options.from_ledger = true;
    const auto collected = gather();
    ASSERT_TRUE(collected) << collected.error().message;
    ASSERT_EQ(collected->records.size(), 2u);
    ASSERT_EQ(collected->sources.size(), 2u);
    EXPECT_EQ(collected->sources[0].kind, SourceKind::claude);
    const SourceDiagnostics& ledger = collected->sources[1];
    EXPECT_EQ(ledger.kind, SourceKind::ledger);
    EXPECT_EQ(ledger.path, store->describe());
    EXPECT_EQ(ledger.lines, 1);
    EXPECT_EQ(ledger.records, 1);
}

TEST_F(GatherRecords, WithoutLogsOnlyTheLedgerIsReadAndTheSessionFilters) {
    append("ci-1", 5000);
    append("ci-2", 7000);
    options.session = "ci-2";
    const auto collected = gather();
    ASSERT_TRUE(collected) << collected.error().message;
    ASSERT_EQ(collected->records.size(), 1u);
    EXPECT_EQ(collected->records[0].session, "ci-2");
    EXPECT_EQ(collected->records[0].tokens.uncached_input, 7000);
}

TEST_F(GatherRecords, MissingLogPathIsInvalidInput) {
    options.claude_dirs = {"/missing"};
    const auto collected = gather();
    ASSERT_FALSE(collected);
    EXPECT_EQ(collected.error().code, ErrorCode::invalid_input);
}

TEST_F(GatherRecords, LedgerSourceCountsEveryEntryItAppends) {
    append("ci-1", 10);
    append("ci-1", 20);
    Collected collected;
    collected.records.emplace_back();
    ASSERT_TRUE(add_ledger_source(*store, state::LedgerQuery{}, collected));
    EXPECT_EQ(collected.records.size(), 3u);
    ASSERT_EQ(collected.sources.size(), 1u);
    EXPECT_EQ(collected.sources[0].records, 2);
}

}  // namespace
}  // namespace lifeline::budget
