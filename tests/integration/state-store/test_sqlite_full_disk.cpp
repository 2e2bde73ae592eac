// The SQLite state file on a full disk: a size-limited tmpfs, filled up after the tools have
// written to it. The tools that write the store (ledger rows, health, budget reservations)
// fail clearly or fail open, as documented; nothing they wrote before is lost or damaged.

#include <filesystem>

#include <gtest/gtest.h>

#include "store_rig.hpp"
#include "support/tmpfs_mount.hpp"

namespace state_it {
namespace {

namespace fs = std::filesystem;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

using lifeline::testing::fill_up;
using lifeline::testing::TmpfsMount;

TEST(SqliteFullDisk, ToolsFailClearlyAndEveryRowWrittenBeforeTheDiskFilledSurvives) {
    StoreRig rig;
    ASSERT_TRUE(rig.ready());
    TmpfsMount disk(rig.dir() + "/disk", "1m");
    if (!disk.mounted())
        GTEST_SKIP() << disk.error();
    const std::string file = rig.dir() + "/disk/state.db";
    const std::string url = "sqlite://" + file;

    // Before: ledger rows and health from run-with-failover, a reservation from budget-check.
    for (int i = 0; i < 2; ++i) {
        auto run = rig.run_request(url, "before-" + std::to_string(i));
        ASSERT_EQ(run.exit_code, 0) << run.err;
        ASSERT_FALSE(contains(run.err, "warning")) << run.err;
    }
    auto held = rig.reserve(url, "budget", 100);
    ASSERT_EQ(held.exit_code, 0) << held.err;

    ASSERT_GT(fill_up(rig.dir() + "/disk/filler"), 0u);
    // During: budget-check cannot reserve and says why, naming the file and what to do (exit
    // 1, the status document says error); run-with-failover's step still runs and succeeds
    // (exit 0), with a warning that names the file. No crash, no hang.
    auto refused = rig.reserve(url, "budget", 10);
    EXPECT_EQ(refused.exit_code, 1) << refused.err;
    EXPECT_EQ(refused.doc["status"], "error") << refused.out;
    EXPECT_TRUE(contains(refused.err, "budget-check: error: state store " + url)) << refused.err;
    EXPECT_TRUE(contains(refused.err, "no space left")) << refused.err;
    EXPECT_TRUE(contains(refused.err, "free space there or point --state at another file"))
        << refused.err;
    EXPECT_LT(refused.wall_ms, 10'000);
    nlohmann::json status;
    auto open_run = rig.run_request(url, "during", &status);
    EXPECT_EQ(open_run.exit_code, 0) << open_run.err;
    EXPECT_EQ(attempt_classes(status), (std::vector<std::string>{"server_error", "ok"}));
    EXPECT_TRUE(contains(open_run.err, "warning: state store unavailable")) << open_run.err;
    EXPECT_TRUE(contains(open_run.err, url)) << open_run.err;
    EXPECT_TRUE(contains(open_run.err, "no space left")) << open_run.err;
    EXPECT_LT(open_run.wall_ms, 10'000);

    // After: space again. The file is sound, every row and the reservation are there, and the
    // tools write again.
    fs::remove(rig.dir() + "/disk/filler");
    EXPECT_EQ(integrity_check(file), "ok");
    EXPECT_EQ(ledger_rows(url, "before-0"), 2);
    EXPECT_EQ(ledger_rows(url, "before-1"), 2);
    EXPECT_EQ(ledger_rows(url, "during"), 0);
    EXPECT_EQ(tokens_held(url, "budget"), 100);
    auto again = rig.reserve(url, "budget", 100);
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(tokens_held(url, "budget"), 200);
    EXPECT_EQ(integrity_check(file), "ok");
}

}  // namespace
}  // namespace state_it
