// The SQLite state file in a directory its user cannot write. Root ignores file modes, so as
// root the tools run under `setpriv --reuid 65534 --regid 65534 --clear-groups` (nobody);
// as anyone else they run as that user.

#include <filesystem>

#include <gtest/gtest.h>
#include <unistd.h>

#include "store_rig.hpp"

namespace state_it {
namespace {

namespace fs = std::filesystem;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

const char* k_what_to_do =
    "this user must be able to write the file and its directory (SQLite creates -wal and -shm "
    "files beside it): fix their permissions or point --state at another file";

TEST(SqliteReadOnly, AnUnprivilegedUserGetsAClearErrorAndTheFileIsLeftAsItWas) {
    const bool as_nobody = geteuid() == 0;
    if (as_nobody && access("/usr/bin/setpriv", X_OK) != 0)
        GTEST_SKIP() << "running as root needs /usr/bin/setpriv (util-linux) to drop to uid 65534";
    StoreRig rig;
    ASSERT_TRUE(rig.ready());
    const std::string dir = rig.dir() + "/state";
    const std::string file = dir + "/state.db";
    const std::string url = "sqlite://" + file;

    // Written by its owner: ledger rows and health, a reservation.
    auto run = rig.run_request(url, "owner");
    ASSERT_EQ(run.exit_code, 0) << run.err;
    ASSERT_FALSE(contains(run.err, "warning")) << run.err;
    auto held = rig.reserve(url, "budget", 100);
    ASSERT_EQ(held.exit_code, 0) << held.err;
    fs::permissions(file, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                             fs::perms::group_exec | fs::perms::others_read |
                             fs::perms::others_exec);
    const std::string bytes = lifeline::testing::read_text_file(file);
    ASSERT_FALSE(bytes.empty());

    // As the unprivileged user: budget-check (a reservation, or reading the ledger) exits 1
    // naming the file and what to do; run-with-failover's step runs (exit 0) with a warning;
    // a new file in that directory is refused the same way and not created.
    for (const auto& args :
         {std::vector<std::string>{"--reserve", "10", "--limit", "session_tokens", "--session",
                                   "budget", "--session-tokens", "250"},
          std::vector<std::string>{"--from-ledger"}}) {
        auto refused = rig.budget_check(url, args, as_nobody);
        EXPECT_EQ(refused.exit_code, 1) << refused.err;
        EXPECT_EQ(refused.doc["status"], "error") << refused.out;
        EXPECT_TRUE(contains(
            refused.err, "budget-check: error: cannot open state store " + url + " for writing"))
            << refused.err;
        EXPECT_TRUE(contains(refused.err, k_what_to_do)) << refused.err;
    }
    nlohmann::json status;
    auto open_run = rig.run_request(url, "nobody", &status, as_nobody);
    EXPECT_EQ(open_run.exit_code, 0) << open_run.err;
    EXPECT_EQ(attempt_classes(status), (std::vector<std::string>{"server_error", "ok"}));
    EXPECT_TRUE(
        contains(open_run.err, "warning: state store unavailable (cannot open state store " + url))
        << open_run.err;
    const std::string fresh = dir + "/new.db";
    auto create = rig.reserve("sqlite://" + fresh, "budget", 10, as_nobody);
    EXPECT_EQ(create.exit_code, 1) << create.err;
    EXPECT_TRUE(contains(create.err, "cannot open state store sqlite://" + fresh + " for writing"))
        << create.err;
    EXPECT_TRUE(contains(create.err, k_what_to_do)) << create.err;
    EXPECT_FALSE(fs::exists(fresh));

    // Nothing changed: the same bytes, sound, every row and the reservation there.
    EXPECT_EQ(lifeline::testing::read_text_file(file), bytes);
    EXPECT_FALSE(fs::exists(file + "-wal"));
    EXPECT_EQ(integrity_check(file), "ok");
    EXPECT_EQ(ledger_rows(url, "owner"), 2);
    EXPECT_EQ(ledger_rows(url, "nobody"), 0);
    EXPECT_EQ(tokens_held(url, "budget"), 100);
}

}  // namespace
}  // namespace state_it
