// A state file written by the previous schema (version 1, no ledger vendor) is upgraded in place
// when opened: its rows stay, with the vendor "" (not recorded), and new rows carry theirs.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <lifeline/storage/open.hpp>

#include "fake_clock.hpp"
#include "support/temp_dir.hpp"

namespace lifeline::state {
namespace {

int exec(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return rc;
}

TEST(SchemaMigration, AVersionOneLedgerGainsTheVendorColumnAndKeepsItsRows) {
    testing::FakeClock clock;
    testing::TempDir dir;
    const std::string path = dir.file("state.db");
    ASSERT_TRUE(open_state_store("sqlite://" + path, clock));
    // What lifeline wrote before vendors were recorded.
    ASSERT_EQ(exec(path,
                   "DROP INDEX ledger_by_run; ALTER TABLE ledger DROP COLUMN vendor; "
                   "UPDATE schema_version SET version = 1; INSERT INTO ledger (time_ms, "
                   "run_id, session, lane, provider, model, attempt, class, input_tokens, "
                   "output_tokens, cached_tokens, cost_usd, duration_ms, is_retry, "
                   "is_fallback) VALUES (1, 'old-run', 's', 'code', 'openai', 'gpt-5.5', 1, "
                   "NULL, 10, 5, 0, NULL, 100, 0, 0)"),
              SQLITE_OK);

    auto opened = open_state_store("sqlite://" + path, clock);
    ASSERT_TRUE(opened) << opened.error().to_string();
    LedgerEntry entry;
    entry.run_id = "new-run";
    entry.provider = "anthropic";
    entry.model = "claude-sonnet-4-6";
    entry.vendor = "anthropic";
    ASSERT_TRUE(opened->store->append_ledger(entry));

    LedgerQuery old_run;
    old_run.run_id = "old-run";
    auto old_rows = opened->store->query_ledger(old_run);
    ASSERT_TRUE(old_rows && old_rows->size() == 1u);
    EXPECT_EQ(old_rows->front().vendor, "");
    EXPECT_EQ(old_rows->front().input_tokens, 10);
    LedgerQuery new_run;
    new_run.run_id = "new-run";
    auto new_rows = opened->store->query_ledger(new_run);
    ASSERT_TRUE(new_rows && new_rows->size() == 1u);
    EXPECT_EQ(new_rows->front().vendor, "anthropic");
}

}  // namespace
}  // namespace lifeline::state
