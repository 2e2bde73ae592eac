// Several pipelines racing on one SQLite file, through the real tools: budget-check
// reservations against one session budget and run-with-failover ledger rows and health, at
// once, for a bounded number of rounds. (MultiProcess/ProcessConcurrency in unit_state does
// the same through the library with 8 processes x 1,000 operations; this is the tools'
// default busy timeout and their own open, migrate and checkpoint on every run.)

#include <thread>

#include <gtest/gtest.h>

#include "store_rig.hpp"

namespace state_it {
namespace {

constexpr int k_workers = 3;
constexpr int k_rounds = 12;

struct RoundResult {
    lifeline::testing::ToolOutcome reserve;
    lifeline::testing::ToolOutcome run;
    std::string session;
    std::size_t attempts = 0;
};

TEST(SqliteRace, ToolsRacingOnOneFileNeverOverspendNorLoseARow) {
    StoreRig rig;
    ASSERT_TRUE(rig.ready());
    const std::string url = "sqlite://" + rig.dir() + "/state.db";

    std::vector<std::vector<RoundResult>> results(k_workers);
    std::vector<std::thread> workers;
    for (int worker = 0; worker < k_workers; ++worker) {
        workers.emplace_back([&, worker] {
            for (int round = 0; round < k_rounds; ++round) {
                RoundResult result;
                result.reserve = rig.reserve(url, "race", 10);
                result.session = "w" + std::to_string(worker) + "-" + std::to_string(round);
                nlohmann::json status;
                result.run = rig.run_request(url, result.session, &status);
                result.attempts = attempt_classes(status).size();
                results[worker].push_back(std::move(result));
            }
        });
    }
    for (auto& worker : workers)
        worker.join();

    // 36 reservations of 10 against 250: exactly 25 granted, the rest refused with exit 1;
    // no error, no "database is locked", every acknowledged row in the ledger.
    int granted = 0;
    for (const auto& rounds : results) {
        for (const RoundResult& round : rounds) {
            const auto& reserve = round.reserve;
            ASSERT_TRUE(reserve.doc.is_object()) << reserve.err;
            ASSERT_TRUE(reserve.doc["data"].contains("reservation")) << reserve.out << reserve.err;
            const bool ok = reserve.doc["data"]["reservation"]["granted"].get<bool>();
            granted += ok ? 1 : 0;
            EXPECT_EQ(reserve.exit_code, ok ? 0 : 1) << reserve.err;
            EXPECT_LE(reserve.doc["data"]["reservation"]["used"].get<double>(), 250);
            EXPECT_EQ(reserve.err.find("locked"), std::string::npos) << reserve.err;

            EXPECT_EQ(round.run.exit_code, 0) << round.run.err;
            EXPECT_EQ(round.run.err.find("warning"), std::string::npos) << round.run.err;
            ASSERT_GT(round.attempts, 0u) << round.run.err;
            EXPECT_EQ(ledger_rows(url, round.session), static_cast<int>(round.attempts))
                << round.session;
        }
    }
    EXPECT_EQ(granted, 25);
    EXPECT_EQ(tokens_held(url, "race"), 250);
    EXPECT_EQ(integrity_check(rig.dir() + "/state.db"), "ok");
}

}  // namespace
}  // namespace state_it
