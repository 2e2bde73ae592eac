// Process hygiene of the real binary: timeouts leave no process behind (not even a grandchild
// that ignores SIGTERM), and a SIGTERM to run-with-failover reaches the agent and ends the run
// with 143.

#include <fstream>
#include <future>

#include "harness.hpp"

namespace rwf_it {
namespace {

// Alive = exists and is not a zombie: a killed grandchild is re-parented to PID 1, which on
// some machines (containers without an init) reaps it late, and kill(pid, 0) still finds it.
bool process_alive(pid_t pid) {
    if (kill(pid, 0) != 0)
        return false;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line))
        return false;
    const size_t after_name = line.rfind(')');
    return after_name == std::string::npos || after_name + 2 >= line.size() ||
           line[after_name + 2] != 'Z';
}

TEST(ProcessHygiene, AGrandchildIgnoringSigtermIsGoneAfterATimeout) {
    Scratch scratch;
    scratch.write_config("http://127.0.0.1:9/v1", "http://127.0.0.1:9/v2");
    scratch.set_env("FAKE_PLAN", "m1=hang_grandchild");
    scratch.set_env("FAKE_PIDFILE", scratch.path("grandchild.pid").string());
    // 3s: long enough that the grandchild has started and written its pid on a loaded machine.
    RunResult result = scratch.run({"--chain", "m1", "--max-attempts", "1", "--attempt-timeout",
                                    "3s", "--kill-grace", "200ms", "--", "generic-agent"});
    EXPECT_EQ(result.classes(), std::vector<std::string>{"timeout"}) << result.err;
    EXPECT_EQ(result.exit_code, 75);
    ASSERT_TRUE(wait_for_file(scratch.path("grandchild.pid"), 1));
    const pid_t grandchild = std::stoi(read_file(scratch.path("grandchild.pid")));
    // The group was SIGKILLed before run() returned; allow the kernel a moment to reap.
    for (int i = 0; i < 50 && process_alive(grandchild); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_FALSE(process_alive(grandchild)) << "grandchild " << grandchild << " survived";
}

TEST(ProcessHygiene, IdleAgentIsEndedByTheIdleTimeout) {
    Scratch scratch;
    scratch.write_config("http://127.0.0.1:9/v1", "http://127.0.0.1:9/v2");
    scratch.set_env("FAKE_PLAN", "m1=hang m2=ok");
    RunResult result = scratch.run({"--lane", "code", "--idle-timeout", "500ms", "--kill-grace",
                                    "200ms", "--", "generic-agent"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    ASSERT_GE(result.attempts().size(), 2u);
    EXPECT_EQ(result.classes().front(), "timeout");
    EXPECT_EQ(result.classes().back(), "ok");
}

TEST(ProcessHygiene, SigtermIsForwardedToTheAgentAndTheRunEndsWith143) {
    Scratch scratch;
    scratch.write_config("http://127.0.0.1:9/v1", "http://127.0.0.1:9/v2");
    scratch.set_env("FAKE_PLAN", "m1=trap_term");
    scratch.set_env("FAKE_MARK", scratch.path("got-term").string());
    scratch.set_env("FAKE_READY", scratch.path("ready").string());
    auto run = std::async(std::launch::async, [&] {
        return scratch.run({"--chain", "m1", "--", "generic-agent"});
    });
    ASSERT_TRUE(wait_for_file(scratch.path("ready")));
    // Found by the unique status-file path in its argv. Its subreaper (a fork of it, with the
    // same argv) matches too: run-with-failover is the match whose parent is not a match.
    std::vector<std::pair<pid_t, pid_t>> matches;  // pid, parent
    for (const auto& entry : fs::directory_iterator("/proc")) {
        const std::string name = entry.path().filename();
        if (name.find_first_not_of("0123456789") != std::string::npos)
            continue;
        const std::string cmdline = read_file(entry.path() / "cmdline");
        if (cmdline.find(RWF_BINARY) != 0 ||
            cmdline.find(scratch.path("status.json").string()) == std::string::npos)
            continue;
        const std::string stat = read_file(entry.path() / "stat");
        const size_t paren = stat.rfind(')');
        if (paren != std::string::npos && paren + 4 < stat.size())
            matches.emplace_back(std::stoi(name), std::stoi(stat.substr(paren + 4)));
    }
    pid_t lifeline_pid = 0;
    for (const auto& [pid, parent] : matches) {
        if (std::none_of(matches.begin(), matches.end(),
                         [parent = parent](const auto& other) { return other.first == parent; }))
            lifeline_pid = pid;
    }
    ASSERT_NE(lifeline_pid, 0);
    ASSERT_EQ(kill(lifeline_pid, SIGTERM), 0);
    RunResult result = run.get();
    EXPECT_EQ(result.exit_code, 143) << result.err;
    EXPECT_EQ(read_file(scratch.path("got-term")), "got-term\n");
    EXPECT_EQ(result.status["data"]["outcome"]["signal"], SIGTERM);
    EXPECT_EQ(result.attempts().size(), 1u);
}

}  // namespace
}  // namespace rwf_it
