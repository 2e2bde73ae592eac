// The binary's contract: ready file, fleet, signals, exit codes, loopback-only.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>

#include "sim_process.hpp"

namespace provider_sim_it {
namespace {

using nlohmann::json;

TEST(Process, ReadyFileIsCompleteTheMomentItExistsAndThePortAnswers) {
    // Started several times in a row: the ready file is written atomically after bind, so the
    // first read sees a whole line and the port already accepts connections.
    for (int i = 0; i < 5; ++i) {
        SimProcess sim({"--listen", "127.0.0.1:0", "--quiet"});
        ASSERT_TRUE(sim.ready());
        ASSERT_EQ(sim.ready_lines().size(), 1u);
        EXPECT_EQ(sim.host(), "127.0.0.1");
        EXPECT_GT(sim.port(), 0);
        auto health = sim.client().Get("/_sim/health");
        ASSERT_TRUE(health);
        EXPECT_EQ(health->status, 200);
    }
}

TEST(Process, SigtermAndSigintStopCleanlyWithExitZero) {
    SimProcess term({"--listen", "127.0.0.1:0"});
    ASSERT_TRUE(term.ready());
    EXPECT_EQ(term.stop(SIGTERM), 0);
    SimProcess interrupt({"--listen", "127.0.0.1:0"});
    ASSERT_TRUE(interrupt.ready());
    EXPECT_EQ(interrupt.stop(SIGINT), 0);
}

TEST(Process, StopWakesAHangingRequest) {
    TempDir dir;
    const std::string scenario = dir.write("hang.yaml", "rules: [{fault: hang}]\n");
    SimProcess sim({"--listen", "127.0.0.1:0", "--scenario", scenario});
    ASSERT_TRUE(sim.ready());
    int status = 0;
    std::thread caller([&] {
        auto client = sim.client();
        auto answer = client.Post("/v1/chat/completions", {{"Authorization", "Bearer k"}}, "{}",
                                  "application/json");
        status = answer ? answer->status : -1;
    });
    // The request log's line is written once the request is planned as a hang, before it waits.
    EXPECT_TRUE(sim.logged("POST /v1/chat/completions -> hang", std::chrono::seconds(10)))
        << sim.stderr_text();
    EXPECT_EQ(sim.stop(SIGTERM), 0);  // bounded by wait_exit's 10s, not the 10-minute hang
    caller.join();
    EXPECT_EQ(status, 504);  // the woken hang's answer
}

TEST(Process, FleetServesEachInstanceOnItsOwnPort) {
    SimProcess sim({"--listen", "127.0.0.1:0", "--fleet",
                    std::string(PROVIDER_SIM_SCENARIOS) + "/drill-fleet.yaml"});
    ASSERT_TRUE(sim.ready()) << sim.stderr_text();
    ASSERT_EQ(sim.ready_lines().size(), 4u);
    EXPECT_EQ(sim.ready_lines()[0].rfind("primary 127.0.0.1:", 0), 0u);
    EXPECT_EQ(sim.ready_lines()[2].rfind("tertiary 127.0.0.1:", 0), 0u);
    const char* chat = R"({"model":"gpt-5.5","messages":[]})";
    auto primary =
        sim.client(0).Post("/v1/chat/completions", {{"Authorization", "Bearer sk-sim-primary"}},
                           chat, "application/json");
    ASSERT_TRUE(primary);
    EXPECT_EQ(primary->status, 429);
    EXPECT_EQ(primary->get_header_value("retry-after"), "30");
    auto tertiary = sim.client(2).Post("/v1/chat/completions", {{"Authorization", "Bearer any"}},
                                       chat, "application/json");
    ASSERT_TRUE(tertiary);
    EXPECT_EQ(tertiary->status, 403);
    auto healthy = sim.client(3).Post("/v1/chat/completions", {{"Authorization", "Bearer any"}},
                                      chat, "application/json");
    ASSERT_TRUE(healthy);
    EXPECT_EQ(healthy->status, 200);
    auto stats = sim.client(1).Get("/_sim/stats");
    ASSERT_TRUE(stats);
    json body = json::parse(stats->body);
    EXPECT_EQ(body["instance"], "secondary");
    EXPECT_EQ(body["instances"]["primary"]["requests"], 1);
    EXPECT_EQ(body["instances"]["healthy"]["by_path"]["/v1/chat/completions"], 1);
    EXPECT_EQ(body["instances"].size(), 4u);
}

TEST(Process, BadScenarioExitsTwoWithFileAndLine) {
    TempDir dir;
    const std::string scenario = dir.write(
        "bad.yaml", "version: 1\nrules:\n  - match: {requests: 1-3}\n    fault: rate_limted\n");
    SimProcess sim({"--listen", "127.0.0.1:0", "--scenario", scenario}, false);
    EXPECT_EQ(sim.wait_exit(), 2);
    EXPECT_NE(sim.stderr_text().find(scenario + ":4:"), std::string::npos) << sim.stderr_text();
    EXPECT_NE(sim.stderr_text().find("rate_limited"), std::string::npos);
}

TEST(Process, MissingScenarioFileAndRemoteListenAreUsageErrors) {
    SimProcess missing({"--listen", "127.0.0.1:0", "--scenario", "/nonexistent/x.yaml"}, false);
    EXPECT_EQ(missing.wait_exit(), 2);
    SimProcess remote({"--listen", "0.0.0.0:0"}, false);
    EXPECT_EQ(remote.wait_exit(), 2);
    EXPECT_NE(remote.stderr_text().find("--allow-remote"), std::string::npos);
}

}  // namespace
}  // namespace provider_sim_it
