// Proxy mode (--via proxy|auto): the real run-with-failover starting the real failover-proxy as
// a sidecar in front of provider-sim, with the drill's small Chat Completions agent.

#include <signal.h>
#include <sys/wait.h>

#include "harness.hpp"
#include "support/child_process.hpp"
#include "support/sim_process.hpp"

namespace rwf_it {
namespace {

// The agent: records its environment, optionally sleeps, then makes one chat request to
// $OPENAI_BASE_URL (scripts/drill/agent.sh).
std::vector<std::string> agent_command(const std::string& sleep_seconds = "0") {
    return {"--agent",
            "generic",
            "--",
            "/bin/sh",
            "-c",
            "echo $$ > agent.pid; env > agent-env.txt; sleep " + sleep_seconds +
                "; exec " DRILL_AGENT " 'Say hi'"};
}

const char* k_fleet =
    "version: 1\nproviders:\n"
    "  primary: {rules: [{fault: rate_limited, retry_after: 60s}]}\n"
    "  secondary: {reply: \"Hello from secondary.\"}\n";

struct ProxyMode : ::testing::Test {
    Scratch scratch;
    lifeline::testing::YamlSim sim{k_fleet, {}, lifeline::testing::YamlSim::Mode::fleet};

    void SetUp() override {
        ASSERT_TRUE(sim.ready());
        scratch.write_config(sim.url_of("primary") + "/v1", sim.url_of("secondary") + "/v1",
                             "  solo: [m2]\n");
        scratch.set_env("LIFELINE_PROXY_BIN", PROXY_BINARY);
        fs::create_directories(scratch.path("tmp"));
        scratch.set_env("TMPDIR", scratch.path("tmp").string());
    }
};

TEST_F(ProxyMode, AutoRunsALaneOfTwoInOneAttemptThroughTheProxy) {
    std::vector<std::string> args = {"--lane", "code", "--via", "auto"};
    for (const auto& arg : agent_command())
        args.push_back(arg);
    RunResult result = scratch.run(args);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("Hello from secondary."), std::string::npos) << result.out;
    EXPECT_EQ(result.status["data"]["via"], "proxy");
    ASSERT_EQ(result.attempts().size(), 1u) << result.status.dump(2);
    const auto& proxy = result.attempts()[0]["proxy"];
    EXPECT_EQ(proxy["requests"], 1);
    EXPECT_EQ(proxy["failed_over"], 1);
    EXPECT_NE(result.err.find("via failover-proxy (auto: lane code has 2 candidates)"),
              std::string::npos)
        << result.err;
    // The agent saw the per-run token, never a provider key.
    const std::string env = read_file(scratch.path("agent-env.txt"));
    EXPECT_EQ(env.find("sk-sim-"), std::string::npos);
    EXPECT_EQ(env.find("PRIMARY_KEY="), std::string::npos);
    EXPECT_NE(env.find("OPENAI_API_KEY=llp-"), std::string::npos);
    // The sidecar's directory (its log and access log) is gone.
    EXPECT_TRUE(fs::is_empty(scratch.path("tmp")));
}

TEST_F(ProxyMode, AutoStaysDirectForOneCandidateTheAgentSpeaks) {
    std::vector<std::string> args = {"--lane", "solo", "--via", "auto"};
    for (const auto& arg : agent_command())
        args.push_back(arg);
    RunResult result = scratch.run(args);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.status["data"]["via"], "direct");
    EXPECT_NE(result.err.find("direct (auto: one candidate the agent speaks natively)"),
              std::string::npos)
        << result.err;
}

TEST_F(ProxyMode, ProxyModeNeedsALane) {
    std::vector<std::string> args = {"--chain", "m1,m2", "--via", "proxy"};
    for (const auto& arg : agent_command())
        args.push_back(arg);
    RunResult result = scratch.run(args);
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("--via proxy serves a lane"), std::string::npos) << result.err;
}

// A sidecar that exits before it is ready (here a stand-in that fails at once) closes its ready
// pipe. The agent, started at once beside it, cannot get an answer: it is stopped (or never
// started, when the failure came first), and the run says why, with the end of the proxy's log.
struct FailingSidecar : ProxyMode {
    void SetUp() override {
        ProxyMode::SetUp();
        const fs::path fake = scratch.path("fake-proxy.sh");
        write_file(fake,
                   "#!/bin/sh\necho 'failover-proxy: error: lanes are closed today' "
                   ">&2\nexit 2\n");
        fs::permissions(fake, fs::perms::owner_all);
        scratch.set_env("LIFELINE_PROXY_BIN", fake.string());
    }
};

