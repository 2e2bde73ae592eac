// Redis killed (SIGKILL) in the middle of a pipeline's runs and restarted on the same port and
// directory. Redis runs with `--appendonly yes --appendfsync always`: with that, every write
// it acknowledged is on disk before the reply, so a row a tool wrote before the kill is there
// after the restart (with `appendfsync everysec` up to a second of rows may be lost).

#include <gtest/gtest.h>

#include "store_rig.hpp"
#include "support/local_redis.hpp"

namespace state_it {
namespace {

using lifeline::testing::LocalRedis;
using std::chrono::milliseconds;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST(RedisRestart, ToolsDegradeWhileItIsDownAndFindEveryAcknowledgedRowAndTheOpenCircuitAfter) {
    LocalRedis redis(LocalRedis::Persistence::fsync_always);
    if (!redis.installed())
        GTEST_SKIP() << redis.error();
    ASSERT_TRUE(redis.ready()) << redis.error();
    StoreRig rig;
    ASSERT_TRUE(rig.ready());
    const std::string url = redis.url();

    // Before: two runs fail over from m-bad (two failures open its circuit), the third skips
    // it. Every row is acknowledged: exit 0 and no warning about the store.
    const std::vector<std::vector<std::string>> expected = {
        {"server_error", "ok"}, {"server_error", "ok"}, {"ok"}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        nlohmann::json status;
        auto run = rig.run_request(url, "before-" + std::to_string(i), &status);
        ASSERT_EQ(run.exit_code, 0) << run.err;
        ASSERT_EQ(attempt_classes(status), expected[i]) << run.err;
        ASSERT_FALSE(contains(run.err, "warning")) << run.err;
    }
    auto held = rig.reserve(url, "budget", 100);
    ASSERT_EQ(held.exit_code, 0) << held.err;
    ASSERT_TRUE(held.doc["data"]["reservation"]["granted"].get<bool>()) << held.out;

    redis.kill();
    const std::string where = "127.0.0.1:" + std::to_string(redis.port());
    // During: run-with-failover fails open (the agent step must not fail because the store
    // is down) and says so; budget-check, which cannot answer without the store, exits 1
    // with the server named. Nothing hangs: a refused connection fails at once.
    nlohmann::json status;
    auto open_run = rig.run_request(url, "during", &status);
    EXPECT_EQ(open_run.exit_code, 0) << open_run.err;
    EXPECT_EQ(attempt_classes(status), (std::vector<std::string>{"server_error", "ok"}));
    EXPECT_TRUE(contains(open_run.err, "warning: state store unavailable")) << open_run.err;
    EXPECT_TRUE(contains(open_run.err, where)) << open_run.err;
    EXPECT_LT(open_run.wall_ms, 10'000);
    for (const auto& args :
         {std::vector<std::string>{"--from-ledger"},
          std::vector<std::string>{"--reserve", "10", "--limit", "session_tokens", "--session",
                                   "budget", "--session-tokens", "250"}}) {
        auto check = rig.budget_check(url, args);
        EXPECT_EQ(check.exit_code, 1) << check.err;
        EXPECT_EQ(check.doc["status"], "error") << check.out;
        EXPECT_TRUE(contains(check.err, "budget-check: error: ")) << check.err;
        EXPECT_TRUE(contains(check.err, where)) << check.err;
        EXPECT_LT(check.wall_ms, 10'000);
    }

    ASSERT_TRUE(redis.restart()) << redis.error();
    // After: every acknowledged row and the reservation are there; budget-check reads them.
    EXPECT_EQ(ledger_rows(url, "before-0"), 2);
    EXPECT_EQ(ledger_rows(url, "before-1"), 2);
    EXPECT_EQ(ledger_rows(url, "before-2"), 1);
    EXPECT_EQ(tokens_held(url, "budget"), 100);
    auto report = rig.budget_check(url, {"--from-ledger"});
    ASSERT_EQ(report.exit_code, 0) << report.err;
    EXPECT_EQ(report.doc["data"]["sources"][0]["records"], 5) << report.out;
    // The circuit opened before the kill is honoured by a new run, whose rows are written.
    auto after = rig.run_request(url, "after", &status);
    ASSERT_EQ(after.exit_code, 0) << after.err;
    EXPECT_EQ(attempt_classes(status), (std::vector<std::string>{"ok"})) << after.err;
    EXPECT_TRUE(contains(after.err, "circuit open")) << after.err;
    EXPECT_FALSE(contains(after.err, "warning")) << after.err;
    EXPECT_EQ(ledger_rows(url, "after"), 1);
    auto second = rig.reserve(url, "budget", 100);
    EXPECT_EQ(second.exit_code, 0) << second.err;
    EXPECT_EQ(tokens_held(url, "budget"), 200);
}

}  // namespace
}  // namespace state_it
