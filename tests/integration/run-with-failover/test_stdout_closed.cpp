// run-with-failover's own stdout closed by its reader (`run-with-failover ... -- agent | head -c
// 1`): the next write fails with EPIPE. It must not die of SIGPIPE halfway, leaving the agent
// running with nobody to read it and no status file: it ends the agent's process group, writes its
// status file and step outputs, and exits 141 (128 + SIGPIPE), what a shell reports for a writer
// whose reader went away.

#include <cerrno>
#include <chrono>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>

#include "harness.hpp"
#include "support/child_process.hpp"
#include "support/sim_process.hpp"

namespace rwf_it {
namespace {

struct StdoutClosed : ::testing::Test {
    Scratch scratch;
    int read_end = -1;
    pid_t run = -1;

    void TearDown() override {
        if (read_end >= 0)
            close(read_end);
        if (run > 0)
            lifeline::testing::wait_child(run, std::chrono::seconds(1));
    }

    // Starts run-with-failover with `args`, its stdout the write end of a pipe we read.
    void start(const std::vector<std::string>& args) {
        int ends[2];
        ASSERT_EQ(pipe2(ends, O_CLOEXEC), 0);
        read_end = ends[0];
        lifeline::testing::ChildSpec spec;
        spec.argv = {RWF_BINARY,
                     "--config",
                     scratch.path("lifeline.yaml").string(),
                     "--state",
                     "memory:",
                     "--status-file",
                     scratch.path("status.json").string(),
                     "--via",
                     "direct",
                     "--kill-grace",
                     "3s"};
        spec.argv.insert(spec.argv.end(), args.begin(), args.end());
        spec.cwd = scratch.dir().string();
        spec.env = std::map<std::string, std::string>{
            {"PATH", "/usr/bin:/bin"},
            {"HOME", scratch.dir().string()},
            {"PRIMARY_KEY", "sk-sim-primary-0123456789abcdef"},
            {"SECONDARY_KEY", "sk-sim-secondary-0123456789abcd"},
            {"GITHUB_ACTIONS", "true"},
            {"GITHUB_OUTPUT", scratch.path("github-output").string()}};
        spec.stdout_fd = ends[1];
        spec.stderr_path = scratch.path("run.err").string();
        run = lifeline::testing::spawn_child(spec);
        close(ends[1]);
        ASSERT_GT(run, 0);
    }

    // Reads one byte, like `head -c 1`, and goes away.
    void read_one_byte_and_close() {
        char byte = 0;
        ssize_t got = 0;
        while ((got = read(read_end, &byte, 1)) < 0 && errno == EINTR) {
        }
        EXPECT_EQ(got, 1) << "run-with-failover wrote nothing before its reader left";
        close(read_end);
        read_end = -1;
    }

    // The run's wait status, never outlasting 60 s (the agent would run forever).
    int wait_status() {
        int status = 0;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (waitpid(run, &status, WNOHANG) == 0) {
            if (std::chrono::steady_clock::now() > deadline) {
                kill(run, SIGKILL);
                waitpid(run, &status, 0);
                ADD_FAILURE() << "run-with-failover did not end after its stdout was closed";
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        run = -1;
        return status;
    }
};

bool alive(pid_t pid) {
    const std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
    const size_t paren = stat.rfind(')');
    return paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] != 'Z';
}

TEST_F(StdoutClosed, CommandModeEndsTheAgentsGroupWritesItsStatusAndExits141) {
    scratch.write_config("http://127.0.0.1:9/v1", "http://127.0.0.1:9/v2");
    // An agent that prints forever, with a grandchild in its group that prints too.
    start({"--lane", "code", "--agent", "generic", "--", "/bin/sh", "-c",
           "echo $$ > agent.pid; "
           "sh -c 'echo $$ > grandchild.pid; while :; do echo grandchild; sleep 0.05; done' & "
           "while :; do echo tick; sleep 0.05; done"});
    ASSERT_TRUE(wait_for_file(scratch.path("grandchild.pid")));
    read_one_byte_and_close();

    const int status = wait_status();

    ASSERT_TRUE(WIFEXITED(status)) << "ended by signal " << WTERMSIG(status) << "\n"
                                   << read_file(scratch.path("run.err"));
    EXPECT_EQ(WEXITSTATUS(status), 141) << read_file(scratch.path("run.err"));
    const pid_t agent = std::stoi(read_file(scratch.path("agent.pid")));
    const pid_t grandchild = std::stoi(read_file(scratch.path("grandchild.pid")));
    EXPECT_FALSE(alive(agent)) << "the agent outlived run-with-failover";
    EXPECT_FALSE(alive(grandchild)) << "the agent's grandchild outlived run-with-failover";
    const auto document =
        nlohmann::json::parse(read_file(scratch.path("status.json")), nullptr, false);
    ASSERT_TRUE(document.is_object()) << "no status file";
    EXPECT_EQ(document["exit_code"], 141) << document.dump(2);
    EXPECT_EQ(document["data"]["outcome"]["signal"], SIGPIPE) << document.dump(2);
    ASSERT_EQ(document["data"]["attempts"].size(), 1u) << "no attempt after the reader left";
    EXPECT_EQ(document["data"]["attempts"][0]["next"], "stop");
    const std::string err = read_file(scratch.path("run.err"));
    EXPECT_NE(err.find("stdout was closed by its reader"), std::string::npos) << err;
    const std::string outputs = read_file(scratch.path("github-output"));
    EXPECT_NE(outputs.find("exit-code=141"), std::string::npos) << outputs;
}

TEST_F(StdoutClosed, RequestModeStopsTheStreamWritesItsStatusAndExits141) {
    // A stream that drips for seconds: the reader leaves after its first byte.
    lifeline::testing::YamlSim sim{
        "version: 1\nproviders:\n  primary: {reply: \"one two three four five six seven eight "
        "nine ten eleven twelve thirteen fourteen fifteen sixteen\", rules: [{fault: slow_drip, "
        "drip_interval: 200ms}]}\n  secondary: {}\n",
        {},
        lifeline::testing::YamlSim::Mode::fleet};
    ASSERT_TRUE(sim.ready());
    scratch.write_config(sim.url_of("primary") + "/v1", sim.url_of("secondary") + "/v1");
    write_file(
        scratch.path("request.json"),
        R"({"model": "m1", "stream": true, "messages": [{"role": "user", "content": "hi"}]})");
    start({"--lane", "code", "--request", scratch.path("request.json").string(), "--api", "chat"});
    read_one_byte_and_close();

    const int status = wait_status();

    ASSERT_TRUE(WIFEXITED(status)) << "ended by signal " << WTERMSIG(status) << "\n"
                                   << read_file(scratch.path("run.err"));
    EXPECT_EQ(WEXITSTATUS(status), 141) << read_file(scratch.path("run.err"));
    const auto document =
        nlohmann::json::parse(read_file(scratch.path("status.json")), nullptr, false);
    ASSERT_TRUE(document.is_object()) << "no status file";
    EXPECT_EQ(document["exit_code"], 141) << document.dump(2);
    ASSERT_EQ(document["data"]["attempts"].size(), 1u) << document.dump(2);
    EXPECT_EQ(document["data"]["attempts"][0]["next"], "stop");
}

}  // namespace
}  // namespace rwf_it
