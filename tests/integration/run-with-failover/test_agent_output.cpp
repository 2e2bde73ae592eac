// Agents whose output misbehaves: one that closes its stdout early and keeps running, and one
// that writes a gigabyte. run-with-failover neither hangs nor dies of SIGPIPE, keeps its memory
// bounded (only a tail of the output is kept for the classifiers), and classifies the attempt
// from the exit status and the output it did read.

#include <chrono>

#include <sys/resource.h>
#include <sys/wait.h>

#include "harness.hpp"
#include "support/child_process.hpp"

namespace rwf_it {
namespace {

const char* k_quota_error =
    "openai.RateLimitError: Error code: 429 - {'error': {'message': 'You exceeded your current "
    "quota, please check your plan and billing details.', 'type': 'insufficient_quota', 'code': "
    "'insufficient_quota'}}";

// A generic agent: `on_m1` as m1 (the first candidate), a plain success as m2.
std::vector<std::string> agent(const std::string& on_m1) {
    return {"--agent", "generic",
            "--",      "/bin/sh",
            "-c",      "if [ \"$OPENAI_MODEL\" = m1 ]; then " + on_m1 + "; fi; echo done"};
}

TEST(AgentOutput, AnAgentThatClosesStdoutEarlyIsClassifiedFromWhatItPrintedAndItsExit) {
    Scratch scratch;
    scratch.write_config("http://127.0.0.1:9/v1", "http://127.0.0.1:9/v2");
    // The error goes out on stdout, stdout is closed, and the agent goes on for a second.
    std::vector<std::string> args = {"--lane", "code"};
    for (const auto& arg : agent(std::string("echo \"") + k_quota_error +
                                 "\"; exec 1>&-; sleep 1; echo 'still here' >&2; exit 1"))
        args.push_back(arg);
    const auto started = std::chrono::steady_clock::now();

    RunResult result = scratch.run(args);

    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.classes(), (std::vector<std::string>{"quota_exhausted", "ok"}))
        << result.status.dump(2);
    EXPECT_NE(result.err.find("still here"), std::string::npos) << result.err;
    EXPECT_NE(result.out.find("done"), std::string::npos);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(30));
}

TEST(AgentOutput, AnAgentThatClosesBothStreamsAndExitsLaterKeepsItsExitCode) {
    Scratch scratch;
    scratch.write_config("http://127.0.0.1:9/v1", "http://127.0.0.1:9/v2");
    std::vector<std::string> args = {"--lane", "code"};
    for (const auto& arg : agent("echo 'FAILED tests/test_api.py::test_login'; exec 1>&- 2>&-; "
                                 "sleep 1; exit 3"))
        args.push_back(arg);
    const auto started = std::chrono::steady_clock::now();

    RunResult result = scratch.run(args);

    // Not a provider failure: one attempt, the agent's own code, and no SIGPIPE (141).
    EXPECT_EQ(result.exit_code, 3) << result.err;
    EXPECT_EQ(result.classes(), std::vector<std::string>{"task_failed"}) << result.status.dump(2);
    EXPECT_NE(result.out.find("FAILED tests/test_api.py"), std::string::npos);
    // Ended by the agent's exit a second later, not by EOF or a timeout.
    EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(900));
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(30));
}

TEST(AgentOutput, AGigabyteOfOutputKeepsMemoryBoundedAndTheAttemptClassified) {
    Scratch scratch;
    scratch.write_config("http://127.0.0.1:9/v1", "http://127.0.0.1:9/v2");
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
                 "--lane",
                 "code"};
    // 1 GiB of zeros (no newline at all), then the provider's error on stderr.
    for (const auto& arg : agent(std::string("head -c 1073741824 /dev/zero; echo \"") +
                                 k_quota_error + "\" >&2; exit 1"))
        spec.argv.push_back(arg);
    spec.cwd = scratch.dir().string();
    spec.env = std::map<std::string, std::string>{{"PATH", "/usr/bin:/bin"},
                                                  {"HOME", scratch.dir().string()},
                                                  {"PRIMARY_KEY", "sk-sim-primary-0123456789ab"},
                                                  {"SECONDARY_KEY", "sk-sim-secondary-012345678"}};
    spec.stdout_path = "/dev/null";
    spec.stderr_path = scratch.path("run.err").string();
    const auto started = std::chrono::steady_clock::now();
    const pid_t run = lifeline::testing::spawn_child(spec);
    ASSERT_GT(run, 0);

    // wait4 gives the run's peak resident size (its own, or a child's if larger).
    int status = 0;
    rusage usage{};
    pid_t done = 0;
    while ((done = wait4(run, &status, WNOHANG, &usage)) == 0 &&
           std::chrono::steady_clock::now() - started < std::chrono::seconds(100))
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (done == 0) {
        kill(run, SIGKILL);
        wait4(run, &status, 0, &usage);
        FAIL() << "run-with-failover did not finish 1 GiB of output within 100 s";
    }
    const auto elapsed = std::chrono::steady_clock::now() - started;

    ASSERT_TRUE(WIFEXITED(status)) << "ended by signal " << WTERMSIG(status);
    EXPECT_EQ(WEXITSTATUS(status), 0) << read_file(scratch.path("run.err"));
    const long peak_mib = usage.ru_maxrss / 1024;  // ru_maxrss is in KiB
    EXPECT_LT(peak_mib, 128) << "peak RSS " << peak_mib << " MiB for 1 GiB of output";
    const auto status_doc =
        nlohmann::json::parse(read_file(scratch.path("status.json")), nullptr, false);
    std::vector<std::string> classes;
    for (const auto& attempt : status_doc["data"]["attempts"])
        classes.push_back(attempt["class"].is_null() ? "ok" : attempt["class"].get<std::string>());
    EXPECT_EQ(classes, (std::vector<std::string>{"quota_exhausted", "ok"}));
    std::cout << "[ measure  ] 1 GiB through run-with-failover in "
              << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()
              << " ms, peak RSS " << peak_mib << " MiB\n";
}

}  // namespace
}  // namespace rwf_it
