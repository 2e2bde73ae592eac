// failover-proxy on an SQLite state file that it cannot write: on a file system that fills up
// while it serves (a 1 MiB tmpfs in a private mount namespace; skipped where none can be
// mounted), and in a directory its user cannot write (as root: under `setpriv --reuid 65534`).
// State writes are best effort: requests are answered whatever the store does, the proxy says
// once what is wrong, where, and what to do, and the file is never damaged. A store that cannot
// be opened at all stops start-up with exit 1 (docs/failover-proxy.md).

#include <filesystem>

#include <gtest/gtest.h>
#include <unistd.h>

#include <lifeline/storage/open.hpp>

#include "fakes/fake_clock.hpp"
#include "proxy_harness.hpp"
#include "support/sqlite_check.hpp"
#include "support/tmpfs_mount.hpp"
#include "support/tool_run.hpp"

namespace proxy_it {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

const char* k_fleet = "version: 1\nproviders:\n  an: {reply: \"Hello from an.\"}\n";

const char* k_config =
    "version: 1\n"
    "providers:\n"
    "  an: {kind: anthropic, base_url: \"{{url:an}}\", auth: {env: SIM_KEY}}\n"
    "models:\n"
    "  claude: {provider: an, id: claude-sonnet-4-6}\n"
    "lanes:\n  code: [claude]\n";

const char* k_chat = R"({"model":"code","messages":[{"role":"user","content":"Say hi"}]})";

const char* k_what_to_do =
    "this user must be able to write the file and its directory (SQLite creates -wal and -shm "
    "files beside it): fix their permissions or point --state at another file";

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

size_t count(const std::string& text, const std::string& part) {
    size_t found = 0;
    for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
        ++found;
    return found;
}

// The ledger rows of sessions `prefix`0 .. `prefix`<count - 1> as a fresh connection sees
// them; -1 when the store cannot be opened or read.
int rows_of(const std::string& url, const std::string& prefix, int sessions) {
    lifeline::testing::FakeClock clock;
    auto opened = lifeline::state::open_state_store(url, clock);
    if (!opened)
        return -1;
    int rows = 0;
    for (int i = 0; i < sessions; ++i) {
        lifeline::state::LedgerQuery query;
        query.session = prefix + std::to_string(i);
        auto found = opened->store->query_ledger(query);
        if (!found)
            return -1;
        rows += static_cast<int>(found->size());
    }
    return rows;
}

lifeline::http::Headers session(const std::string& prefix, int i) {
    return {{"session-id", prefix + std::to_string(i)}};
}

TEST(FailoverProxySqliteFaults, AFullDiskKeepsEveryRequestAnsweredWarnsOnceAndDamagesNothing) {
    lifeline::testing::TempDir scratch("proxy-full-disk");
    lifeline::testing::TmpfsMount disk(scratch.path() + "/disk", "1m");
    if (!disk.mounted())
        GTEST_SKIP() << disk.error();
    const std::string file = scratch.path() + "/disk/state.db";
    const std::string url = "sqlite://" + file;
    ProxyOptions options;
    options.state = url;
    ProxyRig rig(k_fleet, k_config, options);
    ASSERT_TRUE(rig.ready());

    // Before: three rows written.
    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(rig.post("/v1/chat/completions", k_chat, session("before-", i)).status, 200);
    ASSERT_TRUE(eventually([&] { return rows_of(url, "before-", 3) == 3; }, milliseconds(5000)))
        << rows_of(url, "before-", 3) << "\n"
        << rig.stderr_text();

    ASSERT_GT(lifeline::testing::fill_up(scratch.path() + "/disk/filler"), 0u);
    // During: every request is answered. The row writes fail (at once, or once the room left
    // in the file's write-ahead log is used up) and the proxy says so once: what (no space
    // left), where (the file) and what to do.
    const std::string warning = "state store: ledger row not written";
    int sent = 0;
    while (!contains(rig.stderr_text(), warning) && sent < 60) {
        auto response = rig.post("/v1/chat/completions", k_chat, session("during-", sent++));
        ASSERT_EQ(response.status, 200) << response.body;
        rig.proxy().get("/healthz", false);  // a moment for the writer thread
    }
    ASSERT_TRUE(
        eventually([&] { return contains(rig.stderr_text(), warning); }, milliseconds(5000)))
        << "no warning after " << sent << " requests on a full disk:\n"
        << rig.stderr_text();
    for (int i = 0; i < 5; ++i) {
        auto response = rig.post("/v1/chat/completions", k_chat, session("during-", sent++));
        ASSERT_EQ(response.status, 200) << response.body;
    }
    EXPECT_EQ(rig.get("/healthz", false).status, 200);
    const std::string err = rig.stderr_text();
    EXPECT_EQ(count(err, warning), 1u) << err;
    EXPECT_TRUE(contains(err, url)) << err;
    EXPECT_TRUE(contains(err, "no space left")) << err;
    EXPECT_TRUE(contains(err, "free space there or point --state at another file")) << err;

    // After: space again. The same proxy writes again and says so; nothing written before
    // was lost, and the file is sound.
    fs::remove(scratch.path() + "/disk/filler");
    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(rig.post("/v1/chat/completions", k_chat, session("after-", i)).status, 200);
    EXPECT_TRUE(eventually([&] { return rows_of(url, "after-", 3) == 3; }, milliseconds(5000)))
        << rows_of(url, "after-", 3) << "\n"
        << rig.stderr_text();
    EXPECT_TRUE(contains(rig.stderr_text(), "state store: ledger rows written again"))
        << rig.stderr_text();
    EXPECT_EQ(rows_of(url, "before-", 3), 3);
    EXPECT_EQ(rig.stop(SIGTERM), 0) << rig.stderr_text();
    EXPECT_EQ(lifeline::testing::integrity_check(file), "ok");
}

TEST(FailoverProxySqliteFaults, AStoreItsUserCannotWriteStopsStartUpWithExit1AndIsLeftAlone) {
    const bool as_nobody = geteuid() == 0;
    if (as_nobody && access("/usr/bin/setpriv", X_OK) != 0)
        GTEST_SKIP() << "running as root needs /usr/bin/setpriv (util-linux) to drop to uid 65534";
    lifeline::testing::TempDir scratch("proxy-read-only");
    const auto everyone_reads = fs::perms::owner_all | fs::perms::group_read |
                                fs::perms::group_exec | fs::perms::others_read |
                                fs::perms::others_exec;
    fs::permissions(scratch.path(), everyone_reads);
    lifeline::testing::YamlSim sim(k_fleet, {}, lifeline::testing::YamlSim::Mode::fleet);
    ASSERT_TRUE(sim.ready());
    std::string config = k_config;
    config.replace(config.find("{{url:an}}"), 10, sim.url_of("an"));
    fs::permissions(scratch.write("lifeline.yaml", config),
                    fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                        fs::perms::others_read);
    // The run's own directory, writable by its user (ready file, output).
    const std::string cwd = scratch.path() + "/run";
    fs::create_directory(cwd);
    fs::permissions(cwd, fs::perms::all);

    // A state file with a row in it, written by its owner; then the file and its directory
    // are made read-only.
    const std::string dir = scratch.path() + "/state";
    const std::string file = dir + "/state.db";
    const std::string url = "sqlite://" + file;
    {
        lifeline::testing::FakeClock clock;
        auto opened = lifeline::state::open_state_store(url, clock);
        ASSERT_TRUE(opened) << opened.error().to_string();
        lifeline::state::LedgerEntry entry;
        entry.session = "owner0";
        entry.provider = "an";
        entry.model = "claude";
        ASSERT_TRUE(opened->store->append_ledger(entry));
    }
    fs::permissions(file, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    fs::permissions(dir, everyone_reads & ~fs::perms::owner_write);
    const std::string bytes = lifeline::testing::read_text_file(file);
    ASSERT_FALSE(bytes.empty());

    for (const std::string& state : {url, "sqlite://" + dir + "/new.db"}) {
        SCOPED_TRACE(state);
        std::vector<std::string> args = {"--config",     scratch.path() + "/lifeline.yaml",
                                         "--state",      state,
                                         "--listen",     "127.0.0.1:0",
                                         "--ready-file", cwd + "/ready.env"};
        std::string program = PROXY_BINARY;
        if (as_nobody) {
            args.insert(args.begin(),
                        {"--reuid", "65534", "--regid", "65534", "--clear-groups", program});
            program = "/usr/bin/setpriv";
        }
        const auto run = lifeline::testing::run_tool(
            program, args, cwd, {{"HOME", cwd}, {"SIM_KEY", "sk-sim-0123456789abcdef"}},
            std::chrono::seconds(20));

        EXPECT_EQ(run.exit_code, 1) << run.err;
        EXPECT_TRUE(contains(
            run.err, "failover-proxy: error: cannot open state store " + state + " for writing"))
            << run.err;
        EXPECT_TRUE(contains(run.err, k_what_to_do)) << run.err;
        EXPECT_FALSE(fs::exists(cwd + "/ready.env")) << "it must never announce itself";
    }
    EXPECT_FALSE(fs::exists(dir + "/new.db"));
    EXPECT_EQ(lifeline::testing::read_text_file(file), bytes);
    EXPECT_FALSE(fs::exists(file + "-wal"));
    // Writable again: the file is sound and its row is there.
    fs::permissions(dir, fs::perms::owner_write, fs::perm_options::add);
    fs::permissions(file, fs::perms::owner_write, fs::perm_options::add);
    EXPECT_EQ(lifeline::testing::integrity_check(file), "ok");
    EXPECT_EQ(rows_of(url, "owner", 1), 1);
}

}  // namespace
}  // namespace proxy_it