TEST_F(FailingSidecar, ViaProxyFailsTheRunWithItsLogAndStopsTheAgent) {
    std::vector<std::string> args = {"--lane", "code", "--via", "proxy"};
    // The agent would sleep for ten minutes before its request: only the stop ends it sooner.
    for (const auto& arg : agent_command("600"))
        args.push_back(arg);
    RunResult result = scratch.run(args);
    EXPECT_EQ(result.exit_code, 1) << result.err;
    EXPECT_NE(result.err.find("exited before it was ready"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("lanes are closed today"), std::string::npos) << result.err;
    ASSERT_EQ(result.attempts().size(), 1u) << result.status.dump(2);
    const auto& attempt = result.attempts()[0];
    EXPECT_EQ(attempt["next"], "stop");
    if (fs::exists(scratch.path("agent.pid"))) {
        // It had started: our SIGTERM ended it.
        EXPECT_EQ(attempt["exit_code"], 128 + SIGTERM) << attempt.dump(2);
    }
    EXPECT_EQ(result.out.find("Hello"), std::string::npos) << result.out;
}

TEST_F(FailingSidecar, AutoRunsTheStepDirectInstead) {
    std::vector<std::string> args = {"--lane", "code", "--via", "auto", "--max-retries-per-request",
                                     "0"};
    for (const auto& arg : agent_command())
        args.push_back(arg);
    RunResult result = scratch.run(args);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.err.find("exited before it was ready"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("; running direct"), std::string::npos) << result.err;
    EXPECT_EQ(result.status["data"]["via"], "direct");
    // Direct: the step restarted on the second candidate after the first one's 429.
    ASSERT_EQ(result.attempts().size(), 2u) << result.status.dump(2);
    EXPECT_NE(result.out.find("Hello from secondary."), std::string::npos) << result.out;
}

// No orphan: run-with-failover killed outright (no chance to stop its sidecar) still leaves no
// failover-proxy running: the sidecar notices its parent is gone and drains.
TEST_F(ProxyMode, TheSidecarDoesNotOutliveAKilledRun) {
    lifeline::testing::ChildSpec spec;
    spec.argv = {RWF_BINARY, "--config", scratch.path("lifeline.yaml").string(),
                 "--state",  "memory:",  "--lane",
                 "code",     "--via",    "proxy"};
    for (const auto& arg : agent_command("30"))
        spec.argv.push_back(arg);
    spec.cwd = scratch.dir().string();
    spec.env =
        std::map<std::string, std::string>{{"PATH", "/usr/bin:/bin"},
                                           {"HOME", scratch.dir().string()},
                                           {"PRIMARY_KEY", "sk-sim-primary-0123456789abcdef"},
                                           {"SECONDARY_KEY", "sk-sim-secondary-0123456789abcd"},
                                           {"LIFELINE_PROXY_BIN", PROXY_BINARY},
                                           {"TMPDIR", scratch.path("tmp").string()}};
    spec.stdout_path = scratch.path("killed.out").string();
    spec.stderr_path = scratch.path("killed.err").string();
    const pid_t pid = lifeline::testing::spawn_child(spec);
    ASSERT_GT(pid, 0);
    // Wait until the agent runs (it writes agent-env.txt once the sidecar is up).
    ASSERT_TRUE(wait_for_file(scratch.path("agent-env.txt"), 15))
        << read_file(scratch.path("killed.err"));
    auto sidecars = [&] {
        int count = 0;
        for (const auto& entry : fs::directory_iterator("/proc")) {
            const std::string cmdline = read_file(entry.path() / "cmdline");
            if (cmdline.find("failover-proxy") != std::string::npos &&
                cmdline.find(scratch.path("tmp").string()) != std::string::npos)
                ++count;
        }
        return count;
    };
    EXPECT_EQ(sidecars(), 1);
    kill(pid, SIGKILL);
    lifeline::testing::wait_child(pid, std::chrono::seconds(5));
    int left = 1;
    for (int i = 0; i < 100 && left > 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        left = sidecars();
    }
    EXPECT_EQ(left, 0) << "the failover-proxy sidecar outlived its killed parent";
    // The agent's tree is ended by the subreaper (test_killed_run.cpp checks that); in case it
    // was not, nothing is left behind here either.
    const pid_t agent = static_cast<pid_t>(std::atoi(read_file(scratch.path("agent.pid")).c_str()));
    if (agent > 1)
        kill(-agent, SIGKILL);
}

}  // namespace
}  // namespace rwf_it
