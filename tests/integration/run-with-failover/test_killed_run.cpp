// run-with-failover killed with SIGKILL mid-attempt (an OOM kill, a runner that gives up): the
// agent's whole tree goes with it — a grandchild that ignores SIGTERM, one that moved to a
// session of its own with setsid, their sleeping children — and so does the failover-proxy
// sidecar. Checked by pid and by scanning /proc for every process that carries the run's
// marker variable.

#include <signal.h>
#include <sys/wait.h>

#include "harness.hpp"
#include "support/child_process.hpp"
#include "support/sim_process.hpp"

namespace rwf_it {
namespace {

constexpr const char* k_marker = "RWF_IT_TREE";

// Writes its own pid, starts the two stubborn grandchildren, waits for their pid files, then
// announces itself in agent-env.txt and sleeps.
std::vector<std::string> tree_agent() {
    return {"--agent",
            "generic",
            "--",
            "/bin/sh",
            "-c",
            "echo $$ > agent.pid; "
            "sh -c 'trap \"\" TERM; echo $$ > \"$0\"; while :; do sleep 1; done' ignorer.pid & "
            "setsid sh -c 'echo $$ > \"$0\"; while :; do sleep 1; done' setsid.pid & "
            "while [ ! -s ignorer.pid ] || [ ! -s setsid.pid ]; do sleep 0.05; done; "
            "env > agent-env.txt; sleep 30"};
}

// Live (not zombie) processes whose command line or environment holds `needle`.
std::vector<pid_t> processes_holding(const std::string& needle, const std::string& file) {
    std::vector<pid_t> found;
    for (const auto& entry : fs::directory_iterator("/proc")) {
        const std::string name = entry.path().filename();
        if (name.find_first_not_of("0123456789") != std::string::npos)
            continue;
        const pid_t pid = std::stoi(name);
        if (pid == getpid() || read_file(entry.path() / file).find(needle) == std::string::npos)
            continue;
        const std::string stat = read_file(entry.path() / "stat");
        const size_t paren = stat.rfind(')');
        if (paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] != 'Z')
            found.push_back(pid);
    }
    return found;
}

struct KilledRun : ::testing::Test {
    Scratch scratch;
    lifeline::testing::YamlSim sim{"version: 1\nproviders:\n  primary: {}\n  secondary: {}\n",
                                   {},
                                   lifeline::testing::YamlSim::Mode::fleet};
    std::string marker;

    void SetUp() override {
        ASSERT_TRUE(sim.ready());
        scratch.write_config(sim.url_of("primary") + "/v1", sim.url_of("secondary") + "/v1");
        fs::create_directories(scratch.path("tmp"));
        marker = std::string(k_marker) + "=" + scratch.dir().string();
    }

    std::vector<pid_t> tree() const { return processes_holding(marker, "environ"); }
    std::vector<pid_t> sidecars() const {
        std::vector<pid_t> found;
        for (pid_t pid : processes_holding(scratch.path("tmp").string(), "cmdline")) {
            if (read_file("/proc/" + std::to_string(pid) + "/cmdline").find("failover-proxy") !=
                std::string::npos)
                found.push_back(pid);
        }
        return found;
    }

    // Starts the run, waits for the agent's tree, SIGKILLs run-with-failover and returns what
    // is still alive of the tree and the sidecars after up to 10 s (SIGKILLing it, so a failed
    // test leaves nothing behind).
    std::vector<pid_t> kill_run_and_collect_survivors(const std::string& via) {
        lifeline::testing::ChildSpec spec;
        spec.argv = {RWF_BINARY,     "--config", scratch.path("lifeline.yaml").string(),
                     "--state",      "memory:",  "--lane",
                     "code",         "--via",    via,
                     "--kill-grace", "500ms"};
        for (const auto& arg : tree_agent())
            spec.argv.push_back(arg);
        spec.cwd = scratch.dir().string();
        spec.env =
            std::map<std::string, std::string>{{"PATH", "/usr/bin:/bin"},
                                               {"HOME", scratch.dir().string()},
                                               {"PRIMARY_KEY", "sk-sim-primary-0123456789abcdef"},
                                               {"SECONDARY_KEY", "sk-sim-secondary-0123456789abcd"},
                                               {"LIFELINE_PROXY_BIN", PROXY_BINARY},
                                               {"TMPDIR", scratch.path("tmp").string()},
                                               {k_marker, scratch.dir().string()}};
        spec.stdout_path = scratch.path("run.out").string();
        spec.stderr_path = scratch.path("run.err").string();
        const pid_t run = lifeline::testing::spawn_child(spec);
        EXPECT_GT(run, 0);
        const bool started = wait_for_file(scratch.path("agent-env.txt"), 20);
        EXPECT_TRUE(started) << read_file(scratch.path("run.err"));
        if (started) {
            // The agent, its shell's children and both grandchildren (with their sleeps).
            EXPECT_GE(tree().size(), 4u);
            EXPECT_EQ(sidecars().size(), via == "proxy" ? 1u : 0u);
        }
        kill(run, SIGKILL);
        lifeline::testing::wait_child(run, std::chrono::seconds(5));

        std::vector<pid_t> left;
        for (int i = 0; i < 200; ++i) {
            left = tree();
            for (pid_t pid : sidecars())
                left.push_back(pid);
            if (left.empty())
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        for (pid_t pid : left)
            kill(pid, SIGKILL);
        return left;
    }

    std::vector<pid_t> recorded_pids() const {
        std::vector<pid_t> pids;
        for (const char* name : {"agent.pid", "ignorer.pid", "setsid.pid"}) {
            const std::string text = read_file(scratch.path(name));
            if (!text.empty())
                pids.push_back(std::stoi(text));
        }
        return pids;
    }
};

bool alive(pid_t pid) {
    const std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
    const size_t paren = stat.rfind(')');
    return paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] != 'Z';
}

TEST_F(KilledRun, TheAgentsWholeTreeDoesNotOutliveASigkilledRun) {
    const std::vector<pid_t> left = kill_run_and_collect_survivors("direct");
    EXPECT_EQ(left, std::vector<pid_t>{}) << "processes of the agent's tree outlived the run";
    const std::vector<pid_t> recorded = recorded_pids();
    EXPECT_EQ(recorded.size(), 3u);
    for (pid_t pid : recorded)
        EXPECT_FALSE(alive(pid)) << pid;
}

TEST_F(KilledRun, NeitherTheTreeNorTheProxySidecarOutliveASigkilledRun) {
    const std::vector<pid_t> left = kill_run_and_collect_survivors("proxy");
    EXPECT_EQ(left, std::vector<pid_t>{}) << "the agent's tree or the sidecar outlived the run";
    const std::vector<pid_t> recorded = recorded_pids();
    EXPECT_EQ(recorded.size(), 3u);
    for (pid_t pid : recorded)
        EXPECT_FALSE(alive(pid)) << pid;
}

}  // namespace
}  // namespace rwf_it
